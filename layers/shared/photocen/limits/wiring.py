"""Composition of the limits capability: settings → counter store → services.

``request_limiter`` is the gate every API function's handler passes to
``platform.handlers.api_handler``; ``limits_service`` serves generation quotas and usage.
"""

from __future__ import annotations

from functools import cache

from photocen.credits.wiring import ledger_from
from photocen.limits.service import LimitsService, RequestLimiter
from photocen.limits.settings import LimitsSettings
from photocen.limits.store import CounterStore
from photocen.platform.aws import AwsTarget
from photocen.platform.settings import load


def limits_service_from(settings: LimitsSettings) -> LimitsService:
    return LimitsService(
        CounterStore(settings.counters_table, AwsTarget.of(settings)), ledger_from(settings)
    )


@cache
def limits_service() -> LimitsService:
    """The container's limits service (validates ``PHOTOCEN_COUNTERS_TABLE`` on first use)."""
    return limits_service_from(load(LimitsSettings))


@cache
def request_limiter() -> RequestLimiter:
    """The gate of every API function: rate limits and quotas before any route runs."""
    return RequestLimiter(limits_service())
