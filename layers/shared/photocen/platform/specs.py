"""What infrastructure needs to know of a table, bucket, queue or topic.

Plain specs: the CDK constructs and the local bootstrap build resources from them
(``photocen.resources`` lists every one). Table specs are derived from the PynamoDB
models stored in the table, so the deployed schema and the code cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pynamodb.models import Model

KeyType = Literal["S", "N", "B"]


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


@dataclass(frozen=True)
class BucketSpec:
    logical_name: str
    purpose: str
    expire_after_days: int | None = None  # whole-bucket lifecycle expiry
    expire_prefixes: tuple[tuple[str, int], ...] = ()  # (prefix, days) rules
    # S3 versioning on AWS (the local stack ignores it): only for images that are kept.
    versioned: bool = False

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_BUCKET"

    @property
    def output_id(self) -> str:
        """The stack output holding the physical name (``catalog`` → ``CatalogBucketName``)."""
        return pascal(self.logical_name) + "BucketName"


@dataclass(frozen=True)
class QueueSpec:
    logical_name: str
    # Lambda's guidance: at least 6x the consumer's timeout, so a slow batch is not redelivered
    # while it is still being worked on.
    visibility_timeout_seconds: int
    # Deliveries before SQS moves a message to the dead-letter queue.
    max_receive_count: int
    retention_days: int = 4
    dlq_retention_days: int = 14
    consumer: str = ""  # the function the event source mapping feeds

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_QUEUE_URL"

    @property
    def dlq_logical_name(self) -> str:
        return f"{self.logical_name}_dlq"

    @property
    def dlq_env_var(self) -> str:
        return f"PHOTOCEN_{self.dlq_logical_name.upper()}_QUEUE_URL"


@dataclass(frozen=True)
class TopicSpec:
    logical_name: str
    subscribers: tuple[str, ...]  # logical names of queues subscribed (SNS envelope, not raw)

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_TOPIC_ARN"
