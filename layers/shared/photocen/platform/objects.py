"""Object storage (S3) behind a small port: the one S3 adapter of the shared package
(catalog, delivery, and generation's image cache and inference files).

Domain code asks for bytes by (bucket, key); this adapter turns S3's answers into ``None``
for "no such object" and ``ServiceUnavailable`` for everything else (``raise … from``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.errors import ServiceUnavailable

_MISSING = {"NoSuchKey", "404", "NotFound"}
_S3_METADATA_LIMIT = 1800  # S3 user metadata is at most 2 KB in all


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
        metadata: dict[str, str] | None = None,
    ) -> None: ...
    def delete_many(self, bucket: str, keys: list[str]) -> None: ...
    def list_keys(self, bucket: str, prefix: str) -> list[str]: ...
    def purge_prefix(self, bucket: str, prefix: str) -> int: ...
    def presign_get(self, bucket: str, key: str, expires_in: int) -> str: ...


class S3ObjectStore:
    """The one S3 adapter: built from an ``AwsTarget``, like every DynamoDB store."""

    def __init__(self, target: AwsTarget) -> None:
        self.region = target.region
        self.endpoint_url = target.endpoint_url

    @property
    def _s3(self) -> Any:
        return client("s3", self.region, self.endpoint_url)

    def get(self, bucket: str, key: str) -> bytes | None:
        """The object's bytes, or ``None`` when there is no such object."""
        found = self.get_small(bucket, key, max_bytes=sys.maxsize)
        assert not isinstance(found, Stored)  # nothing is larger than sys.maxsize
        return found

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
        metadata: dict[str, str] | None = None,
    ) -> None:
        extra: dict[str, Any] = {}
        if cache_control:
            extra["CacheControl"] = cache_control
        if content_disposition:
            extra["ContentDisposition"] = content_disposition
        if metadata:
            extra["Metadata"] = _ascii_metadata(metadata)
        try:
            self._s3.put_object(
                Bucket=bucket, Key=key, Body=data, ContentType=content_type, **extra
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the image store did not accept the image") from exc

    def delete_many(self, bucket: str, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # DeleteObjects takes 1,000 keys at most
            batch = keys[start : start + 1000]
            try:
                self._s3.delete_objects(
                    Bucket=bucket,
                    Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True},
                )
            except (ClientError, BotoCoreError) as exc:
                raise ServiceUnavailable("the image store did not answer") from exc

    def list_keys(self, bucket: str, prefix: str) -> list[str]:
        """The keys of the current objects under ``prefix``."""
        keys: list[str] = []
        try:
            for page in self._s3.get_paginator("list_objects_v2").paginate(
                Bucket=bucket, Prefix=prefix
            ):
                keys += [o["Key"] for o in page.get("Contents") or ()]
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the image store did not answer") from exc
        return keys

    def purge_prefix(self, bucket: str, prefix: str) -> int:
        """Delete every object under ``prefix``, every version and delete marker of it too
        (a versioned bucket keeps noncurrent versions otherwise): a deleted image is gone.
        Returns how many versions were deleted."""
        deleted = 0
        try:
            for page in self._s3.get_paginator("list_object_versions").paginate(
                Bucket=bucket, Prefix=prefix
            ):
                versions = [
                    {"Key": v["Key"], "VersionId": v["VersionId"]}
                    for v in [*(page.get("Versions") or ()), *(page.get("DeleteMarkers") or ())]
                ]
                if versions:
                    self._s3.delete_objects(
                        Bucket=bucket, Delete={"Objects": versions, "Quiet": True}
                    )
                    deleted += len(versions)
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the image store did not answer") from exc
        return deleted

    def presign_get(self, bucket: str, key: str, expires_in: int) -> str:
        """A presigned GET, signed locally (no request is made)."""
        try:
            return str(
                _presigner(self.region, self.endpoint_url).generate_presigned_url(
                    "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_in
                )
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("could not sign the image URL") from exc


@cache
def _presigner(region: str, endpoint_url: str | None) -> Any:
    """An S3 client that signs URLs with SigV4 (the default may pick the legacy SigV2)."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        config=Config(signature_version="s3v4"),
    )


def _ascii_metadata(metadata: dict[str, str]) -> dict[str, str]:
    """S3 user metadata must be ASCII and small: percent-encode and truncate values."""
    out: dict[str, str] = {}
    budget = _S3_METADATA_LIMIT
    for name, value in metadata.items():
        encoded = quote(value, safe=" ,.:;-_/()'!?")[: max(0, budget - len(name))]
        budget -= len(name) + len(encoded)
        out[name] = encoded
    return out


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
