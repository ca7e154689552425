"""Data access for generation's objects in S3 and for the SageMaker async endpoint.

- the inference input ``s3://<sagemaker_io>/input/{job}.json`` and the output/failure files
  the endpoint writes (their locations come in its notification);
- generated images in the cache bucket: ``images/{account}/{job}/{n}.png`` when searchable,
  ``private/{account}/{job}/{n}.png`` otherwise (that prefix expires after a day);
- image URLs: presigned GETs of the cache object (docs/decisions: job image URLs).
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.errors import ServiceUnavailable
from photocen.platform.objects import S3ObjectStore

INPUT_PREFIX = "input/"
SEARCHABLE_PREFIX = "images/"
PRIVATE_PREFIX = "private/"


def image_key(account_id: str, job_id: str, index: int, *, searchable: bool) -> str:
    prefix = SEARCHABLE_PREFIX if searchable else PRIVATE_PREFIX
    return f"{prefix}{account_id}/{job_id}/{index}.png"


def parse_s3_uri(uri: str) -> tuple[str, str]:
    if not uri.startswith("s3://") or "/" not in uri[5:]:
        raise ValueError(f"not an s3:// location: {uri!r}")
    bucket, key = uri[5:].split("/", 1)
    return bucket, key


class ObjectStore:
    """The S3 side of generation, over the shared S3 adapter: inference files and cached
    images."""

    def __init__(self, target: AwsTarget, *, io_bucket: str | None, cache_bucket: str) -> None:
        self._objects = S3ObjectStore(target.region, target.endpoint_url)
        self.io_bucket = io_bucket
        self.cache_bucket = cache_bucket

    def put_input(self, job_id: str, document: dict[str, Any]) -> str:
        assert self.io_bucket is not None
        key = f"{INPUT_PREFIX}{job_id}.json"
        self._objects.put(self.io_bucket, key, json.dumps(document).encode(), "application/json")
        return f"s3://{self.io_bucket}/{key}"

    def read(self, uri: str) -> bytes:
        bucket, key = parse_s3_uri(uri)
        data = self._objects.get(bucket, key)
        if data is None:
            raise ServiceUnavailable(f"the object store has no {uri}")
        return data

    def put_image(self, key: str, data: bytes, content_type: str, metadata: dict[str, str]) -> None:
        self._objects.put(self.cache_bucket, key, data, content_type, metadata=metadata)

    def delete_images(self, keys: list[str]) -> None:
        self._objects.delete_many(self.cache_bucket, keys)

    def image_url(self, key: str, ttl_seconds: int) -> str:
        """A presigned GET of the cached image (signed locally: no request is made)."""
        return self._objects.presign_get(self.cache_bucket, key, ttl_seconds)


class InferenceEndpoint:
    """The SageMaker asynchronous endpoint (``invoke_endpoint_async``)."""

    def __init__(self, target: AwsTarget, endpoint_name: str) -> None:
        self._target = target
        self.endpoint_name = endpoint_name

    @property
    def runtime(self) -> Any:
        # The local stack's inference runner listens on this very (cached) client; see
        # devstack.inference_runner.
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
