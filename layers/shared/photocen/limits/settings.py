"""Settings of the functions that count limits (every API function, jobs, sweeper)."""

from __future__ import annotations

from pydantic import Field

from photocen.credits.settings import CreditsTableSettings


class LimitsSettings(CreditsTableSettings):
    """The counters table, and the credits table (usage reads metered deliveries)."""

    counters_table: str = Field(min_length=3)
