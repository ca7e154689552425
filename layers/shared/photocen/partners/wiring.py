"""Composition of the partners capability: settings → the accounts and credits services →
``PartnerService``; and the act-on-behalf resolver every API function is given.

A process that holds its settings already (the operator CLI) calls
``partner_service_from(settings)``.
"""

from __future__ import annotations

from functools import cache

from photocen.accounts.wiring import account_directory, account_service_from
from photocen.credits.wiring import ledger_from
from photocen.partners.service import OnBehalf, PartnerService
from photocen.partners.settings import OnBehalfSettings, PartnersSettings
from photocen.platform.settings import load


def partner_service_from(settings: PartnersSettings) -> PartnerService:
    return PartnerService(account_service_from(settings), ledger_from(settings))


@cache
def partner_service() -> PartnerService:
    """The partners function's service (accounts, keys, credits)."""
    return partner_service_from(load(PartnersSettings))


@cache
def on_behalf() -> OnBehalf:
    """The ``PhotoCen-Account`` resolver: pass it to ``api_handler(…, on_behalf=on_behalf)``
    (validates ``PHOTOCEN_ACCOUNTS_TABLE`` at cold start)."""
    settings = load(OnBehalfSettings)
    return OnBehalf(account_directory(), settings.authorizer_cache_ttl)
