"""Settings of the functions that read accounts and keys."""

from __future__ import annotations

from pydantic import Field

from photocen.credits.settings import CreditsTableSettings
from photocen.limits.settings import LimitsSettings
from photocen.platform.settings import BaseFunctionSettings


class AccountsTableSettings(BaseFunctionSettings):
    """The accounts table alone (reading an account: act-on-behalf in every API function)."""

    accounts_table: str = Field(min_length=3)


class AccountTablesSettings(AccountsTableSettings):
    """The accounts and API-keys tables (authorizer, account, partners, admin)."""

    api_keys_table: str = Field(min_length=3)


class AuthorizerSettings(AccountTablesSettings):
    pass


class AccountSettings(AccountTablesSettings, LimitsSettings, CreditsTableSettings):
    """The account function (and the operator CLI): accounts, keys, credits, and the
    counters (keys' last use, usage)."""
