"""The webhooks function: sends queued webhooks, one attempt per SQS delivery.

A failed attempt is reported as a batch item failure after its backoff was set
(photocen.webhooks.service.WebhookDispatcher), so SQS retries it with the same
``webhook-id`` and, after the queue's ``maxReceiveCount``, moves it to the dead-letter queue.
"""

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from photocen.platform.handlers import batch_handler
from photocen.webhooks.wiring import webhook_services


def record_handler(record: SQSRecord) -> str:
    receive_count = int(record.attributes.approximate_receive_count or "1")
    return webhook_services().dispatcher.dispatch(record.body, receive_count, record.receipt_handle)


lambda_handler = batch_handler(record_handler, warm=webhook_services)
