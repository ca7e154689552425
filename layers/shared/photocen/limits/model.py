"""Windows, limits and their headers as plain types and pure functions: no I/O.

Windows are fixed and UTC ("limits reset at the start of each minute (UTC)"): the minute of
a key, the day and the month of an account. Each window has a *stamp* naming it
(``202611301402``, ``20261130``, ``202611``); the counter item keeps one stamp and one count
per window, so a stamp that is not the current one means the count belongs to a past window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from photocen.limits.plans import Plan

WindowName = Literal["minute", "day", "month"]
# What a refusal can name: a request window, an image quota or the in-flight jobs.
LimitName = Literal["minute", "day", "month", "images_day", "images_month", "concurrency"]


@dataclass(frozen=True)
class Window:
    name: WindowName
    stamp: str
    start: datetime
    reset: datetime  # the first instant of the next window

    @property
    def seconds(self) -> int:
        """The window's length (the IETF policy's ``w``)."""
        return int((self.reset - self.start).total_seconds())

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds until the window resets, at least 1 (``Retry-After``, ``t``)."""
        return max(1, math.ceil((self.reset - now).total_seconds()))


@dataclass(frozen=True)
class Windows:
    """The minute, day and month that ``now`` falls in."""

    minute: Window
    day: Window
    month: Window

    @classmethod
    def at(cls, now: datetime) -> Windows:
        now = now.astimezone(UTC)
        minute_start = now.replace(second=0, microsecond=0)
        day_start = minute_start.replace(hour=0, minute=0)
        month_start = day_start.replace(day=1)
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        return cls(
            Window(
                "minute",
                minute_start.strftime("%Y%m%d%H%M"),
                minute_start,
                minute_start + timedelta(minutes=1),
            ),
            Window("day", day_start.strftime("%Y%m%d"), day_start, day_start + timedelta(days=1)),
            Window("month", month_start.strftime("%Y%m"), month_start, next_month),
        )

    def of(self, name: WindowName) -> Window:
        return {"minute": self.minute, "day": self.day, "month": self.month}[name]


def minute_of_stamp(stamp: str) -> datetime | None:
    """The instant a minute stamp names (a key's last use); None if it is not one."""
    try:
        return datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class Count:
    """One limit's state after a request was admitted: ``used`` of ``quota``."""

    window: Window
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return max(0, self.quota - self.used)


@dataclass(frozen=True)
class Admission:
    """What an admitted request leaves: the three request windows' counts."""

    minute: Count
    day: Count
    month: Count
    now: datetime

    def counts(self) -> tuple[Count, Count, Count]:
        return (self.minute, self.day, self.month)

    def headers(self) -> dict[str, str]:
        """``X-RateLimit-*`` (the key's minute; reset in epoch seconds, as GitHub's) and the
        IETF draft's ``RateLimit-Policy`` (every window) and ``RateLimit`` (the window with
        the fewest requests left; ``t`` = seconds to its reset)."""
        tightest = min(self.counts(), key=lambda c: (c.remaining, -c.quota))
        return {
            "X-RateLimit-Limit": str(self.minute.quota),
            "X-RateLimit-Remaining": str(self.minute.remaining),
            "X-RateLimit-Reset": str(int(self.minute.window.reset.timestamp())),
            "RateLimit-Policy": policy(self.counts()),
            "RateLimit": (
                f'"{tightest.window.name}";r={tightest.remaining};'
                f"t={tightest.window.seconds_left(self.now)}"
            ),
        }


def policy(counts: tuple[Count, ...]) -> str:
    """``"minute";q=60;w=60, "day";q=1000;w=86400, "month";q=10000;w=2592000``."""
    return ", ".join(f'"{c.window.name}";q={c.quota};w={c.window.seconds}' for c in counts)


@dataclass(frozen=True)
class Refusal:
    """Which limit tripped, and when it resets."""

    limit: LimitName
    quota: int
    window: Window | None  # None for concurrency: it frees when a job finishes

    def message(self) -> str:
        what = {
            "minute": f"per-minute limit of {self.quota} requests for this key",
            "day": f"daily limit of {self.quota} requests",
            "month": f"monthly limit of {self.quota} requests",
            "images_day": f"daily limit of {self.quota} generated images",
            "images_month": f"monthly limit of {self.quota} generated images",
            "concurrency": f"limit of {self.quota} generation jobs in flight",
        }[self.limit]
        if self.window is None:
            return f"Rate limited: {what} reached; retry when a job finishes."
        return f"Rate limited: {what} reached; it resets at {self.window.reset:%Y-%m-%dT%H:%M:%SZ}."


# Until a job finishes nobody knows when a slot frees; ask clients to poll this often.
CONCURRENCY_RETRY_SECONDS = 5


@dataclass(frozen=True)
class WindowUsage:
    """One period's usage (``today`` or ``this_month``)."""

    requests: int
    images_generated: int
    images_delivered: int
    credits_spent: int


@dataclass(frozen=True)
class Usage:
    """An account's usage now, and its plan."""

    plan: Plan
    today: WindowUsage
    this_month: WindowUsage
    jobs_in_flight: int
    windows: Windows
