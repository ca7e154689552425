"""Settings of the credits table."""

from __future__ import annotations

from pydantic import Field

from photocen.platform.settings import BaseFunctionSettings


class CreditsTableSettings(BaseFunctionSettings):
    """The credits table: one balance item per account plus its append-only ledger."""

    credits_table: str = Field(min_length=3)
