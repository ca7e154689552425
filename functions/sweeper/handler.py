"""The sweeper function (EventBridge schedule): fails and refunds jobs past their deadline."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from photocen.generation.wiring import sweeper
from photocen.platform.observability import logger, metrics, tracer

sweeper()  # validate settings and bind tables at cold start


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = sweeper().sweep()
    return {"examined": report.examined, "failed": report.failed}
