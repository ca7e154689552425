"""The jobs function: SageMaker async notifications (SNS → SQS) finish their jobs.

A record that fails is reported in ``batchItemFailures`` and SQS delivers it again (then to
the dead-letter queue); the others of the batch are done. Processing a record twice changes
nothing (photocen.generation.results).
"""

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from photocen.generation.results import parse_notification
from photocen.generation.wiring import result_processor
from photocen.platform.handlers import batch_handler


def record_handler(record: SQSRecord) -> str:
    return result_processor().handle(parse_notification(record.body))


lambda_handler = batch_handler(record_handler, warm=result_processor)
