"""Accounts and API keys: create accounts, issue and revoke keys, resolve a token.

Tokens are shown once, when issued; only their SHA-256 is stored (``ApiKey.key_hash``).
A new account receives ``SIGNUP_CREDITS`` through the ledger (operation key ``grant:signup``),
so creating an account twice never grants twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from photocen.accounts.model import (
    Account,
    AccountExists,
    AccountKind,
    AccountPage,
    AccountStatus,
    AccountSummary,
    ApiKey,
    CreditHistory,
    IssuedKey,
    KeyInfo,
    end_user_account_id,
    new_account_id,
)
from photocen.accounts.plans import SIGNUP_CREDITS
from photocen.accounts.tokens import (
    hash_token,
    is_well_formed,
    new_key_id,
    new_token,
    shown_prefix,
)
from photocen.limits.plans import PLANS
from photocen.platform.clock import utcnow
from photocen.platform.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from photocen.platform.principal import Principal

if TYPE_CHECKING:
    from photocen.accounts.store import AccountStore, ApiKeyStore
    from photocen.credits.ports import Ledger
    from photocen.limits.model import Usage


class Authenticator:
    """Token → principal: all the authorizer needs (the key, then its account's status)."""

    def __init__(self, keys: ApiKeyStore, accounts: AccountStore) -> None:
        self._keys = keys
        self._accounts = accounts

    def resolve(self, token: str) -> Principal:
        """The principal of a live token, or ``Unauthorized`` (missing, unknown, revoked),
        or ``Forbidden`` (the account is suspended or closed)."""
        if not is_well_formed(token):
            raise Unauthorized()
        key = self._keys.get(hash_token(token))
        if key is None:
            raise Unauthorized()
        if key.revoked_at is not None:
            raise Unauthorized("This API token has been revoked.")
        account = self._accounts.get(key.account_id)
        if account is None:
            raise Unauthorized()
        refuse_unless_active(account)
        return key.principal()


LAST_KEY_MESSAGE = (
    "This is the account's last working key: revoking it locks the account out of the API. "
    "Create another key first, or send ?confirm=last_key to revoke it anyway."
)


class LimitsReader(Protocol):
    """What accounts read of ``photocen.limits``: keys' last use, and usage."""

    def key_last_used(self, account_id: str) -> Mapping[str, datetime]: ...
    def usage(self, account_id: str, plan: str) -> Usage: ...


class AccountDirectory:
    """Reads accounts and nothing else (one ``GetItem``): what a function that only needs to
    know who an account is (act-on-behalf) is given."""

    def __init__(self, accounts: AccountStore) -> None:
        self._accounts = accounts

    def get(self, account_id: str) -> Account | None:
        return self._accounts.get(account_id)


def refuse_unless_active(account: Account) -> None:
    """``Forbidden`` for a suspended or closed account: its keys still exist, but may not
    be used (the answer the authorizer and act-on-behalf give)."""
    if account.status != "active":
        raise Forbidden(f"This account is {account.status}.")


class AccountService:
    """Account and key operations; credits move through the ledger."""

    def __init__(
        self,
        accounts: AccountStore,
        keys: ApiKeyStore,
        ledger: Ledger,
        limits: LimitsReader | None = None,
    ) -> None:
        self._accounts = accounts
        self._keys = keys
        self._ledger = ledger
        self._limits = limits
        self._authenticator = Authenticator(keys, accounts)

    def create_account(
        self,
        *,
        kind: AccountKind = "user",
        plan: str = "free",
        name: str | None = None,
        account_id: str | None = None,
    ) -> tuple[Account, IssuedKey]:
        """A self-standing account (a user or a partner) with its signup credits and first
        key. A partner's end users are made by ``create_end_user`` (no free credits)."""
        if plan not in PLANS:
            raise ValidationFailed(f"plan: unknown plan {plan!r}; one of {sorted(PLANS)}")
        account = Account(
            account_id=account_id or new_account_id(),
            kind=kind,
            plan=plan,
            partner_id=None,
            name=name,
            created_at=utcnow(),
        )
        self._accounts.create(account)
        self._ledger.grant(account.account_id, SIGNUP_CREDITS, "signup", "signup bonus")
        return account, self.issue_key(account.account_id)

    def create_end_user(
        self, partner_id: str, external_id: str, *, name: str | None = None, plan: str = "free"
    ) -> tuple[Account, IssuedKey | None]:
        """Provision a partner's end user, idempotent on ``(partner_id, external_id)``: the
        first call creates the account and its first key; a repeat returns the account and
        no key (``None``). An end user gets no signup credits: its partner funds it from
        the pool, or any partner could mint credits by creating users."""
        partner = self.get_account(partner_id)
        if partner.kind != "partner":
            raise Forbidden("Only a partner account provisions end users.")
        if plan not in PLANS or plan == "partner":
            raise ValidationFailed(f"plan: unknown end-user plan {plan!r}")
        account = Account(
            account_id=end_user_account_id(partner_id, external_id),
            kind="user",
            plan=plan,
            partner_id=partner_id,
            name=name,
            created_at=utcnow(),
            external_id=external_id,
        )
        try:
            self._accounts.create(account)
        except AccountExists:
            return self.get_account(account.account_id, consistent=True), None
        return account, self.issue_key(account.account_id)

    def end_users(self, partner_id: str, limit: int, cursor: str | None) -> AccountPage:
        """One page of the partner's end users, in account-id order."""
        return self._accounts.of_partner(partner_id, limit, cursor)

    def set_status(self, account_id: str, status: AccountStatus) -> Account:
        """Suspend, reactivate or close an account. Closing is for good: a closed account
        cannot be reopened (``ValidationFailed``), and its keys are revoked."""
        current = self.get_account(account_id, consistent=True)
        if current.status == status:
            return current
        updated = self._accounts.set_status(account_id, status, unless="closed")
        if updated is None:
            raise ValidationFailed("status: a closed account cannot be reopened")
        if status == "closed":
            for key in self._keys.of_account(account_id):
                if key.revoked_at is None:
                    self._keys.revoke(key.key_hash, utcnow())
        return updated

    def get_account(self, account_id: str, *, consistent: bool = False) -> Account:
        account = self._accounts.get(account_id, consistent=consistent)
        if account is None:
            raise NotFound(f"no account {account_id}")
        return account

    def summary(self, account_id: str) -> AccountSummary:
        """The account, its credits now and (with limits) today's and this month's usage."""
        account = self.get_account(account_id)
        usage = self._limits.usage(account.account_id, account.plan) if self._limits else None
        return AccountSummary(account, self._ledger.balance(account.account_id), usage)

    def usage(self, account_id: str) -> Usage:
        """Today's and this month's usage and what the account's plan leaves."""
        if self._limits is None:
            raise RuntimeError("AccountService built without limits")
        return self._limits.usage(account_id, self.get_account(account_id).plan)

    def credit_history(self, account_id: str, limit: int) -> CreditHistory:
        """The ``limit`` most recent ledger entries (oldest first) and the credits now."""
        entries = self._ledger.entries(account_id)[-limit:]
        return CreditHistory(self._ledger.balance(account_id).balance, entries)

    def issue_key(
        self, account_id: str, *, name: str | None = None, token: str | None = None
    ) -> IssuedKey:
        """Issue a new key; its token is shown once, here, and only its hash is stored.
        ``token`` lets the local stack pin a demo token."""
        account = self.get_account(account_id)
        token = token or new_token(account.kind)
        if not is_well_formed(token):
            raise ValidationFailed("token: not a pc_live_/pc_partner_ token")
        key = ApiKey(
            key_hash=hash_token(token),
            key_id=new_key_id(),
            account_id=account.account_id,
            kind=account.kind,
            plan=account.plan,
            partner_id=account.partner_id,
            created_at=utcnow(),
            name=name,
            prefix=shown_prefix(token),
        )
        self._keys.add(key)
        return IssuedKey(
            key_id=key.key_id,
            token=token,
            account_id=account.account_id,
            name=name,
            created_at=key.created_at,
            prefix=key.prefix,
        )

    def list_keys(self, account_id: str) -> list[KeyInfo]:
        """The account's keys, oldest first, revoked ones included (never a token)."""
        keys = sorted(self._keys.of_account(account_id), key=lambda k: (k.created_at, k.key_id))
        used = self._limits.key_last_used(account_id) if self._limits and keys else {}
        return [key.info(used.get(key.key_id)) for key in keys]

    def revoke_key(self, account_id: str, key_id: str, *, confirm_last: bool = False) -> KeyInfo:
        """Revoke one of the account's keys (again: harmless). Revoking the last working key
        is refused (409 ``conflict``) unless ``confirm_last``. The authorizer's cache keeps
        a revoked key working for at most ``AUTHORIZER_CACHE_TTL_SECONDS``."""
        key = self._own_key(account_id, key_id)
        if key.revoked_at is None:
            if not confirm_last and not self._other_live_keys(account_id, key_id):
                raise Conflict(LAST_KEY_MESSAGE)
            key = self._keys.revoke(key.key_hash, utcnow())
        return key.info()

    def rotate_key(self, account_id: str, key_id: str) -> IssuedKey:
        """A new key with the same name; the old one is revoked at once (no grace period:
        a caller who needs an overlap creates a second key first, then revokes)."""
        old = self._own_key(account_id, key_id)
        if old.revoked_at is not None:
            raise Conflict(f"key {key_id} is revoked; create a new key instead")
        issued = self.issue_key(account_id, name=old.name)
        self._keys.revoke(old.key_hash, utcnow())
        return issued

    def _own_key(self, account_id: str, key_id: str) -> ApiKey:
        keys = self._keys.of_account(account_id, key_id)
        # The index is eventually consistent; read and update the table item itself.
        key = self._keys.get(keys[0].key_hash) if keys else None
        if key is None:
            raise NotFound(f"no key {key_id} on account {account_id}")
        return key

    def _other_live_keys(self, account_id: str, key_id: str) -> list[ApiKey]:
        return [
            k
            for k in self._keys.of_account(account_id)
            if k.key_id != key_id and k.revoked_at is None
        ]

    def resolve(self, token: str) -> Principal:
        """The principal of a live token, or ``Unauthorized`` (missing, unknown, revoked)."""
        return self._authenticator.resolve(token)
