"""The catalog's rules over an in-memory store and object store: no I/O, only ``Catalog``
(the store's transaction, conditions and error mapping are tested against moto in
tests/integration/catalog)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest
from photocen.catalog.model import CatalogImage, Header, PreparedImage
from photocen.catalog.service import Catalog
from photocen.platform.errors import NotFound

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


class MemoryCatalogStore:
    def __init__(self) -> None:
        self.images: dict[int, CatalogImage] = {}
        self.seeds: dict[str, int] = {}
        self.last_id = 0
        self.reads = 0

    def get(self, image_id: int) -> CatalogImage | None:
        self.reads += 1
        return self.images.get(image_id)

    def batch_get(self, image_ids: Sequence[int]) -> list[CatalogImage]:
        return [self.images[i] for i in reversed(image_ids) if i in self.images]

    def header(self, *, consistent: bool = False) -> Header:
        return Header(self.last_id, len(self.images))

    def allocate_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def add(self, image: CatalogImage) -> None:
        assert image.image_id not in self.images
        self.images[image.image_id] = image

    def seed(self, seed: str) -> int | None:
        return self.seeds.get(seed)

    def record_seed(self, seed: str, image_id: int, created_at: datetime) -> int:
        return self.seeds.setdefault(seed, image_id)


class MemoryObjects:
    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], tuple[bytes, str]] = {}

    def get(self, bucket: str, key: str) -> bytes | None:
        found = self.objects.get((bucket, key))
        return None if found is None else found[0]

    def put(self, bucket: str, key: str, data: bytes, content_type: str, **_: Any) -> None:
        self.objects[(bucket, key)] = (data, content_type)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _catalog(ttl: float = 0.0, clock: Clock | None = None) -> Catalog:
    return Catalog(
        MemoryCatalogStore(),  # type: ignore[arg-type]
        MemoryObjects(),  # type: ignore[arg-type]
        "catalog-bucket",
        metadata_ttl=ttl,
        clock=clock or Clock(),
    )


def _prepared(
    width: int = 800, height: int = 600, master_is_original: bool = True
) -> PreparedImage:
    master = None if master_is_original else b"master"
    return PreparedImage("JPEG", b"original", [((width, height), master), ((566, 424), b"copy")])


def test_an_import_stores_the_original_and_its_copies_under_its_id() -> None:
    catalog = _catalog()
    image = catalog.store_prepared(_prepared(), author="Ana")
    objects = catalog.objects.objects  # type: ignore[attr-defined]
    # A clean JPEG is its own master: the first copy is the original file itself.
    assert [c.key for c in image.copies] == ["catalog/1/original.jpg", "catalog/1/566x424.jpg"]
    assert objects[("catalog-bucket", "catalog/1/original.jpg")] == (b"original", "image/jpeg")
    assert objects[("catalog-bucket", "catalog/1/566x424.jpg")] == (b"copy", "image/jpeg")
    assert (image.width, image.height, image.owner) == (800, 600, "operator")
    assert catalog.read_copy(image.copies[1]) == b"copy"
    # A normalised master is stored beside the original.
    png = catalog.store_prepared(
        PreparedImage("PNG", b"png", [((10, 10), b"master")]), author="Ana"
    )
    assert png.original_key == "catalog/2/original.png"
    assert [c.key for c in png.copies] == ["catalog/2/10x10.jpg"]
    assert catalog.header(fresh=True) == Header(2, 2)


def test_random_picks_skip_the_holes_of_failed_imports() -> None:
    catalog = _catalog()
    catalog.store_prepared(_prepared(), author="a")
    catalog.allocate_id()  # an import that died after taking id 2
    catalog.store_prepared(_prepared(), author="a")
    rng = random.Random(3)
    assert {catalog.random(rng).image_id for _ in range(30)} == {1, 3}
    page = catalog.page(1, 10)
    assert [i.image_id for i in page.images] == [1, 3]  # in id order, whatever the store gives
    assert (page.total, page.last_page) == (2, 1)


def test_records_are_cached_for_the_metadata_ttl_only() -> None:
    clock = Clock()
    catalog = _catalog(ttl=300, clock=clock)
    catalog.store_prepared(_prepared(), author="a")
    store = catalog.store
    catalog._images.clear()  # a new container: nothing remembered yet
    catalog.get(1)
    catalog.get(1)
    assert store.reads == 1  # type: ignore[attr-defined]
    clock.now = 301
    catalog.get(1)
    assert store.reads == 2  # type: ignore[attr-defined]


def test_a_seed_keeps_its_first_image_however_the_catalog_grows() -> None:
    catalog = _catalog()
    for _ in range(2):
        catalog.store_prepared(_prepared(), author="a")
    first = {f"s{i}": catalog.resolve_seed(f"s{i}").image_id for i in range(10)}
    for _ in range(20):
        catalog.store_prepared(_prepared(), author="a")
    fresh = _catalog()  # another container, same store
    fresh.store = catalog.store
    assert {s: fresh.resolve_seed(s).image_id for s in first} == first
    # A seed another request recorded first is the seed's answer.
    catalog.store.seeds["race"] = 7  # type: ignore[attr-defined]
    assert catalog.resolve_seed("race").image_id == 7


def test_an_empty_catalog_answers_not_found() -> None:
    catalog = _catalog()
    with pytest.raises(NotFound):
        catalog.random()
    with pytest.raises(NotFound):
        catalog.resolve_seed("anything")
    with pytest.raises(NotFound):
        catalog.get(1)
