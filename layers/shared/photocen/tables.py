"""The single definition of every DynamoDB table.

PynamoDB models describe the items; ``TABLES`` derives a plain ``TableSpec`` (keys, indexes,
TTL) from them. The CDK data construct and the local bootstrap both build tables from
``TABLES``, so the deployed schema, the local schema and the code cannot drift.

Physical names are never hard-coded: ``bind()`` points each model at the name the deployment
gave it (an environment variable set by the CDK, or the local bootstrap's names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

KeyType = Literal["S", "N", "B"]


class _Unbound:
    """Placeholder Meta: a model must be bound to a physical table before use."""

    table_name = "unbound"
    region: str | None = None
    host: str | None = None
    max_retry_attempts = 3
    base_backoff_ms = 25


# ---------------------------------------------------------------- accounts
class AccountRecord(Model):
    """One item per account.

    Access patterns: get by ``account_id`` (account route, admin, key issue).
    """

    class Meta(_Unbound):
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

    class Meta(_Unbound):
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


# ---------------------------------------------------------------- credits
BALANCE_ENTRY = "balance"
LEDGER_PREFIX = "ledger#"


class BalanceRecord(Model):
    """The balance item of an account: ``entry == "balance"``.

    ``metered_total`` counts credits taken by metered deliveries, which change the balance
    with one conditional ``UpdateItem`` and write no ledger row. Invariant:
    ``balance + metered_total == sum(ledger amounts)``.

    Access patterns: get/update by ``(account_id, "balance")``.
    """

    class Meta(_Unbound):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True, default=BALANCE_ENTRY)
    balance = NumberAttribute(default=0)
    metered_total = NumberAttribute(default=0)


class LedgerRecord(Model):
    """An append-only ledger entry: ``entry == "ledger#<operation key>"``.

    The operation key makes each change idempotent: an entry is written with
    ``attribute_not_exists``, so replaying an operation changes nothing.

    Access patterns: get by key (replay detection); query ``begins_with(entry, "ledger#")``
    for an account's history.
    """

    class Meta(_Unbound):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)
    amount = NumberAttribute()  # signed: + grant/release, - reservation
    operation = UnicodeAttribute()  # grant | reserve | settle | refund
    reference = UnicodeAttribute(null=True)  # job id, operator note, …
    created_at = UTCDateTimeAttribute()


# ---------------------------------------------------------------- specs
@dataclass(frozen=True)
class KeySpec:
    name: str
    type: KeyType


@dataclass(frozen=True)
class IndexSpec:
    name: str
    partition: KeySpec
    sort: KeySpec | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table as infrastructure sees it: what CDK and the local bootstrap create."""

    logical_name: str  # also the CDK construct id and the env var suffix
    partition: KeySpec
    sort: KeySpec | None = None
    indexes: tuple[IndexSpec, ...] = ()
    ttl_attribute: str | None = None
    models: tuple[type[Model], ...] = field(default=(), compare=False)

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_TABLE"


def _key(model: type[Model], name: str | None) -> KeySpec | None:
    if name is None:
        return None
    attr = model.get_attributes()[name]
    return KeySpec(name=attr.attr_name, type=attr.attr_type)  # type: ignore[arg-type]


def spec_from_models(
    logical_name: str, *models: type[Model], ttl_attribute: str | None = None
) -> TableSpec:
    """Derive a table spec from the model(s) stored in one table; they must agree on keys."""
    first = models[0]
    partition = _key(first, first._hash_keyname)
    sort = _key(first, first._range_keyname)
    assert partition is not None
    for other in models[1:]:
        if (_key(other, other._hash_keyname), _key(other, other._range_keyname)) != (
            partition,
            sort,
        ):
            raise ValueError(f"models of table {logical_name} disagree on keys")
    indexes: list[IndexSpec] = []
    for model in models:
        for index in model._indexes.values():
            hash_name = next(a.attr_name for a in index.Meta.attributes.values() if a.is_hash_key)
            range_name = next(
                (a.attr_name for a in index.Meta.attributes.values() if a.is_range_key), None
            )
            idx_partition = _key(model, hash_name)
            assert idx_partition is not None
            indexes.append(IndexSpec(index.Meta.index_name, idx_partition, _key(model, range_name)))
    return TableSpec(logical_name, partition, sort, tuple(indexes), ttl_attribute, models)


ACCOUNTS = spec_from_models("accounts", AccountRecord)
API_KEYS = spec_from_models("api_keys", ApiKeyRecord)
CREDITS = spec_from_models("credits", BalanceRecord, LedgerRecord)

TABLES: tuple[TableSpec, ...] = (ACCOUNTS, API_KEYS, CREDITS)


def bind(names: Mapping[str, str], *, region: str, host: str | None = None) -> None:
    """Point the models of the named logical tables at their physical tables."""
    for spec in TABLES:
        if spec.logical_name not in names:
            continue
        for model in spec.models:
            model.Meta.table_name = names[spec.logical_name]
            model.Meta.region = region
            model.Meta.host = host
            model._connection = None  # PynamoDB caches one connection per model class


def bind_settings(settings: object) -> None:
    """Bind every table a settings object names (field ``<logical>_table``)."""
    names = {
        spec.logical_name: getattr(settings, f"{spec.logical_name}_table")
        for spec in TABLES
        if getattr(settings, f"{spec.logical_name}_table", None)
    }
    bind(
        names,
        region=settings.aws_region,  # type: ignore[attr-defined]
        host=settings.aws_endpoint_url,  # type: ignore[attr-defined]
    )
