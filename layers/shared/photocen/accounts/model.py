"""Accounts and API keys as plain types: who calls, what an account is, what a key is.

No I/O here: ``store.py`` maps these to and from their records, ``service.py`` holds the rules.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from photocen.credits.model import Balance, Entry
from photocen.limits.model import Usage
from photocen.platform.errors import ValidationFailed
from photocen.platform.principal import Principal, PrincipalKind

# A key's account kind is the caller's kind (pc_live_ users, pc_partner_ partners).
AccountKind = PrincipalKind

# active: keys work. suspended: keys are refused (403) until reactivated. closed: for good
# (its keys are revoked; a partner's end user gives its credits back to the pool).
AccountStatus = Literal["active", "suspended", "closed"]
ACCOUNT_STATUSES: tuple[AccountStatus, ...] = ("active", "suspended", "closed")


@dataclass(frozen=True)
class Account:
    account_id: str
    kind: AccountKind
    plan: str
    partner_id: str | None
    name: str | None
    created_at: datetime
    status: AccountStatus = "active"
    # The partner's own id for an end user it provisioned (unique per partner).
    external_id: str | None = None


@dataclass(frozen=True)
class AccountPage:
    """One page of a listing and the cursor of the next (``None``: the last page)."""

    accounts: list[Account]
    next_cursor: str | None


@dataclass(frozen=True)
class IssuedKey:
    """A freshly issued key. ``token`` exists only here: it is never stored."""

    key_id: str
    token: str
    account_id: str
    name: str | None = None
    created_at: datetime | None = None
    prefix: str | None = None


@dataclass(frozen=True)
class KeyInfo:
    """What an account may see of its key: never the token, nor its hash."""

    key_id: str
    account_id: str
    created_at: datetime
    revoked_at: datetime | None
    name: str | None = None
    prefix: str | None = None  # the token's first characters, to recognise it
    last_used_at: datetime | None = None


@dataclass(frozen=True)
class ApiKey:
    """A key as stored: the token's SHA-256 and the principal copied onto it, so that a
    token resolves with one read."""

    key_hash: str
    key_id: str
    account_id: str
    kind: AccountKind
    plan: str
    partner_id: str | None
    created_at: datetime
    revoked_at: datetime | None = None
    name: str | None = None
    prefix: str | None = None

    def principal(self) -> Principal:
        return Principal(self.account_id, self.kind, self.plan, self.partner_id, self.key_id)

    def info(self, last_used_at: datetime | None = None) -> KeyInfo:
        return KeyInfo(
            self.key_id,
            self.account_id,
            self.created_at,
            self.revoked_at,
            self.name,
            self.prefix,
            last_used_at,
        )


@dataclass(frozen=True)
class AccountSummary:
    """An account with its credits and usage now (``GET /v1/account``)."""

    account: Account
    balance: Balance
    usage: Usage | None = None


@dataclass(frozen=True)
class CreditHistory:
    """An account's credits now and its most recent ledger entries, oldest first."""

    credits: int
    entries: list[Entry]


class AccountExists(ValidationFailed):
    """An account with this id exists already (creating it again grants nothing)."""


class TokenInUse(ValidationFailed):
    """A pinned token that another key holds already."""


def new_account_id() -> str:
    return "acct_" + secrets.token_hex(8)


def end_user_account_id(partner_id: str, external_id: str) -> str:
    """The account id of a partner's end user: derived from (partner, external id), so that
    provisioning the same external id twice can only ever name the same account (the
    conditional create makes it idempotent without a second table)."""
    digest = hashlib.sha256(f"{partner_id}\x00{external_id}".encode()).hexdigest()
    return "acct_" + digest[:16]
