"""Delivery in-process: a small catalog in moto, the delivery function behind the real
authorizer (``api``), and a fresh warm container per test."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from photocen.catalog.service import Catalog, CatalogImage


@pytest.fixture
def delivery(aws: Any) -> Iterator[Any]:
    """The delivery function's service, new for each test: moto is reset between tests, so
    caches of an earlier test's catalog must not leak into this one (a new container)."""
    from functions.delivery import routes

    routes.services.cache_clear()
    service = routes.services()
    yield service
    routes.services.cache_clear()


@pytest.fixture
def catalog(aws: Any) -> Catalog:
    from photocen.platform.objects import S3ObjectStore

    return Catalog(S3ObjectStore(aws.region, aws.endpoint), aws.buckets["catalog"])


@pytest.fixture
def add_images(catalog: Catalog) -> Callable[..., list[CatalogImage]]:
    """Import ``n`` procedural pictures (small, so an import is a few milliseconds)."""
    from model.engines.procedural import render

    def add(
        n: int, width: int = 480, height: int = 320, author: str = "Test Author"
    ) -> list[CatalogImage]:
        start = catalog.header(fresh=True).last_id
        added = []
        for i in range(n):
            buffer = io.BytesIO()
            render(f"test picture {start + i}", start + i, width, height).save(
                buffer, "JPEG", quality=90
            )
            added.append(catalog.add(buffer.getvalue(), author=author))
        return added

    return add


@pytest.fixture(autouse=True)
def no_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Request paths never scan a table: any scan in these tests is a failure."""
    from photocen.catalog.store import CatalogHeaderRecord, CatalogImageRecord, CatalogSeedRecord

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a catalog table was scanned")

    for model in (CatalogImageRecord, CatalogHeaderRecord, CatalogSeedRecord):
        monkeypatch.setattr(model, "scan", refuse)


@pytest.fixture
def funded(new_account: Any, ledger: Any) -> Callable[[int], Any]:
    """Factory: an account holding exactly ``credits`` credits."""

    def make(credits: int) -> Any:
        who = new_account()
        have = ledger.balance(who.account_id).balance
        if credits > have:
            ledger.grant(who.account_id, credits - have, f"test:{who.account_id}")
        for _ in range(have - credits):
            ledger.charge_metered(who.account_id)
        assert ledger.balance(who.account_id).balance == credits
        return who

    return make
