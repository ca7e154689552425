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
from functools import cache
from typing import Literal

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection
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


# ---------------------------------------------------------------- generation jobs
class GeneratedImage(MapAttribute):  # type: ignore[type-arg]
    """One picture of a finished job, stored in the cache bucket under ``key``."""

    image_id = UnicodeAttribute()
    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()
    seed = NumberAttribute()
    content_type = UnicodeAttribute()
    bytes = NumberAttribute()


class JobsByAccount(GlobalSecondaryIndex["JobRecord"]):
    """An account's generations, newest first (``scan_index_forward=False``)."""

    class Meta:
        index_name = "by_account"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class PendingJobs(GlobalSecondaryIndex["JobRecord"]):
    """Sparse: only unfinished jobs carry ``pending``/``deadline``; the sweeper queries
    ``deadline < now`` here instead of scanning the table."""

    class Meta:
        index_name = "pending"
        projection = AllProjection()

    pending = UnicodeAttribute(hash_key=True)
    deadline = NumberAttribute(range_key=True)


class JobRecord(Model):
    """One generation job (one item of a generate request); a job is also a *generation*.

    Status moves ``queued → running → completed | failed`` and every move is a conditional
    update on the current status, so duplicated notifications change nothing.

    Access patterns: get by ``job_id`` (poll, jobs consumer, delete); query ``by_account``
    (list generations, newest first); query ``pending`` with ``deadline < now`` (sweeper).
    """

    class Meta(_Unbound):
        pass

    job_id = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()
    status = UnicodeAttribute()  # queued | running | completed | failed
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    completed_at = UTCDateTimeAttribute(null=True)
    prompt = UnicodeAttribute()
    final_prompt = UnicodeAttribute()
    negative_prompt = UnicodeAttribute(default="")
    model = UnicodeAttribute()
    style = UnicodeAttribute(null=True)
    width = NumberAttribute()
    height = NumberAttribute()
    steps = NumberAttribute()
    cfg = NumberAttribute()
    seed = NumberAttribute()
    image_count = NumberAttribute()  # not `count`: that is Model.count()
    region = UnicodeAttribute()
    region_source = UnicodeAttribute()
    searchable = BooleanAttribute(default=True)
    cost_per_image = NumberAttribute()
    reserved = NumberAttribute()
    charged = NumberAttribute(null=True)
    webhook_url = UnicodeAttribute(null=True)
    webhook_enqueued = BooleanAttribute(default=False)
    images = ListAttribute(of=GeneratedImage, null=True)
    engine_ms = NumberAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    pending = UnicodeAttribute(null=True)
    deadline = NumberAttribute(null=True)

    by_account = JobsByAccount()
    pending_jobs = PendingJobs()


# ---------------------------------------------------------------- style memory
class ProfileRecord(Model):
    """An account's generation profile: editable style memory, what was learned from
    completed generations, and the defaults of the region chain.

    Access patterns: get/put/delete by ``account_id``; optimistic updates (``version``).
    """

    class Meta(_Unbound):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    preset = UnicodeAttribute(null=True)
    keywords = ListAttribute(of=UnicodeAttribute, null=True)
    negative_prompt = UnicodeAttribute(null=True)
    default_region = UnicodeAttribute(null=True)
    billing_country = UnicodeAttribute(null=True)
    learned_styles = MapAttribute(null=True)  # type: ignore[var-annotated]
    learned_keywords = MapAttribute(null=True)  # type: ignore[var-annotated]
    learned_from = NumberAttribute(default=0)
    updated_at = UTCDateTimeAttribute(null=True)
    version = VersionAttribute()


# ---------------------------------------------------------------- webhook secrets
class WebhookSecretRecord(Model):
    """The Standard Webhooks signing secret (``whsec_…``) of an account. After a rotation
    the previous secret also signs until ``previous_valid_until``.

    Access patterns: get/put by ``account_id``.
    """

    class Meta(_Unbound):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    secret = UnicodeAttribute()
    previous_secret = UnicodeAttribute(null=True)
    previous_valid_until = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


# ---------------------------------------------------------------- image catalog
CATALOG_HEADER_ID = 0  # the catalog table's header item: id counter and total


class CatalogCopy(MapAttribute):  # type: ignore[type-arg]
    """One stored copy of a catalog image in the catalog bucket (master or pre-shrunk)."""

    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()


class CatalogImageRecord(Model):
    """One catalog image, keyed by its public numeric id (1, 2, 3, … allocated from the
    header item's counter, so ids are dense and a list page is an id range).

    Access patterns: get by ``image_id`` (delivery, info, random pick, seed resolution);
    batch-get an id range (``/v2/list`` pages). Never scanned.
    """

    class Meta(_Unbound):
        pass

    image_id = NumberAttribute(hash_key=True)
    author = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()
    owner = UnicodeAttribute()  # account id, or "operator" for imported images
    region = UnicodeAttribute(default="global")
    created_at = UTCDateTimeAttribute()
    original_key = UnicodeAttribute()  # the file as it was imported, untouched
    copies = ListAttribute(of=CatalogCopy)  # normalised master + pre-shrunk ladder
    title = UnicodeAttribute(null=True)


class CatalogHeaderRecord(Model):
    """The header item (``image_id == 0``): ``last_id`` allocates ids, ``total`` counts the
    images (``X-Total-Count``); the total moves in the same transaction as an image put.

    Access patterns: get/update by ``image_id = 0``.
    """

    class Meta(_Unbound):
        pass

    image_id = NumberAttribute(hash_key=True, default=CATALOG_HEADER_ID)
    last_id = NumberAttribute(default=0)
    total = NumberAttribute(default=0)


class CatalogSeedRecord(Model):
    """``/seed/{seed}``: the image a seed resolved to the first time, recorded with a
    conditional put so it never changes, however the catalog grows.

    Access patterns: get by ``seed``; put if absent.
    """

    class Meta(_Unbound):
        pass

    seed = UnicodeAttribute(hash_key=True)
    image_id = NumberAttribute()
    created_at = UTCDateTimeAttribute()


# ---------------------------------------------------------------- specs
def pascal(logical_name: str) -> str:
    """``api_keys`` → ``ApiKeys``: the one rule for construct ids and stack output ids."""
    return logical_name.title().replace("_", "")


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

    @property
    def output_id(self) -> str:
        """The stack output holding the physical name (``api_keys`` → ``ApiKeysTableName``)."""
        return pascal(self.logical_name) + "TableName"


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
JOBS = spec_from_models("jobs", JobRecord)
PROFILES = spec_from_models("profiles", ProfileRecord)
WEBHOOK_SECRETS = spec_from_models("webhook_secrets", WebhookSecretRecord)
# Powertools' idempotency records (its default attribute names): not a PynamoDB model.
IDEMPOTENCY = TableSpec("idempotency", KeySpec("id", "S"), ttl_attribute="expiration")

CATALOG = spec_from_models("catalog", CatalogImageRecord, CatalogHeaderRecord)
CATALOG_SEEDS = spec_from_models("catalog_seeds", CatalogSeedRecord)

TABLES: tuple[TableSpec, ...] = (
    ACCOUNTS,
    API_KEYS,
    CREDITS,
    JOBS,
    PROFILES,
    WEBHOOK_SECRETS,
    IDEMPOTENCY,
    CATALOG,
    CATALOG_SEEDS,
)


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


def transaction_connection(model: type[Model]) -> Connection:
    """The connection a ``TransactWrite`` needs, pointed where ``model`` is bound; one per
    container, as for the models themselves."""
    return _connection(model.Meta.region, model.Meta.host)


@cache
def _connection(region: str | None, host: str | None) -> Connection:
    return Connection(region=region, host=host)
