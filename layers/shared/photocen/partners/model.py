"""The partner API's plain types, and usage by day from ledger entries: no I/O.

A partner is an account of kind ``partner`` (``pc_partner_`` keys); its credits *are* its
pool. Its end users are ordinary user accounts that carry its ``partner_id``: each spends its
own balance, which the partner funds from (and takes back to) the pool through ledger
transfers (docs/decisions/0014).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from photocen.accounts.model import Account, AccountStatus
from photocen.credits.model import Entry
from photocen.limits.model import Usage
from photocen.platform.patterns import END_USER_ID as PLATFORM_END_USER_ID
from photocen.platform.patterns import Pattern

# What ``end_user_account_id`` makes: a path or header naming anything else is no end user.
END_USER_ID = PLATFORM_END_USER_ID
# The partner's own id for an end user: what its systems already call that customer.
EXTERNAL_ID = Pattern(r"[A-Za-z0-9][A-Za-z0-9_:@\.-]{0,127}")

Direction = Literal["to_user", "to_pool"]


@dataclass(frozen=True)
class EndUser:
    account: Account
    credits: int | None = None  # filled where one user is shown, not in listings


@dataclass(frozen=True)
class Transfer:
    transfer_id: str
    user_id: str
    direction: Direction
    amount: int
    replayed: bool
    pool_credits: int
    user_credits: int


@dataclass
class DayUsage:
    """One UTC day of an account's (or, summed, a partner's users') ledger."""

    day: date
    generations: int = 0  # reservations made
    credits_spent: int = 0  # reserved, less what settlements and refunds gave back
    credits_received: int = 0  # grants and transfers in
    credits_returned: int = 0  # transfers out

    def add(self, other: DayUsage) -> None:
        self.generations += other.generations
        self.credits_spent += other.credits_spent
        self.credits_received += other.credits_received
        self.credits_returned += other.credits_returned


@dataclass(frozen=True)
class UsageReport:
    """Usage by day over a window (newest day first; days without activity left out) and
    the metered deliveries' all-time total (they write no ledger row, so no day); for one
    end user also today and this month against its plan (``photocen.limits``' counters)."""

    days: list[DayUsage]
    credits: int
    images_delivered_total: int
    current: Usage | None = None


@dataclass(frozen=True)
class PartnerOverview:
    partner_id: str
    pool_credits: int
    users_by_status: dict[AccountStatus, int]
    users_credits: int  # what its end users hold now, together
    usage: UsageReport  # its end users' usage, summed


def usage_by_day(entries: Iterable[Entry], since: date) -> dict[date, DayUsage]:
    """Each day from ``since`` (UTC) on that has ledger activity, and what it was."""
    days: dict[date, DayUsage] = defaultdict(lambda: DayUsage(date.min))
    for entry in entries:
        day = entry.created_at.date()
        if day < since:
            continue
        usage = days[day]
        usage.day = day
        if entry.operation == "reserve":
            usage.generations += 1
            usage.credits_spent -= entry.amount
        elif entry.operation in ("settle", "refund"):
            usage.credits_spent -= entry.amount
        elif entry.amount > 0:  # grant, transfer in
            usage.credits_received += entry.amount
        else:  # transfer out
            usage.credits_returned -= entry.amount
    return dict(days)


def window_start(today: date, days: int) -> date:
    """The first day of a ``days``-day window ending today."""
    return today - timedelta(days=days - 1)


def newest_first(days: dict[date, DayUsage]) -> list[DayUsage]:
    return [days[d] for d in sorted(days, reverse=True)]
