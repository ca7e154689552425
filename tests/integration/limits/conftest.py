"""A limits service on the test's moto tables, with a clock the test moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest


@dataclass
class MovableClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 30, 10, 15, 7, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def counters(aws: Any) -> Any:
    from photocen.limits.store import CounterStore

    return CounterStore(aws.tables["counters"], aws.target)


@pytest.fixture
def limits(counters: Any, ledger: Any, clock: MovableClock) -> Any:
    from photocen.limits.service import LimitsService

    return LimitsService(counters, ledger, clock)
