"""The SageMaker asynchronous endpoint: its input files, ``invoke_endpoint_async``, and the
output files it writes.

- the input of a job is ``s3://<sagemaker_io>/input/{job}.json`` (model/inference.py's
  ``input_fn`` reads it);
- the endpoint writes output and failure files and names their locations in its
  notification; the jobs function reads the output from there.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.errors import ServiceUnavailable
from photocen.platform.objects import S3ObjectStore

INPUT_PREFIX = "input/"


def parse_s3_uri(uri: str) -> tuple[str, str]:
    if not uri.startswith("s3://") or "/" not in uri[5:]:
        raise ValueError(f"not an s3:// location: {uri!r}")
    bucket, key = uri[5:].split("/", 1)
    return bucket, key


class SageMakerAsyncEndpoint:
    """``InferenceEndpoint``: writes the input to the I/O bucket, then
    ``invoke_endpoint_async`` with the job id as ``InferenceId``."""

    def __init__(
        self,
        target: AwsTarget,
        *,
        endpoint_name: str,
        io_bucket: str,
        queue_ttl_seconds: int,
        timeout_seconds: int,
    ) -> None:
        self._target = target
        self._objects = S3ObjectStore(target)
        self.endpoint_name = endpoint_name
        self.io_bucket = io_bucket
        self.queue_ttl_seconds = queue_ttl_seconds
        self.timeout_seconds = timeout_seconds

    @property
    def runtime(self) -> Any:
        # The local stack's inference runner listens on this very (cached) client; see
        # devstack.inference_runner.
        return client("sagemaker-runtime", self._target.region, self._target.endpoint_url)

    def submit(self, job_id: str, document: dict[str, Any]) -> None:
        key = f"{INPUT_PREFIX}{job_id}.json"
        self._objects.put(self.io_bucket, key, json.dumps(document).encode(), "application/json")
        try:
            self.runtime.invoke_endpoint_async(
                EndpointName=self.endpoint_name,
                InputLocation=f"s3://{self.io_bucket}/{key}",
                ContentType="application/json",
                Accept="application/json",
                InferenceId=job_id,
                # SageMaker's floor is 60 s; shorter settings only shorten the sweeper's
                # deadline (local fault tests do that).
                RequestTTLSeconds=min(max(self.queue_ttl_seconds, 60), 21_600),
                InvocationTimeoutSeconds=self.timeout_seconds,
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the inference endpoint did not accept the job") from exc


class SageMakerOutputs:
    """``InferenceOutputs``: the files the endpoint wrote, wherever its notification says."""

    def __init__(self, target: AwsTarget) -> None:
        self._objects = S3ObjectStore(target)

    def read(self, location: str) -> bytes:
        bucket, key = parse_s3_uri(location)
        data = self._objects.get(bucket, key)
        if data is None:
            raise ServiceUnavailable(f"the object store has no {location}")
        return data
