"""A local asynchronous-inference endpoint: does on loopback what SageMaker does on AWS.

moto's ``invoke_endpoint_async`` only records the call (it runs nothing, publishes
nothing). The runner listens on
the generate function's own (cached) ``sagemaker-runtime`` client: after each accepted
``InvokeEndpointAsync`` it reads the input from S3, runs ``model/inference.py``
(``model_fn`` once, then ``input_fn → predict_fn → output_fn``), writes the output (or the
failure) to S3 and publishes SageMaker's notification to the success (or error) topic —
the same JSON shape, so SNS → SQS → the jobs function runs exactly as deployed.

Fault injection (``PHOTOCEN_LOCAL_INFERENCE_FAILURE_RATE`` / ``…_DROP_RATE``): a share of
invocations fails (error notification) or is dropped (no notification at all, as when an
instance dies), so the refund and sweeper paths run end to end.
"""

from __future__ import annotations

import json
import queue
import random
import threading
import traceback
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.awsrequest import AWSResponse, HTTPHeaders
from photocen.generation.adapters.sagemaker import parse_s3_uri
from photocen.platform.aws import AwsTarget, client
from photocen.platform.objects import S3ObjectStore
from photocen.platform.observability import logger
from photocen.platform.settings import BaseFunctionSettings
from pydantic import Field

EVENT_NAME = "sagemaker-runtime.InvokeEndpointAsync"


class LocalInferenceSettings(BaseFunctionSettings):
    inference_endpoint: str
    sagemaker_io_bucket: str
    inference_success_topic_arn: str
    inference_error_topic_arn: str
    local_inference_failure_rate: float = Field(default=0.0, ge=0, le=1)
    local_inference_drop_rate: float = Field(default=0.0, ge=0, le=1)
    local_fault_seed: int | None = None
    local_inference_workers: int = Field(default=1, ge=1, le=8)


@dataclass(frozen=True)
class Invocation:
    endpoint_name: str
    inference_id: str
    input_location: str
    content_type: str
    accept: str
    received: datetime


@dataclass(frozen=True)
class Outcome:
    invocation: Invocation
    kind: str  # completed | failed | dropped


class LocalInferenceRunner:
    def __init__(self, settings: LocalInferenceSettings, *, background: bool = True) -> None:
        self.settings = settings
        self.background = background
        self._pending: queue.Queue[Invocation | None] = queue.Queue()
        self._rng = random.Random(settings.local_fault_seed)  # fault injection, not security
        self._rng_lock = threading.Lock()
        self._engine: Any = None
        self._engine_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._objects = S3ObjectStore(AwsTarget.of(settings))
        self.outcomes: list[Outcome] = []

    # ------------------------------------------------------------ wiring
    def attach(self) -> None:
        """Listen on the cached client the generate function uses for the endpoint."""
        runtime = client(
            "sagemaker-runtime", self.settings.aws_region, self.settings.aws_endpoint_url
        )
        events = runtime.meta.events
        # botocore's unique ids are per emitter, not per event: one id for each handler.
        events.register(f"before-parameter-build.{EVENT_NAME}", self._remember, "photocen-in")
        events.register(f"before-call.{EVENT_NAME}", self._answer, "photocen-answer")
        events.register(f"after-call.{EVENT_NAME}", self._accepted, "photocen-out")

    def detach(self) -> None:
        runtime = client(
            "sagemaker-runtime", self.settings.aws_region, self.settings.aws_endpoint_url
        )
        events = runtime.meta.events
        events.unregister(f"before-parameter-build.{EVENT_NAME}", unique_id="photocen-in")
        events.unregister(f"before-call.{EVENT_NAME}", unique_id="photocen-answer")
        events.unregister(f"after-call.{EVENT_NAME}", unique_id="photocen-out")

    def start(self) -> None:
        self.attach()
        if not self.background:
            return
        for n in range(self.settings.local_inference_workers):
            thread = threading.Thread(target=self._work, name=f"inference-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self.detach()
        for _ in self._threads:
            self._pending.put(None)
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()

    def _remember(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["photocen_invocation"] = dict(params)

    def _answer(self, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        """Answer InvokeEndpointAsync here, as SageMaker would, instead of sending it to moto:
        moto records each call by creating an S3 bucket of its own, which it never deletes
        (about 1 MB of moto's memory per generation; gigabytes over a long local session)."""
        params = context.get("photocen_invocation") or {}
        inference_id = params.get("InferenceId") or str(uuid.uuid4())
        bucket = self.settings.sagemaker_io_bucket
        parsed = {
            "ResponseMetadata": {"HTTPStatusCode": 202, "HTTPHeaders": {}, "RetryAttempts": 0},
            "InferenceId": inference_id,
            "OutputLocation": f"s3://{bucket}/output/{inference_id}.out",
        }
        context["photocen_invocation"] = {**params, "InferenceId": inference_id}
        return AWSResponse("", 202, HTTPHeaders(), None), parsed

    def _accepted(self, http_response: Any, context: dict[str, Any], **_: Any) -> None:
        params = context.get("photocen_invocation")
        if params is None or getattr(http_response, "status_code", 500) >= 300:
            return
        self._pending.put(
            Invocation(
                endpoint_name=params["EndpointName"],
                inference_id=params.get("InferenceId") or str(uuid.uuid4()),
                input_location=params["InputLocation"],
                content_type=params.get("ContentType") or "application/json",
                accept=params.get("Accept") or "application/json",
                received=datetime.now(UTC),
            )
        )

    # ------------------------------------------------------------ SageMaker's part
    def drain(self) -> list[Outcome]:
        """Run every pending invocation now, in this thread (tests)."""
        done: list[Outcome] = []
        while True:
            try:
                invocation = self._pending.get_nowait()
            except queue.Empty:
                return done
            if invocation is not None:
                done.append(self.run(invocation))

    def _work(self) -> None:
        while True:
            invocation = self._pending.get()
            if invocation is None:
                return
            self.run(invocation)

    def run(self, invocation: Invocation) -> Outcome:
        fault = self._fault()
        if fault == "dropped":
            outcome = Outcome(invocation, "dropped")
        elif fault == "failed":
            self._report_failure(
                invocation, "injected fault (PHOTOCEN_LOCAL_INFERENCE_FAILURE_RATE)"
            )
            outcome = Outcome(invocation, "failed")
        else:
            outcome = self._infer(invocation)
        self.outcomes.append(outcome)
        return outcome

    def _infer(self, invocation: Invocation) -> Outcome:
        from model import inference

        try:
            body = self._objects.get(*parse_s3_uri(invocation.input_location))
            if body is None:
                raise FileNotFoundError(invocation.input_location)
            engine = self._load_engine()
            request = inference.input_fn(body, invocation.content_type)
            output = inference.output_fn(inference.predict_fn(request, engine), invocation.accept)
        except Exception as exc:  # like SageMaker: a model error fails the invocation
            logger.warning("local inference failed", extra={"id": invocation.inference_id})
            self._report_failure(invocation, f"{type(exc).__name__}: {exc}", traceback.format_exc())
            return Outcome(invocation, "failed")
        location = self._put(f"output/{uuid.uuid4()}.out", output, invocation.accept)
        self._publish(
            self.settings.inference_success_topic_arn,
            _notification(
                invocation,
                "Completed",
                {"contentType": invocation.accept, "outputLocation": location},
            ),
        )
        return Outcome(invocation, "completed")

    def _report_failure(self, invocation: Invocation, reason: str, detail: str = "") -> None:
        location = self._put(
            f"failure/{uuid.uuid4()}.error", (detail or reason).encode(), "text/plain"
        )
        message = _notification(
            invocation,
            "Failed",
            {"contentType": "text/plain", "failureLocation": location},
        )
        message["failureReason"] = (
            f'ClientError: Received server error (500) from model with message "{reason}".'
        )
        self._publish(self.settings.inference_error_topic_arn, message)

    def _put(self, key: str, data: bytes, content_type: str) -> str:
        """Write to the endpoint's S3 bucket, as SageMaker does; returns the s3:// location."""
        bucket = self.settings.sagemaker_io_bucket
        self._objects.put(bucket, key, data, content_type)
        return f"s3://{bucket}/{key}"

    def _publish(self, topic_arn: str, message: dict[str, Any]) -> None:
        self._client("sns").publish(TopicArn=topic_arn, Message=json.dumps(message))

    def _fault(self) -> str | None:
        with self._rng_lock:
            roll = self._rng.random()
        drop = self.settings.local_inference_drop_rate
        if roll < drop:
            return "dropped"
        if roll < drop + self.settings.local_inference_failure_rate:
            return "failed"
        return None

    def warm(self) -> None:
        self._load_engine()

    def _load_engine(self) -> Any:
        with self._engine_lock:
            if self._engine is None:
                from model import inference

                self._engine = inference.model_fn("")
            return self._engine

    def _client(self, service: str) -> Any:
        return client(service, self.settings.aws_region, self.settings.aws_endpoint_url)


def _notification(invocation: Invocation, status: str, response: dict[str, str]) -> dict[str, Any]:
    """SageMaker's asynchronous inference notification, field for field."""
    return {
        "awsRegion": "us-east-1",
        "eventTime": _iso(datetime.now(UTC)),
        "receivedTime": _iso(invocation.received),
        "invocationStatus": status,
        "requestParameters": {
            "contentType": invocation.content_type,
            "endpointName": invocation.endpoint_name,
            "inputLocation": invocation.input_location,
        },
        "responseParameters": response,
        "inferenceId": invocation.inference_id,
        "eventVersion": "1.0",
        "eventSource": "aws:sagemaker",
        "eventName": "InferenceResult",
    }


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
