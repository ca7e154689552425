"""Accounts and API keys: create accounts, issue and revoke keys, resolve a token.

Tokens are shown once, when issued; only their SHA-256 is stored (``ApiKeyRecord.key_hash``).
A new account receives ``SIGNUP_CREDITS`` through the ledger (operation key ``grant:signup``),
so creating an account twice never grants twice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, GetError, PutError

from photocen.accounts.plans import PLANS, SIGNUP_CREDITS
from photocen.accounts.store import AccountRecord, ApiKeyRecord
from photocen.accounts.tokens import AccountKind, hash_token, is_well_formed, new_key_id, new_token
from photocen.credits.ledger import Ledger
from photocen.platform.clock import utcnow
from photocen.platform.errors import NotFound, ServiceUnavailable, Unauthorized, ValidationFailed
from photocen.platform.principal import Principal


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


def new_account_id() -> str:
    return "acct_" + secrets.token_hex(8)


class AccountService:
    """Account and key operations over the accounts and API-keys tables."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def create_account(
        self,
        *,
        kind: AccountKind = "user",
        plan: str = "free",
        name: str | None = None,
        partner_id: str | None = None,
        account_id: str | None = None,
    ) -> tuple[Account, IssuedKey]:
        if plan not in PLANS:
            raise ValidationFailed(f"plan: unknown plan {plan!r}; one of {sorted(PLANS)}")
        record = AccountRecord(
            account_id or new_account_id(),
            kind=kind,
            plan=plan,
            partner_id=partner_id,
            name=name,
            created_at=utcnow(),
        )
        try:
            record.save(condition=AccountRecord.account_id.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise ValidationFailed(f"account {record.account_id} already exists") from exc
            raise ServiceUnavailable("the accounts store did not answer") from exc
        self._ledger.grant(record.account_id, SIGNUP_CREDITS, "signup", "signup bonus")
        return _account(record), self.issue_key(record.account_id)

    def get_account(self, account_id: str) -> Account:
        try:
            return _account(AccountRecord.get(account_id))
        except DoesNotExist as exc:
            raise NotFound(f"no account {account_id}") from exc

    def issue_key(self, account_id: str, *, token: str | None = None) -> IssuedKey:
        """Issue a new key; ``token`` lets the local stack pin a demo token."""
        account = self.get_account(account_id)
        token = token or new_token(account.kind)
        if not is_well_formed(token):
            raise ValidationFailed("token: not a pc_live_/pc_partner_ token")
        key = ApiKeyRecord(
            hash_token(token),
            key_id=new_key_id(),
            account_id=account.account_id,
            kind=account.kind,
            plan=account.plan,
            partner_id=account.partner_id,
            created_at=utcnow(),
        )
        try:
            key.save(condition=ApiKeyRecord.key_hash.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise ValidationFailed("token: this token is already in use") from exc
            raise ServiceUnavailable("the keys store did not answer") from exc
        return IssuedKey(key_id=key.key_id, token=token, account_id=account.account_id)

    def list_keys(self, account_id: str) -> list[KeyInfo]:
        return [
            KeyInfo(k.key_id, k.account_id, k.created_at, k.revoked_at)
            for k in ApiKeyRecord.by_account.query(account_id)
        ]

    def revoke_key(self, account_id: str, key_id: str) -> KeyInfo:
        keys = list(ApiKeyRecord.by_account.query(account_id, ApiKeyRecord.key_id == key_id))
        if not keys:
            raise NotFound(f"no key {key_id} on account {account_id}")
        # The index is eventually consistent; update the table item itself.
        key = ApiKeyRecord.get(keys[0].key_hash)
        if key.revoked_at is None:
            key.update(actions=[ApiKeyRecord.revoked_at.set(utcnow())])
        return KeyInfo(key.key_id, key.account_id, key.created_at, key.revoked_at)

    def resolve(self, token: str) -> Principal:
        """The principal of a live token, or ``Unauthorized`` (missing, unknown, revoked)."""
        if not is_well_formed(token):
            raise Unauthorized()
        try:
            key = ApiKeyRecord.get(hash_token(token))
        except DoesNotExist as exc:
            raise Unauthorized() from exc
        except GetError as exc:
            raise ServiceUnavailable("the keys store did not answer") from exc
        if key.revoked_at is not None:
            raise Unauthorized("This API token has been revoked.")
        return Principal(key.account_id, key.kind, key.plan, key.partner_id)  # type: ignore[arg-type]


def _account(record: AccountRecord) -> Account:
    return Account(
        account_id=record.account_id,
        kind=record.kind,  # type: ignore[arg-type]
        plan=record.plan,
        partner_id=record.partner_id,
        name=record.name,
        created_at=record.created_at,
    )
