"""The embedder and vector index the integration tests run with, and the fixture that puts
them in place of the process's (``photocen.generation.wiring.search_ports``).

Until the search capability's local adapters land, small in-test fakes of *our* ports: a
bag-of-words embedder (shared words → closer) and an exact index with the ports' filter
semantics (searchable only; owner, region, excluded id inside the query)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from photocen.search.model import Hit, HitPage, IndexedImage, SearchFilter, score_of

DIMENSION = 64


class WordsEmbedder:
    dimension = DIMENSION
    model_id = "test-words"

    def __init__(self) -> None:
        self.calls = 0

    def embed_text(self, text: str) -> tuple[float, ...]:
        self.calls += 1
        vector = [0.0] * DIMENSION
        for word in "".join(c if c.isalnum() else " " for c in text.lower()).split():
            vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % DIMENSION] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return tuple(v / norm for v in vector)

    def embed_image(self, data: bytes, caption: str) -> tuple[float, ...]:
        return self.embed_text(caption)


class ExactIndex:
    def __init__(self) -> None:
        self.images: dict[int, IndexedImage] = {}
        self.upserts = 0

    def ensure_index(self) -> None:
        pass

    def upsert(self, image: IndexedImage) -> None:
        self.upserts += 1
        self.images[image.image_id] = image

    def delete(self, image_id: int) -> None:
        self.images.pop(image_id, None)

    def get_vector(self, image_id: int) -> tuple[float, ...] | None:
        image = self.images.get(image_id)
        return None if image is None else image.vector

    def query(
        self, vector: Sequence[float], *, k: int, offset: int = 0, filter: SearchFilter
    ) -> HitPage:
        candidates = [
            i
            for i in self.images.values()
            if i.searchable
            and (filter.owner is None or i.owner == filter.owner)
            and (filter.region is None or i.region == filter.region)
            and i.image_id != filter.exclude_image_id
        ]
        scored = sorted(
            ((sum(a * b for a, b in zip(vector, i.vector, strict=True)), i) for i in candidates),
            key=lambda pair: (-pair[0], pair[1].image_id),
        )
        end = offset + k
        return HitPage(
            [Hit(i.image_id, score_of(s)) for s, i in scored[offset:end]],
            next_offset=end if end < len(scored) else None,
        )


@pytest.fixture
def search_ports(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any]]:
    """A fresh embedder and index for the process's functions (lifecycle, search, delete)."""
    import photocen.generation.wiring as generation_wiring
    import photocen.search.wiring as search_wiring

    ports = (WordsEmbedder(), ExactIndex())
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
