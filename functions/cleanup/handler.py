"""The cleanup function (EventBridge): ``{"task": "migrate"}`` hourly moves searchable
images into the catalog and the index; ``{"task": "cleanup"}`` hourly deletes private images
24 h after their job completed (``photocen.generation.lifecycle``)."""

from datetime import datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from photocen.generation.wiring import lifecycle
from photocen.platform.handlers import scheduled_tasks_handler


def _time_left(context: LambdaContext) -> float:
    return float(context.get_remaining_time_in_millis()) / 1000


def migrate(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    services = lifecycle()
    report = services.migration.run(
        time_left=lambda: _time_left(context),
        batch_size=services.settings.lifecycle_batch_size,
    )
    return report.as_dict()


def cleanup(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    services = lifecycle()
    # Off AWS an operator may run the cleanup "as of" a later time (the clock moved past
    # 24 h: `photocen admin cleanup-now --local --advance-hours 25`); on AWS never.
    as_of = event.get("as_of") if services.settings.environment != "aws" else None
    report = services.cleanup.run(
        time_left=lambda: _time_left(context),
        now=datetime.fromisoformat(as_of) if isinstance(as_of, str) else None,
    )
    return report.as_dict()


lambda_handler = scheduled_tasks_handler({"migrate": migrate, "cleanup": cleanup}, warm=lifecycle)
