"""CloudFront signed URLs of catalog objects (the catalog bucket is CloudFront's origin,
reached through origin access control; the distribution trusts one key group).

A canned policy, as CloudFront documents it: the policy
``{"Statement":[{"Resource":URL,"Condition":{"DateLessThan":{"AWS:EpochTime":EXPIRES}}}]}``
(no spaces) is signed with the key pair's RSA private key, SHA-1 with PKCS#1 v1.5, and the
signature goes into the URL base64-encoded with ``+``→``-``, ``=``→``_``, ``/``→``~``; the
URL carries ``Expires``, ``Signature`` and ``Key-Pair-Id``.

The private key (PEM) is read once per container from Secrets Manager.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from functools import cached_property
from typing import Any
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.errors import ServiceUnavailable


def canned_policy(url: str, expires: int) -> str:
    statement = {"Resource": url, "Condition": {"DateLessThan": {"AWS:EpochTime": expires}}}
    return json.dumps({"Statement": [statement]}, separators=(",", ":"))


def cloudfront_b64(data: bytes) -> str:
    """CloudFront's URL-safe base64 (``+``→``-``, ``=``→``_``, ``/``→``~``)."""
    return base64.b64encode(data).decode().replace("+", "-").replace("=", "_").replace("/", "~")


class CloudFrontUrlSigner:
    def __init__(
        self,
        domain_url: str,
        key_pair_id: str,
        private_key_pem: Callable[[], bytes],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.domain_url = domain_url.rstrip("/")
        self.key_pair_id = key_pair_id
        self._private_key_pem = private_key_pem
        self._clock = clock

    @cached_property
    def _key(self) -> Any:
        from cryptography.hazmat.primitives import serialization

        return serialization.load_pem_private_key(self._private_key_pem(), password=None)

    def signed_url(self, key: str, ttl_seconds: int) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        url = f"{self.domain_url}/{quote(key)}"
        expires = int(self._clock()) + ttl_seconds
        policy = canned_policy(url, expires).encode()
        signature = self._key.sign(policy, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 - CloudFront's canned policy is RSA-SHA1
        return (
            f"{url}?Expires={expires}&Signature={cloudfront_b64(signature)}"
            f"&Key-Pair-Id={self.key_pair_id}"
        )


def secret_pem(target: AwsTarget, secret_id: str) -> Callable[[], bytes]:
    """Reads the signing key's PEM from Secrets Manager (when first needed)."""

    def read() -> bytes:
        try:
            answer = client("secretsmanager", target.region, target.endpoint_url).get_secret_value(
                SecretId=secret_id
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the URL signing key could not be read") from exc
        return str(answer["SecretString"]).encode()

    return read
