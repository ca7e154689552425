"""Accounts and API keys in DynamoDB: the records, and the stores that read and write them.

The stores map records to ``accounts.model`` types and PynamoDB's errors to domain errors;
the rules (plans, signup credits, who may revoke what) are in ``accounts.service``.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import (
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import DoesNotExist, GetError, PutError, QueryError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from photocen.accounts.model import (
    Account,
    AccountExists,
    AccountPage,
    AccountStatus,
    ApiKey,
    TokenInUse,
)
from photocen.platform.aws import AwsTarget
from photocen.platform.dynamo import UnboundMeta, bind
from photocen.platform.errors import ServiceUnavailable
from photocen.platform.pagination import CursorFormat

_CONDITION_FAILED = "ConditionalCheckFailedException"


# ---------------------------------------------------------------- accounts
class AccountsByPartner(GlobalSecondaryIndex["AccountRecord"]):
    """A partner's end users (sparse: only accounts with a ``partner_id`` are in it)."""

    class Meta:
        index_name = "by_partner"
        projection = AllProjection()

    partner_id = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute(range_key=True)


class AccountRecord(Model):
    """One item per account.

    Access patterns: get by ``account_id`` (account route, admin, key issue, the
    authorizer's status check); query ``by_partner`` (a partner's end users, paginated).
    """

    class Meta(UnboundMeta):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()  # "user" | "partner"
    plan = UnicodeAttribute()
    partner_id = UnicodeAttribute(null=True)  # set for end users provisioned by a partner
    external_id = UnicodeAttribute(null=True)  # the partner's id for its end user
    name = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)  # absent: "active" (accounts made before statuses)
    created_at = UTCDateTimeAttribute()

    by_partner = AccountsByPartner()


_PARTNER_CURSORS = CursorFormat(AccountRecord, AccountRecord.by_partner, owner="partner_id")


# ---------------------------------------------------------------- api keys
class KeysByAccount(GlobalSecondaryIndex["ApiKeyRecord"]):
    """List an account's keys; find a key by its public ``key_id`` to revoke it."""

    class Meta:
        index_name = "by_account"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    key_id = UnicodeAttribute(range_key=True)


class ApiKeyRecord(Model):
    """One item per API key, keyed by the SHA-256 of the token (the token is never stored).

    The principal (kind, plan, partner) is copied onto the key so the authorizer resolves a
    token with a single ``GetItem``.

    Access patterns: get by ``key_hash`` (authorizer); query ``by_account`` (list, revoke).
    """

    class Meta(UnboundMeta):
        pass

    key_hash = UnicodeAttribute(hash_key=True)
    key_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    plan = UnicodeAttribute()
    partner_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    revoked_at = UTCDateTimeAttribute(null=True)
    name = UnicodeAttribute(null=True)  # the account's label for the key
    prefix = UnicodeAttribute(null=True)  # the token's first characters (not a secret)

    by_account = KeysByAccount()


# ---------------------------------------------------------------- stores
class AccountStore:
    """The accounts table."""

    def __init__(self, table_name: str, target: AwsTarget) -> None:
        bind((AccountRecord,), table_name, target)

    def create(self, account: Account) -> None:
        """Save a new account; ``AccountExists`` if its id is taken."""
        record = AccountRecord(
            account.account_id,
            kind=account.kind,
            plan=account.plan,
            partner_id=account.partner_id,
            external_id=account.external_id,
            name=account.name,
            status=account.status,
            created_at=account.created_at,
        )
        try:
            record.save(condition=AccountRecord.account_id.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                raise AccountExists(f"account {account.account_id} already exists") from exc
            raise ServiceUnavailable("the accounts store did not answer") from exc

    def get(self, account_id: str, *, consistent: bool = False) -> Account | None:
        try:
            record = AccountRecord.get(account_id, consistent_read=consistent)
        except DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable("the accounts store did not answer") from exc
        return _account(record)

    def of_partner(self, partner_id: str, limit: int, cursor: str | None) -> AccountPage:
        """One page of a partner's end users (by account id) and the next page's cursor."""
        start = _PARTNER_CURSORS.decode(cursor, partner_id) if cursor else None
        try:
            result = AccountRecord.by_partner.query(
                partner_id, limit=limit, last_evaluated_key=start
            )
            accounts = [_account(r) for r in result]
        except QueryError as exc:
            raise ServiceUnavailable("the accounts store did not answer") from exc
        last = result.last_evaluated_key
        more = last is not None and len(accounts) == limit
        return AccountPage(accounts, _PARTNER_CURSORS.encode(last) if last and more else None)

    def set_status(
        self, account_id: str, status: AccountStatus, *, unless: AccountStatus | None = None
    ) -> Account | None:
        """Set the account's status (not when it is ``unless``); the account as now stored,
        or ``None`` when it does not exist or was ``unless``."""
        record = AccountRecord(account_id)
        condition = AccountRecord.account_id.exists()
        if unless is not None:
            # An absent status is "active"; DynamoDB's <> is false on a missing attribute.
            condition &= AccountRecord.status.does_not_exist() | (AccountRecord.status != unless)
        try:
            record.update(actions=[AccountRecord.status.set(status)], condition=condition)
        except UpdateError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                return None
            raise ServiceUnavailable("the accounts store did not answer") from exc
        return _account(record)


def _account(record: AccountRecord) -> Account:
    return Account(
        account_id=record.account_id,
        kind=record.kind,  # type: ignore[arg-type]
        plan=record.plan,
        partner_id=record.partner_id,
        name=record.name,
        created_at=record.created_at,
        status=record.status or "active",  # type: ignore[arg-type]
        external_id=record.external_id,
    )


class ApiKeyStore:
    """The API-keys table and its ``by_account`` index."""

    def __init__(self, table_name: str, target: AwsTarget) -> None:
        bind((ApiKeyRecord,), table_name, target)

    def add(self, key: ApiKey) -> None:
        """Save a new key; ``TokenInUse`` if its token's hash is taken."""
        record = ApiKeyRecord(
            key.key_hash,
            key_id=key.key_id,
            account_id=key.account_id,
            kind=key.kind,
            plan=key.plan,
            partner_id=key.partner_id,
            created_at=key.created_at,
            revoked_at=key.revoked_at,
            name=key.name,
            prefix=key.prefix,
        )
        try:
            record.save(condition=ApiKeyRecord.key_hash.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                raise TokenInUse("token: this token is already in use") from exc
            raise ServiceUnavailable("the keys store did not answer") from exc

    def get(self, key_hash: str) -> ApiKey | None:
        """The key with this token hash (one ``GetItem`` of the table item)."""
        try:
            return _api_key(ApiKeyRecord.get(key_hash))
        except DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable("the keys store did not answer") from exc

    def of_account(self, account_id: str, key_id: str | None = None) -> list[ApiKey]:
        """An account's keys (or the one with ``key_id``), from the eventually consistent
        ``by_account`` index."""
        condition = ApiKeyRecord.key_id == key_id if key_id is not None else None
        try:
            return [
                _api_key(record) for record in ApiKeyRecord.by_account.query(account_id, condition)
            ]
        except QueryError as exc:
            raise ServiceUnavailable("the keys store did not answer") from exc

    def revoke(self, key_hash: str, at: datetime) -> ApiKey:
        """Mark the key revoked at ``at``; returns the key as now stored."""
        record = ApiKeyRecord(key_hash)
        try:
            record.update(actions=[ApiKeyRecord.revoked_at.set(at)])
        except UpdateError as exc:
            raise ServiceUnavailable("the keys store did not answer") from exc
        return _api_key(record)


def _api_key(record: ApiKeyRecord) -> ApiKey:
    return ApiKey(
        key_hash=record.key_hash,
        key_id=record.key_id,
        account_id=record.account_id,
        kind=record.kind,  # type: ignore[arg-type]
        plan=record.plan,
        partner_id=record.partner_id,
        created_at=record.created_at,
        revoked_at=record.revoked_at,
        name=record.name,
        prefix=record.prefix,
    )
