"""The sweeper function (EventBridge schedule): fails and refunds jobs past their deadline."""

from typing import Any

from photocen.generation.wiring import sweeper
from photocen.platform.handlers import scheduled_handler


def sweep() -> dict[str, Any]:
    report = sweeper().sweep()
    return {"examined": report.examined, "failed": report.failed}


lambda_handler = scheduled_handler(sweep, warm=sweeper)
