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
from photocen.platform.observability import logger, metrics, tracer

result_processor()  # validate settings and bind tables at cold start
# A batch whose every record failed (e.g. jobs store down) is reported as such, not raised:
# SQS retries and dead-letters exactly the same, but the invocation is no Lambda error,
# so the function-errors alarm stays for real crashes. Powertools still raises by default
# (BatchProcessingError, even in 3.37); the opt-out exists since 2.41.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def record_handler(record: SQSRecord) -> str:
    return result_processor().handle(parse_notification(record.body))


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
