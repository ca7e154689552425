"""The webhooks function: sends queued webhooks, one attempt per SQS delivery.

A failed attempt is reported as a batch item failure after its backoff was set
(photocen.webhooks.service.WebhookDispatcher), so SQS retries it with the same
``webhook-id`` and, after the queue's ``maxReceiveCount``, moves it to the dead-letter queue.
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
from photocen.platform.observability import logger, metrics, tracer
from photocen.webhooks.wiring import webhook_services

webhook_services()  # validate settings at cold start
# A batch whose every record failed (e.g. receiver down) is reported as such, not raised:
# SQS retries and dead-letters exactly the same, but the invocation is no Lambda error,
# so the function-errors alarm stays for real crashes. Powertools still raises by default
# (BatchProcessingError, even in 3.37); the opt-out exists since 2.41.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def record_handler(record: SQSRecord) -> str:
    receive_count = int(record.attributes.approximate_receive_count or "1")
    return webhook_services().dispatcher.dispatch(record.body, receive_count, record.receipt_handle)


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
