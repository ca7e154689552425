"""What search depends on, by interface; adapters (AWS and local) are chosen by settings.

- ``Embedder``: text and images into one vector space (Bedrock Titan Multimodal Embeddings
  on AWS, a small local text model here).
- ``VectorIndex``: k-NN over those vectors with filters inside the query (OpenSearch on
  AWS, an exact in-process index here).
"""

from __future__ import annotations

from typing import Protocol

from photocen.search.model import HitPage, IndexedImage, SearchFilter


class Embedder(Protocol):
    @property
    def dimension(self) -> int: ...

    @property
    def model_id(self) -> str: ...

    def embed_text(self, text: str) -> tuple[float, ...]: ...

    def embed_image(self, data: bytes, caption: str) -> tuple[float, ...]: ...


class VectorIndex(Protocol):
    def ensure_index(self) -> None: ...

    def upsert(self, image: IndexedImage) -> None: ...

    def delete(self, image_id: int) -> None: ...

    def get_vector(self, image_id: int) -> tuple[float, ...] | None: ...

    def query(
        self,
        vector: tuple[float, ...],
        *,
        k: int,
        offset: int = 0,
        filter: SearchFilter,
    ) -> HitPage: ...
