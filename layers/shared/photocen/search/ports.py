"""The two ports of search. Adapters: ``adapters/`` (AWS and local), chosen in ``wiring``.

Both adapters of a port behave alike: an ``Embedder`` returns unit vectors of length
``dimension``; a ``VectorIndex`` filters before it takes the top k (owner, region,
``searchable`` always, the excluded id) and scores with ``model.score_of``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from photocen.search.model import HitPage, IndexedImage, SearchFilter


class Embedder(Protocol):
    dimension: int
    model_id: str

    def embed_text(self, text: str) -> tuple[float, ...]:
        """A search query (or caption) as a unit vector."""
        ...

    def embed_image(self, data: bytes, caption: str) -> tuple[float, ...]:
        """An image as a unit vector. Titan embeds the image itself (with its caption, when
        given, averaged in by the model); the local text model embeds the caption only."""
        ...


class VectorIndex(Protocol):
    def ensure_index(self) -> None:
        """Create the index if it is missing (idempotent)."""
        ...

    def upsert(self, image: IndexedImage) -> None:
        """Add or replace the document of ``image.image_id`` (idempotent)."""
        ...

    def delete(self, image_id: int) -> None:
        """Remove the document of ``image_id``; an absent one is fine (idempotent)."""
        ...

    def get_vector(self, image_id: int) -> tuple[float, ...] | None:
        """The stored vector of ``image_id`` ("more like this"), or None."""
        ...

    def query(
        self, vector: Sequence[float], *, k: int, offset: int = 0, filter: SearchFilter
    ) -> HitPage:
        """Ranks ``offset`` .. ``offset + k - 1`` of the searchable documents that pass
        ``filter``, closest first."""
        ...
