"""Fixtures shared by integration tests of more than one capability: the image catalog
(used by the catalog's own tests and by delivery's)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from photocen.catalog.model import CatalogImage
from photocen.catalog.service import Catalog


@pytest.fixture
def no_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Request paths never scan a table: any scan of a catalog table is a failure."""
    from photocen.catalog.store import CatalogHeaderRecord, CatalogImageRecord, CatalogSeedRecord

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a catalog table was scanned")

    for model in (CatalogImageRecord, CatalogHeaderRecord, CatalogSeedRecord):
        monkeypatch.setattr(model, "scan", refuse)


@pytest.fixture
def catalog(aws: Any, no_scans: None) -> Catalog:
    """The catalog on the test's moto tables and bucket (no record cache: an importer's)."""
    from photocen.catalog.store import CatalogStore
    from photocen.platform.objects import S3ObjectStore

    return Catalog(
        CatalogStore(aws.tables["catalog"], aws.tables["catalog_seeds"], aws.target),
        S3ObjectStore(aws.target),
        aws.buckets["catalog"],
    )


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


# The embedder and vector index of the process's functions, fresh for each test that asks.
from tests.search_ports import search_ports  # noqa: E402, F401
