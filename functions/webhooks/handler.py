"""The webhooks function: sends queued webhooks, one attempt per SQS delivery.

A failed attempt sets the message's visibility timeout to the next backoff
(``base * 2**(attempt-1)``, capped) and is reported as a batch item failure, so SQS retries
it with the same ``webhook-id`` and, after the queue's ``maxReceiveCount``, moves it to the
dead-letter queue.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from photocen.generation.webhooks import DeliveryFailed, WebhookMessage, backoff_seconds
from photocen.generation.wiring import webhook_services
from photocen.observability import logger, metrics, tracer

webhook_services()  # validate settings at cold start
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> str:
    services = webhook_services()
    message = WebhookMessage.from_json(record.body)
    try:
        delivery = services.sender.send(message)
    except DeliveryFailed:
        attempt = int(record.attributes.approximate_receive_count or "1")
        settings = services.settings
        delay = backoff_seconds(
            attempt, settings.webhook_backoff_base_seconds, settings.webhook_backoff_cap_seconds
        )
        services.queue.retry_later(record.receipt_handle, delay)
        logger.info(
            "webhook retry",
            extra={"webhook_id": message.webhook_id, "attempt": attempt, "delay": delay},
        )
        raise
    if delivery.blocked:
        logger.warning("webhook target refused", extra={"webhook_id": message.webhook_id})
        return "blocked"
    return "delivered"


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
