"""The clock port: domain code asks for the time here so tests can pin it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
