"""Visual search's plain types: what the index holds, how a query is narrowed, what it
answers. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IndexedImage:
    """One catalog image in the vector index (private images never are)."""

    image_id: int
    owner: str
    region: str
    searchable: bool
    created_at: datetime
    vector: tuple[float, ...]


@dataclass(frozen=True)
class SearchFilter:
    """Applied inside the k-NN query (never after it): only searchable images, and
    optionally one owner's, one region's, and not the image a "more like this" starts from."""

    owner: str | None = None
    region: str | None = None
    exclude_image_id: int | None = None


@dataclass(frozen=True)
class Hit:
    image_id: int
    score: float


@dataclass(frozen=True)
class HitPage:
    hits: tuple[Hit, ...]
