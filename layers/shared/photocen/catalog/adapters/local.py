"""The local stand-in of CloudFront signed URLs: the same URL shape (``Expires``,
``Signature``, ``Key-Pair-Id``), signed with HMAC-SHA256 over the path and the expiry, and
verified by the local stack's CDN route (``devstack.cdn``). Expired, altered or unsigned →
``Forbidden`` (403), as CloudFront answers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from urllib.parse import quote

from photocen.platform.errors import Forbidden


class LocalUrlSigner:
    def __init__(
        self,
        base_url: str,
        secret: str,
        key_pair_id: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._secret = secret.encode()
        self.key_pair_id = key_pair_id
        self._clock = clock

    def signed_url(self, key: str, ttl_seconds: int) -> str:
        path = "/" + quote(key)
        expires = int(self._clock()) + ttl_seconds
        signature = self._sign(path, expires)
        return (
            f"{self.base_url}{path}?Expires={expires}&Signature={signature}"
            f"&Key-Pair-Id={self.key_pair_id}"
        )

    def verify(self, path: str, query: Mapping[str, str]) -> None:
        """Raise ``Forbidden`` unless ``query`` signs ``path`` and has not expired."""
        try:
            expires = int(query["Expires"])
            signature = query["Signature"]
            key_pair_id = query["Key-Pair-Id"]
        except (KeyError, ValueError) as exc:
            raise Forbidden("This URL is not signed.") from exc
        if key_pair_id != self.key_pair_id or not hmac.compare_digest(
            signature, self._sign(path, expires)
        ):
            raise Forbidden("This URL's signature is not valid.")
        if expires < self._clock():
            raise Forbidden("This URL has expired; ask for a new one.")

    def _sign(self, path: str, expires: int) -> str:
        digest = hmac.new(self._secret, f"{path}\n{expires}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
