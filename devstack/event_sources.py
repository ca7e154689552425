"""Local stand-ins for Lambda's event sources: an SQS event source mapping and an EventBridge
schedule. Both invoke the real handlers through the local gateway's ``Functions`` (one warm
container per function).

The SQS poller behaves as the event source mapping does with ``ReportBatchItemFailures``:
it receives up to ``batch_size`` messages (long polling), hands them to the function as one
``aws:sqs`` event, deletes the ones not named in ``batchItemFailures`` and leaves those to
reappear after their visibility timeout (then SQS's redrive policy moves them to the DLQ).
A function that raises fails the whole batch, as in Lambda.
"""

from __future__ import annotations

import hashlib
import threading
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from photocen.platform.aws import client


class Invoker(Protocol):
    def invoke(self, function: str, event: dict[str, Any]) -> dict[str, Any]: ...


class BackgroundLoop:
    """A daemon thread running ``_loop`` until stopped: the life cycle both stand-ins share."""

    thread_name = "loop"
    join_seconds: float = 10

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name=self.thread_name, daemon=True)
        self._thread.start()

    def signal_stop(self) -> None:
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.join_seconds)

    def _loop(self) -> None:
        raise NotImplementedError


class SqsPoller(BackgroundLoop):
    def __init__(
        self,
        invoker: Invoker,
        function: str,
        queue_url: str,
        *,
        region: str,
        endpoint_url: str | None,
        batch_size: int = 10,
        wait_seconds: int = 1,
    ) -> None:
        self.invoker = invoker
        self.function = function
        self.queue_url = queue_url
        self.region = region
        self.endpoint_url = endpoint_url
        self.batch_size = batch_size
        self.wait_seconds = wait_seconds
        self.thread_name = f"sqs-{function}"
        self.join_seconds = wait_seconds + 10
        self._arn: str | None = None
        super().__init__()

    @property
    def _sqs(self) -> Any:
        return client("sqs", self.region, self.endpoint_url)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(self.wait_seconds)
            except Exception:  # keep polling, as the managed poller does
                if self._stop.is_set():
                    return  # the stack is going down (moto may be gone already)
                traceback.print_exc()
                self._stop.wait(1)

    def poll_once(self, wait_seconds: int = 0) -> int:
        """One receive → invoke → delete cycle; returns the number of messages received."""
        response = self._sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=self.batch_size,
            WaitTimeSeconds=wait_seconds,
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages") or []
        if not messages:
            return 0
        event = {"Records": [self._record(m) for m in messages]}
        try:
            result = self.invoker.invoke(self.function, event) or {}
        except Exception:  # a crashed invocation: the whole batch is retried
            traceback.print_exc()
            return len(messages)
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures") or []}
        done = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
            for i, m in enumerate(messages)
            if m["MessageId"] not in failed
        ]
        if done:
            self._sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=done)
        return len(messages)

    def drain(self, max_rounds: int = 50) -> int:
        """Poll until the queue answers empty (tests); returns messages handled."""
        total = 0
        for _ in range(max_rounds):
            received = self.poll_once(0)
            if not received:
                return total
            total += received
        return total

    def _queue_arn(self) -> str:
        if self._arn is None:
            self._arn = self._sqs.get_queue_attributes(
                QueueUrl=self.queue_url, AttributeNames=["QueueArn"]
            )["Attributes"]["QueueArn"]
        return self._arn

    def _record(self, message: dict[str, Any]) -> dict[str, Any]:
        attributes = message.get("Attributes") or {}
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": {
                "ApproximateReceiveCount": attributes.get("ApproximateReceiveCount", "1"),
                "SentTimestamp": attributes.get("SentTimestamp", "0"),
                "SenderId": attributes.get("SenderId", "AIDAIENQZJOLO23YVJ4VO"),
                "ApproximateFirstReceiveTimestamp": attributes.get(
                    "ApproximateFirstReceiveTimestamp", "0"
                ),
            },
            "messageAttributes": message.get("MessageAttributes") or {},
            "md5OfBody": message.get("MD5OfBody")
            or hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324 - SQS's checksum
            "eventSource": "aws:sqs",
            "eventSourceARN": self._queue_arn(),
            "awsRegion": self.region,
        }


class Schedule(BackgroundLoop):
    """An EventBridge rate schedule: invokes a function every ``interval`` seconds, with
    the Scheduled Event, or with the rule's constant input (``payload``) when it has one.

    Stopping waits briefly for a run in progress: the scheduled functions are resumable (a
    migration cut short is finished by the next run), and the stack is going down."""

    join_seconds: float = 2

    def __init__(
        self,
        invoker: Invoker,
        function: str,
        interval: float,
        *,
        payload: dict[str, Any] | None = None,
        on_error: Callable[[], None] = traceback.print_exc,
    ) -> None:
        self.invoker = invoker
        self.function = function
        self.interval = interval
        self.payload = payload
        self.on_error = on_error
        task = (payload or {}).get("task")
        self.thread_name = f"cron-{function}" + (f"-{task}" if task else "")
        super().__init__()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                event = dict(self.payload) if self.payload else scheduled_event()
                self.invoker.invoke(self.function, event)
            except Exception:  # a failed run is retried at the next tick
                self.on_error()


def scheduled_event() -> dict[str, Any]:
    """An EventBridge ``Scheduled Event``."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/photocen-local-sweeper"],
        "detail": {},
    }
