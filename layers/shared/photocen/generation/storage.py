"""Data access for generation's objects in S3 and for the SageMaker async endpoint.

- the inference input ``s3://<sagemaker_io>/input/{job}.json`` and the output/failure files
  the endpoint writes (their locations come in its notification);
- generated images in the cache bucket: ``images/{account}/{job}/{n}.png`` when searchable,
  ``private/{account}/{job}/{n}.png`` otherwise (that prefix expires after a day);
- image URLs: presigned GETs of the cache object (docs/decisions: job image URLs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError

from photocen.aws import client
from photocen.errors import ServiceUnavailable

INPUT_PREFIX = "input/"
SEARCHABLE_PREFIX = "images/"
PRIVATE_PREFIX = "private/"
_S3_METADATA_LIMIT = 1800  # S3 user metadata is at most 2 KB in all


def image_key(account_id: str, job_id: str, index: int, *, searchable: bool) -> str:
    prefix = SEARCHABLE_PREFIX if searchable else PRIVATE_PREFIX
    return f"{prefix}{account_id}/{job_id}/{index}.png"


def parse_s3_uri(uri: str) -> tuple[str, str]:
    if not uri.startswith("s3://") or "/" not in uri[5:]:
        raise ValueError(f"not an s3:// location: {uri!r}")
    bucket, key = uri[5:].split("/", 1)
    return bucket, key


@dataclass(frozen=True)
class AwsTarget:
    region: str
    endpoint_url: str | None


class ObjectStore:
    """The S3 side of generation: inference files and cached images."""

    def __init__(self, target: AwsTarget, *, io_bucket: str | None, cache_bucket: str) -> None:
        self._target = target
        self.io_bucket = io_bucket
        self.cache_bucket = cache_bucket

    @property
    def _s3(self) -> Any:
        return client("s3", self._target.region, self._target.endpoint_url)

    def put_input(self, job_id: str, document: dict[str, Any]) -> str:
        assert self.io_bucket is not None
        key = f"{INPUT_PREFIX}{job_id}.json"
        self._call(
            self._s3.put_object,
            Bucket=self.io_bucket,
            Key=key,
            Body=json.dumps(document).encode(),
            ContentType="application/json",
        )
        return f"s3://{self.io_bucket}/{key}"

    def read(self, uri: str) -> bytes:
        bucket, key = parse_s3_uri(uri)
        response = self._call(self._s3.get_object, Bucket=bucket, Key=key)
        return bytes(response["Body"].read())

    def put_image(self, key: str, data: bytes, content_type: str, metadata: dict[str, str]) -> None:
        self._call(
            self._s3.put_object,
            Bucket=self.cache_bucket,
            Key=key,
            Body=data,
            ContentType=content_type,
            Metadata=_ascii_metadata(metadata),
        )

    def delete_images(self, keys: list[str]) -> None:
        if not keys:
            return
        self._call(
            self._s3.delete_objects,
            Bucket=self.cache_bucket,
            Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True},
        )

    def image_url(self, key: str, ttl_seconds: int) -> str:
        """A presigned GET of the cached image (signed locally: no request is made)."""
        return str(
            _presigner(self._target).generate_presigned_url(
                "get_object",
                Params={"Bucket": self.cache_bucket, "Key": key},
                ExpiresIn=ttl_seconds,
            )
        )

    def _call(self, operation: Any, **kwargs: Any) -> Any:
        try:
            return operation(**kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the object store did not answer") from exc


class InferenceEndpoint:
    """The SageMaker asynchronous endpoint (``invoke_endpoint_async``)."""

    def __init__(self, target: AwsTarget, endpoint_name: str) -> None:
        self._target = target
        self.endpoint_name = endpoint_name

    @property
    def runtime(self) -> Any:
        # The local stack's inference runner listens on this very (cached) client; see
        # photocen.local.inference_runner.
        return client("sagemaker-runtime", self._target.region, self._target.endpoint_url)

    def invoke_async(
        self, job_id: str, input_location: str, *, queue_ttl_seconds: int, timeout_seconds: int
    ) -> str:
        try:
            response = self.runtime.invoke_endpoint_async(
                EndpointName=self.endpoint_name,
                InputLocation=input_location,
                ContentType="application/json",
                Accept="application/json",
                InferenceId=job_id,
                # SageMaker's floor is 60 s; shorter settings only shorten the sweeper's
                # deadline (local fault tests do that).
                RequestTTLSeconds=min(max(queue_ttl_seconds, 60), 21_600),
                InvocationTimeoutSeconds=timeout_seconds,
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the inference endpoint did not accept the job") from exc
        return str(response.get("OutputLocation", ""))


@cache
def _presigner(target: AwsTarget) -> Any:
    """An S3 client that signs URLs with SigV4 (the default may pick the legacy SigV2)."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3",
        region_name=target.region,
        endpoint_url=target.endpoint_url,
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
