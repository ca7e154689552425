"""Accounts and API keys in DynamoDB."""

from __future__ import annotations

from pynamodb.attributes import (
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from photocen.platform.dynamo import UnboundMeta


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

    by_account = KeysByAccount()
