"""The search service's own rules over in-memory fakes: query xor image, filters passed into
the index query (never applied after it), hits without a catalog record dropped, cursors that
continue only their own search, and the depth cap. No I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from photocen.catalog.model import CatalogImage, SourceCopy
from photocen.platform.errors import NotFound, ValidationFailed
from photocen.search.model import Hit, HitPage, SearchFilter
from photocen.search.service import MAX_DEPTH, SearchRequest, SearchService

WHEN = datetime(2026, 11, 30, tzinfo=UTC)


class Index:
    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        self.filters: list[SearchFilter] = []

    def get_vector(self, image_id: int) -> tuple[float, ...] | None:
        return (1.0,) if image_id in self.ids else None

    def query(self, vector: Any, *, k: int, offset: int = 0, filter: SearchFilter) -> HitPage:
        self.filters.append(filter)
        allowed = [i for i in self.ids if i != filter.exclude_image_id]
        page = allowed[offset : offset + k]
        end = offset + k
        return HitPage([Hit(i, 2.0 - i / 100) for i in page], end if end < len(allowed) else None)


class Embedder:
    dimension = 1
    model_id = "fake"

    def embed_text(self, text: str) -> tuple[float, ...]:
        return (1.0,)


class Catalog:
    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def get_many(self, image_ids: list[int]) -> dict[int, CatalogImage]:
        return {
            i: CatalogImage(
                i, "Ada", 512, 512, "acct", "global", WHEN, "k", (SourceCopy(f"c/{i}", 512, 512),)
            )
            for i in image_ids
            if i in self.ids
        }


class Urls:
    def signed_url(self, key: str, ttl_seconds: int) -> str:
        return f"https://cdn/{key}?ttl={ttl_seconds}"


def service(index_ids: list[int], catalog_ids: list[int] | None = None) -> tuple[Any, Index]:
    index = Index(index_ids)
    built = SearchService(
        embedder=Embedder(),  # type: ignore[arg-type]
        index=index,  # type: ignore[arg-type]
        catalog=Catalog(catalog_ids if catalog_ids is not None else index_ids),  # type: ignore[arg-type]
        urls=Urls(),
        url_ttl_seconds=60,
        region_of=lambda account, viewer: "jp",
    )
    return built, index


def test_query_xor_image_id():
    search, _ = service([1])
    for request in (SearchRequest(None, None), SearchRequest("cafe", 1)):
        with pytest.raises(ValidationFailed):
            search.search("acct", request)


def test_filters_go_into_the_index_query():
    search, index = service([1, 2, 3])
    page = search.search(
        "acct", SearchRequest(None, 2, same_region_only=True, own_images_only=True)
    )
    assert index.filters == [SearchFilter(owner="acct", region="jp", exclude_image_id=2)]
    assert page.applied_region == "jp"
    assert [r.image_id for r in page.results] == [1, 3]


def test_a_hit_whose_catalog_record_is_gone_is_left_out():
    search, _ = service([1, 2, 3], catalog_ids=[1, 3])
    page = search.search("acct", SearchRequest("cafe", None))
    assert [r.image_id for r in page.results] == [1, 3]
    assert page.results[0].url == "https://cdn/c/1?ttl=60"


def test_an_unknown_image_is_not_found():
    search, _ = service([1])
    with pytest.raises(NotFound):
        search.search("acct", SearchRequest(None, 9))


def test_a_cursor_continues_only_the_search_that_made_it():
    search, _ = service(list(range(1, 8)))
    first = search.search("acct", SearchRequest("cafe", None, limit=3))
    assert first.next_cursor is not None
    second = search.search("acct", SearchRequest("cafe", None, limit=3, cursor=first.next_cursor))
    assert [r.image_id for r in second.results] == [4, 5, 6]
    for other in (
        SearchRequest("tea", None, limit=3, cursor=first.next_cursor),
        SearchRequest("cafe", None, limit=3, own_images_only=True, cursor=first.next_cursor),
    ):
        with pytest.raises(ValidationFailed, match="cursor"):
            search.search("acct", other)
    with pytest.raises(ValidationFailed, match="cursor"):
        search.search(
            "someone else", SearchRequest("cafe", None, limit=3, cursor=first.next_cursor)
        )
    for forged in ("x", first.next_cursor + "A", "e30", "eyJvIjotMSwiZiI6IngifQ"):
        with pytest.raises(ValidationFailed, match="cursor"):
            search.search("acct", SearchRequest("cafe", None, limit=3, cursor=forged))


def test_search_goes_no_deeper_than_the_cap():
    search, _ = service(list(range(1, MAX_DEPTH + 50)))
    request = SearchRequest("cafe", None, limit=50)
    page = search.search("acct", request)
    pages = 1
    while page.next_cursor:
        page = search.search("acct", SearchRequest("cafe", None, limit=50, cursor=page.next_cursor))
        pages += 1
    assert pages == MAX_DEPTH // 50
