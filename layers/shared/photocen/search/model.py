"""Plain types of search: what the index holds, how it is filtered, what a query answers.

The score of a hit is OpenSearch's for a faiss ``innerproduct`` space (``score_of``), so the
local index and OpenSearch rank and score alike: on unit vectors the inner product ``ip`` is
the cosine similarity in [-1, 1] and the score is ``1 + ip`` when ``ip >= 0``, else
``1 / (1 - ip)`` — always positive, in (0.5, 2], increasing with similarity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IndexedImage:
    """One document of the index: a searchable catalog image and its embedding."""

    image_id: int  # catalog id
    owner: str  # account id of the author (the generating account)
    region: str  # the generation's applied region code
    searchable: bool  # always True in practice; queries filter on it anyway
    created_at: datetime
    vector: tuple[float, ...]  # L2-normalised, length = the index's dimension


@dataclass(frozen=True)
class SearchFilter:
    """Restrictions applied before the top k is taken (filter-then-k, never a post-filter)."""

    owner: str | None = None  # only this owner's images
    region: str | None = None  # only this region's images
    exclude_image_id: int | None = None  # "more like this" leaves out the query image


@dataclass(frozen=True)
class Hit:
    image_id: int
    score: float  # score_of(inner product): higher is closer


@dataclass(frozen=True)
class HitPage:
    """Ranks ``offset`` .. ``offset + k - 1`` of a query. ``next_offset`` is where the next
    page starts, or None when no allowed document is left (k-NN has no search_after, so the
    route encodes this offset in its cursor)."""

    hits: list[Hit]
    next_offset: int | None = None


def score_of(inner_product: float) -> float:
    """OpenSearch's score of a faiss ``innerproduct`` hit (its k-NN "spaces" table)."""
    if inner_product >= 0:
        return 1.0 + inner_product
    return 1.0 / (1.0 - inner_product)


def unit_vector(values: Iterable[float]) -> tuple[float, ...]:
    """``values`` scaled to length 1 (both adapters of each port hand out unit vectors)."""
    vector = tuple(float(v) for v in values)
    norm = math.sqrt(math.fsum(v * v for v in vector))
    if not vector or norm == 0.0 or not math.isfinite(norm):
        raise ValueError("an embedding must be a non-empty, finite, non-zero vector")
    return tuple(v / norm for v in vector)
