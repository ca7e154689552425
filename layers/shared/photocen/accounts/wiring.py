"""Composition of the accounts capability: settings → stores → services.

The functions call the cached builders (once per container, after their settings
validated); a process that holds its settings already (the operator CLI) calls
``account_service_from(settings)``.
"""

from __future__ import annotations

from functools import cache

from photocen.accounts.service import AccountDirectory, AccountService, Authenticator
from photocen.accounts.settings import AccountSettings, AccountsTableSettings, AuthorizerSettings
from photocen.accounts.store import AccountStore, ApiKeyStore
from photocen.credits.wiring import ledger_from
from photocen.limits.wiring import limits_service_from
from photocen.platform.aws import AwsTarget
from photocen.platform.settings import load


def account_service_from(settings: AccountSettings) -> AccountService:
    """Accounts and keys on the tables these settings name, with the ledger for credits."""
    target = AwsTarget.of(settings)
    return AccountService(
        AccountStore(settings.accounts_table, target),
        ApiKeyStore(settings.api_keys_table, target),
        ledger_from(settings),
        limits_service_from(settings),
    )


@cache
def account_service() -> AccountService:
    """The account function's service (accounts, keys, credits)."""
    return account_service_from(load(AccountSettings))


@cache
def authenticator() -> Authenticator:
    """The authorizer's token resolver: the API-keys table, and the accounts table for the
    account's status."""
    settings = load(AuthorizerSettings)
    target = AwsTarget.of(settings)
    return Authenticator(
        ApiKeyStore(settings.api_keys_table, target),
        AccountStore(settings.accounts_table, target),
    )


@cache
def account_directory() -> AccountDirectory:
    """Account reads only: the accounts table (``PHOTOCEN_ACCOUNTS_TABLE``)."""
    settings = load(AccountsTableSettings)
    return AccountDirectory(AccountStore(settings.accounts_table, AwsTarget.of(settings)))
