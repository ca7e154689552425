"""The clock port: domain code asks for the time here so tests can pin it.

The local stack can also move it forward (``advance``, behind the local gateway's
``POST /_local/clock``) so that a rate-limit window or a job deadline passes without
waiting; on AWS nothing calls ``advance`` and the offset stays zero.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def utcnow() -> datetime:
    return datetime.now(UTC) + _offset


def advance(seconds: float) -> datetime:
    """Move this process's clock forward (never back); returns the new now."""
    global _offset
    if seconds < 0:
        raise ValueError("the clock only moves forward")
    _offset += timedelta(seconds=seconds)
    return utcnow()
