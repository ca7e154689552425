"""The embedder and vector index the integration tests run with, and the fixture that puts
them in place of the process's (``photocen.search.wiring.search_ports``): the real local
adapters (all-MiniLM-L6-v2 with numpy, loaded once per process, and a fresh in-memory exact
index per test)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from photocen.search.model import SearchFilter

DIMENSION = 384


class CountingIndex:
    """The exact index, counting its upserts (a test proves a rerun adds nothing)."""

    def __init__(self) -> None:
        from photocen.search.adapters.local_index import ExactIndex

        self._index = ExactIndex(DIMENSION)
        self.upserts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)

    def upsert(self, image: Any) -> None:
        self.upserts += 1
        self._index.upsert(image)

    def ids(self) -> list[int]:
        """Every image id in the index (an unfiltered query deep enough for all of them)."""
        probe = (1.0,) + (0.0,) * (DIMENSION - 1)
        page = self._index.query(probe, k=10_000, filter=SearchFilter())
        return sorted(hit.image_id for hit in page.hits)


@pytest.fixture
def search_ports(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any]]:
    """A fresh index (and the process's embedder) for the functions run in this process
    (lifecycle, search, delete)."""
    import photocen.generation.wiring as generation_wiring
    import photocen.search.wiring as search_wiring

    ports = (search_wiring.local_embedder(), CountingIndex())
    monkeypatch.setattr(search_wiring, "search_ports", lambda: ports)
    caches = (
        generation_wiring.lifecycle,
        generation_wiring.generate_services,
        generation_wiring.search_service,
    )
    for built in caches:
        built.cache_clear()
    yield ports
    for built in caches:
        built.cache_clear()
