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

from photocen.accounts.model import Account, AccountExists, ApiKey, TokenInUse
from photocen.platform.aws import AwsTarget
from photocen.platform.dynamo import UnboundMeta, bind
from photocen.platform.errors import ServiceUnavailable

_CONDITION_FAILED = "ConditionalCheckFailedException"


# ---------------------------------------------------------------- accounts
class AccountRecord(Model):
    """One item per account.

    Access patterns: get by ``account_id`` (account route, admin, key issue).
    """

    class Meta(UnboundMeta):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()  # "user" | "partner"
    plan = UnicodeAttribute()
    partner_id = UnicodeAttribute(null=True)  # set for end users provisioned by a partner
    name = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


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
            name=account.name,
            created_at=account.created_at,
        )
        try:
            record.save(condition=AccountRecord.account_id.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                raise AccountExists(f"account {account.account_id} already exists") from exc
            raise ServiceUnavailable("the accounts store did not answer") from exc

    def get(self, account_id: str) -> Account | None:
        try:
            record = AccountRecord.get(account_id)
        except DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable("the accounts store did not answer") from exc
        return Account(
            account_id=record.account_id,
            kind=record.kind,  # type: ignore[arg-type]
            plan=record.plan,
            partner_id=record.partner_id,
            name=record.name,
            created_at=record.created_at,
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
