"""PynamoDB plumbing: unbound models, binding a model to its table, transactions."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pynamodb.connection import Connection
from pynamodb.models import Model

from photocen.platform.aws import AwsTarget


class UnboundMeta:
    """Placeholder Meta: a model must be bound to a physical table before use."""

    table_name = "unbound"
    region: str | None = None
    host: str | None = None
    max_retry_attempts = 3
    base_backoff_ms = 25


def bind(models: Iterable[type[Model]], table_name: str, target: AwsTarget) -> None:
    """Point the PynamoDB models stored in one table at its physical name.

    PynamoDB keeps the table on the model class, so this is process-wide: a store calls it
    when it is built, and stores are built once per container by their capability's wiring.
    """
    for model in models:
        model.Meta.table_name = table_name
        model.Meta.region = target.region
        model.Meta.host = target.endpoint_url
        model._connection = None  # PynamoDB caches one connection per model class


def transaction_connection(model: type[Model]) -> Connection:
    """The connection a ``TransactWrite`` needs, pointed where ``model`` is bound; one per
    container, as for the models themselves."""
    return _connection(model.Meta.region, model.Meta.host)


@cache
def _connection(region: str | None, host: str | None) -> Connection:
    return Connection(region=region, host=host)
