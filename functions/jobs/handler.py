"""The jobs function: SageMaker async notifications (SNS → SQS) finish their jobs.

Powertools batch processing with partial batch failures: a record that fails is reported in
``batchItemFailures`` and SQS delivers it again (then to the dead-letter queue); the others
of the batch are done. Processing a record twice changes nothing (photocen.generation.results).
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
from photocen.generation.results import parse_notification
from photocen.generation.wiring import result_processor
from photocen.observability import logger, metrics, tracer

result_processor()  # validate settings and bind tables at cold start
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> str:
    return result_processor().handle(parse_notification(record.body))


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
