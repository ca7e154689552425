"""Object storage (S3) behind a small port, for the catalog and delivery.

Domain code asks for bytes by (bucket, key); this adapter turns S3's answers into ``None``
for "no such object" and ``ServiceUnavailable`` for everything else (``raise … from``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError

from photocen.aws import client
from photocen.errors import ServiceUnavailable

_MISSING = {"NoSuchKey", "404", "NotFound"}


@dataclass(frozen=True)
class Stored:
    """An object too large to hand back inline: only its size was read."""

    size: int


class ObjectStore(Protocol):
    def get(self, bucket: str, key: str) -> bytes | None: ...
    def get_small(self, bucket: str, key: str, max_bytes: int) -> bytes | Stored | None: ...
    def put(
        self,
        bucket: str,
        key: str,
        data: bytes,
        content_type: str,
        *,
        cache_control: str | None = None,
        content_disposition: str | None = None,
    ) -> None: ...
    def presign_get(self, bucket: str, key: str, expires_in: int) -> str: ...


class S3ObjectStore:
    def __init__(self, region: str, endpoint_url: str | None = None) -> None:
        self.region = region
        self.endpoint_url = endpoint_url

    @property
    def _s3(self) -> Any:
        return client("s3", self.region, self.endpoint_url)

    def get(self, bucket: str, key: str) -> bytes | None:
        try:
            response = self._s3.get_object(Bucket=bucket, Key=key)
            return bytes(response["Body"].read())
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return None
            raise ServiceUnavailable("the image store did not answer") from exc
        except BotoCoreError as exc:
            raise ServiceUnavailable("the image store did not answer") from exc

    def get_small(self, bucket: str, key: str, max_bytes: int) -> bytes | Stored | None:
        """The object's bytes if it has at most ``max_bytes``, else only its size (the body
        stream is closed unread), or ``None`` when there is no such object. One request."""
        try:
            response = self._s3.get_object(Bucket=bucket, Key=key)
            size = int(response["ContentLength"])
            if size > max_bytes:
                response["Body"].close()
                return Stored(size)
            return bytes(response["Body"].read())
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return None
            raise ServiceUnavailable("the image store did not answer") from exc
        except BotoCoreError as exc:
            raise ServiceUnavailable("the image store did not answer") from exc

    def put(
        self,
        bucket: str,
        key: str,
        data: bytes,
        content_type: str,
        *,
        cache_control: str | None = None,
        content_disposition: str | None = None,
    ) -> None:
        extra: dict[str, str] = {}
        if cache_control:
            extra["CacheControl"] = cache_control
        if content_disposition:
            extra["ContentDisposition"] = content_disposition
        try:
            self._s3.put_object(
                Bucket=bucket, Key=key, Body=data, ContentType=content_type, **extra
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the image store did not accept the image") from exc

    def presign_get(self, bucket: str, key: str, expires_in: int) -> str:
        try:
            return str(
                self._s3.generate_presigned_url(
                    "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_in
                )
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("could not sign the image URL") from exc


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
