"""The credits ledger's plain types and keys: no I/O.

A generation *reserves* its estimate (``reserve_key(job)``); finishing it writes exactly one
of *settle* (release the unused part) or *refund* (release all) under the shared key
``release_key(job)``, so a job can never be both settled and refunded, or released twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from photocen.platform.errors import ValidationFailed

# ``transfer``: one half of a move between two accounts (a partner's pool and an end user):
# ``-amount`` on the source and ``+amount`` on the target, both under ``transfer_key(id)``.
Operation = Literal["grant", "reserve", "settle", "refund", "transfer"]


@dataclass(frozen=True)
class Balance:
    balance: int
    metered_total: int


@dataclass(frozen=True)
class Entry:
    key: str
    amount: int
    operation: Operation
    reference: str | None
    created_at: datetime


@dataclass(frozen=True)
class Outcome:
    """The result of a keyed operation; ``replayed`` when the key had been applied before."""

    entry: Entry
    replayed: bool


class NoReservation(ValidationFailed):
    """A settle or refund named a job that never reserved credits."""


def reserve_key(job_id: str) -> str:
    return f"reserve:{job_id}"


def release_key(job_id: str) -> str:
    return f"release:{job_id}"


def transfer_key(transfer_id: str) -> str:
    return f"transfer:{transfer_id}"
