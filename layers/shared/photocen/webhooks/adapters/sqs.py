"""The webhook queue on SQS: enqueue, and the backoff through the visibility timeout."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.errors import ServiceUnavailable
from photocen.webhooks.model import WebhookMessage

# SQS's longest visibility timeout (12 hours).
MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200


class SqsWebhookQueue:
    def __init__(self, target: AwsTarget, queue_url: str) -> None:
        self._target = target
        self.queue_url = queue_url

    @property
    def _sqs(self) -> Any:
        return client("sqs", self._target.region, self._target.endpoint_url)

    def enqueue(self, message: WebhookMessage) -> None:
        try:
            self._sqs.send_message(QueueUrl=self.queue_url, MessageBody=message.to_json())
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the webhook queue did not answer") from exc

    def retry_later(self, receipt_handle: str, delay_seconds: int) -> None:
        try:
            self._sqs.change_message_visibility(
                QueueUrl=self.queue_url,
                ReceiptHandle=receipt_handle,
                VisibilityTimeout=min(delay_seconds, MAX_VISIBILITY_TIMEOUT_SECONDS),
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the webhook queue did not answer") from exc
