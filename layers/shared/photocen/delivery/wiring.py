"""Composition of the delivery capability: settings → catalog, renditions bucket, ledger →
``DeliveryService``.

``delivery_service()`` is built once per container (the delivery function calls it at cold
start, so a missing setting fails there); ``delivery_service_from(settings)`` builds one from
settings already in hand.
"""

from __future__ import annotations

from functools import cache

from photocen.catalog.wiring import catalog_from
from photocen.credits.wiring import ledger_from
from photocen.delivery.service import DeliveryService
from photocen.delivery.settings import DeliverySettings
from photocen.platform.aws import AwsTarget
from photocen.platform.objects import S3ObjectStore
from photocen.platform.settings import load


def delivery_service_from(settings: DeliverySettings) -> DeliveryService:
    """Delivery on the catalog, renditions bucket and credits table these settings name."""
    target = AwsTarget.of(settings)
    return DeliveryService(
        catalog_from(settings, metadata_ttl=settings.delivery_metadata_ttl_seconds),
        S3ObjectStore(target),
        ledger_from(settings),
        renditions_bucket=settings.renditions_bucket,
        max_inline_bytes=settings.delivery_max_inline_bytes,
        redirect_ttl_seconds=settings.delivery_redirect_ttl_seconds,
        lru_bytes=settings.delivery_lru_bytes,
    )


@cache
def delivery_service() -> DeliveryService:
    """The delivery function's service (validates ``DeliverySettings`` on first use)."""
    return delivery_service_from(load(DeliverySettings))
