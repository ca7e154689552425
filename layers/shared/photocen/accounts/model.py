"""Accounts and API keys as plain types: who calls, what an account is, what a key is.

No I/O here: ``store.py`` maps these to and from their records, ``service.py`` holds the rules.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from photocen.credits.model import Balance, Entry
from photocen.platform.errors import ValidationFailed

AccountKind = Literal["user", "partner"]


@dataclass(frozen=True)
class Principal:
    """Who is calling: what the authorizer hands every handler."""

    account_id: str
    kind: AccountKind
    plan: str
    partner_id: str | None = None

    def as_context(self) -> dict[str, str]:
        """API Gateway authorizer context values must be strings (no nulls)."""
        return {
            "account_id": self.account_id,
            "kind": self.kind,
            "plan": self.plan,
            "partner_id": self.partner_id or "",
        }

    @classmethod
    def from_context(cls, context: dict[str, object]) -> Principal:
        return cls(
            account_id=str(context["account_id"]),
            kind="partner" if context.get("kind") == "partner" else "user",
            plan=str(context.get("plan") or "free"),
            partner_id=str(context.get("partner_id") or "") or None,
        )


@dataclass(frozen=True)
class Account:
    account_id: str
    kind: AccountKind
    plan: str
    partner_id: str | None
    name: str | None
    created_at: datetime


@dataclass(frozen=True)
class IssuedKey:
    """A freshly issued key. ``token`` exists only here: it is never stored."""

    key_id: str
    token: str
    account_id: str


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    account_id: str
    created_at: datetime
    revoked_at: datetime | None


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

    def principal(self) -> Principal:
        return Principal(self.account_id, self.kind, self.plan, self.partner_id)

    def info(self) -> KeyInfo:
        return KeyInfo(self.key_id, self.account_id, self.created_at, self.revoked_at)


@dataclass(frozen=True)
class AccountSummary:
    """An account with its credits now (``GET /v1/account``)."""

    account: Account
    balance: Balance


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
