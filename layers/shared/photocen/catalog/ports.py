"""What the catalog hands out by interface: short-lived signed URLs of catalog objects.

- ``CatalogUrlSigner``: ``adapters.cloudfront.CloudFrontUrlSigner`` on AWS (a CloudFront
  signed URL, canned policy, RSA-SHA1, the key group's key pair id); locally
  ``adapters.local.LocalUrlSigner`` makes the same URL shape (``Expires``, ``Signature``,
  ``Key-Pair-Id``) signed with HMAC-SHA256, which the local stack's CDN stand-in verifies.
"""

from __future__ import annotations

from typing import Protocol


class CatalogUrlSigner(Protocol):
    def signed_url(self, key: str, ttl_seconds: int) -> str:
        """A URL that serves the catalog object ``key`` for ``ttl_seconds`` from now."""
        ...
