"""Composition of the credits capability: settings → the ledger.

``ledger()`` is built once per container from the validated environment; a process that
holds its settings already (the operator CLI, another capability's wiring) uses
``ledger_from(settings)``.
"""

from __future__ import annotations

from functools import cache

from photocen.credits.ports import Ledger
from photocen.credits.settings import CreditsTableSettings
from photocen.credits.store import DynamoLedger
from photocen.platform.aws import AwsTarget
from photocen.platform.settings import load


def ledger_from(settings: CreditsTableSettings) -> Ledger:
    """The ledger on the credits table these settings name."""
    return DynamoLedger(settings.credits_table, AwsTarget.of(settings))


@cache
def ledger() -> Ledger:
    """The container's ledger (validates ``PHOTOCEN_CREDITS_TABLE`` on first use)."""
    return ledger_from(load(CreditsTableSettings))
