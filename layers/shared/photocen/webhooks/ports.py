"""What the webhook services depend on, and what other capabilities use to send webhooks.

- ``WebhookTransport``: one HTTP POST to a vetted URL (``adapters.http.HttpTransport``).
- ``WebhookQueue``: where webhooks wait to be sent (``adapters.sqs.SqsWebhookQueue``); the
  generation capability enqueues finished jobs' webhooks through it (``wiring.webhook_queue``).
"""

from __future__ import annotations

from typing import Protocol

from photocen.platform.outbound import CheckedUrl
from photocen.webhooks.model import WebhookMessage


class WebhookTransport(Protocol):
    def post(self, target: CheckedUrl, headers: dict[str, str], body: bytes, timeout: float) -> int:
        """POST and return the HTTP status; raise ``OSError`` when no answer came."""
        ...


class WebhookQueue(Protocol):
    def enqueue(self, message: WebhookMessage) -> None:
        """Queue a webhook to be sent (at least once)."""
        ...

    def retry_later(self, receipt_handle: str, delay_seconds: int) -> None:
        """Hide a received message for ``delay_seconds``: it is delivered again after that."""
        ...
