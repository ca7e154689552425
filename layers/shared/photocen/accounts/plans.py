"""Plans: what an account may do per minute, day and month. Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlanName = Literal["free", "pro", "studio", "partner"]


@dataclass(frozen=True)
class Plan:
    name: PlanName
    requests_per_minute: int
    requests_per_day: int
    requests_per_month: int


PLANS: dict[str, Plan] = {
    "free": Plan("free", 60, 1_000, 10_000),
    "pro": Plan("pro", 600, 50_000, 1_000_000),
    "studio": Plan("studio", 1_200, 200_000, 5_000_000),
    "partner": Plan("partner", 3_000, 1_000_000, 20_000_000),
}

SIGNUP_CREDITS = 10
