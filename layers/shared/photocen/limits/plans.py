"""Plans: what an account may do per minute, day and month, and how many generation jobs it
may have in flight. Pure data; ``photocen.limits`` enforces it (docs/api.md lists it).

The per-minute limit is per key; the day and month limits are per account (all its keys).
Every tier is above the seeds' 10 / 30 / 60 requests per minute (starter / pro / studio).
The table lives with the limits that enforce it; accounts validate plan names against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlanName = Literal["free", "pro", "studio", "partner"]


@dataclass(frozen=True)
class Plan:
    name: PlanName
    requests_per_minute: int  # per key
    requests_per_day: int
    requests_per_month: int
    images_per_day: int
    images_per_month: int
    concurrent_jobs: int  # generation jobs queued or running at once


PLANS: dict[str, Plan] = {
    "free": Plan("free", 60, 1_000, 10_000, 50, 300, 2),
    "pro": Plan("pro", 600, 50_000, 1_000_000, 2_000, 30_000, 10),
    "studio": Plan("studio", 1_200, 200_000, 5_000_000, 10_000, 150_000, 25),
    "partner": Plan("partner", 3_000, 1_000_000, 20_000_000, 50_000, 1_000_000, 100),
}

# A principal whose plan is unknown (an older key, a typo in the operator CLI) is limited as
# free, the smallest plan, never left unlimited.
DEFAULT_PLAN = "free"


def plan_of(name: str) -> Plan:
    return PLANS.get(name) or PLANS[DEFAULT_PLAN]
