"""The behaviour every ``VectorIndex`` promises, run against the local ``ExactIndex`` (in
memory and file-backed).

The OpenSearch adapter is not run through this suite: OpenSearch cannot run here, and a fake
OpenSearch good enough to pass it would be a second toy index, proving nothing about the
real one. Its request bodies and answer parsing are pinned against OpenSearch's documented
shapes instead (test_opensearch_adapter.py); docs/decisions/0011-search-ports.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from photocen.platform.errors import InternalError
from photocen.search.adapters.local_index import ExactIndex
from photocen.search.model import IndexedImage, SearchFilter, score_of, unit_vector
from photocen.search.ports import VectorIndex

DIM = 8
EVERYONE = SearchFilter()
WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def axis(i: int, tilt: float = 0.0) -> tuple[float, ...]:
    """A unit vector along axis ``i``, tilted towards axis ``i + 1`` by ``tilt``."""
    values = [0.0] * DIM
    values[i % DIM] = 1.0
    values[(i + 1) % DIM] = tilt
    return unit_vector(values)


def image(
    image_id: int,
    vector: tuple[float, ...],
    *,
    owner: str = "acct_a",
    region: str = "eu-west-1",
    searchable: bool = True,
) -> IndexedImage:
    return IndexedImage(image_id, owner, region, searchable, WHEN, vector)


def ids(page) -> list[int]:  # type: ignore[no-untyped-def]
    return [hit.image_id for hit in page.hits]


@pytest.fixture(params=["memory", "file"])
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], VectorIndex]:
    def make() -> VectorIndex:
        path = tmp_path / "index.npz" if request.param == "file" else None
        index = ExactIndex(DIM, path)
        index.ensure_index()
        return index

    return make


@pytest.fixture
def index(make_index: Callable[[], VectorIndex]) -> VectorIndex:
    return make_index()


def test_query_ranks_by_inner_product_with_opensearch_faiss_scores(index: VectorIndex) -> None:
    # Given three images at falling similarity to the query, one of them opposite to it
    query = axis(0)
    index.upsert(image(1, axis(0, tilt=0.5)))
    index.upsert(image(2, axis(0, tilt=0.1)))
    index.upsert(image(3, tuple(-v for v in axis(0))))

    page = index.query(query, k=3, filter=EVERYONE)

    assert ids(page) == [2, 1, 3]
    expected = [score_of(float(np.dot(query, v))) for v in (axis(0, 0.1), axis(0, 0.5))]
    assert [hit.score for hit in page.hits[:2]] == pytest.approx(expected, abs=1e-6)
    # ip = -1 → 1 / (1 - (-1)) = 0.5: OpenSearch's innerproduct score below zero
    assert page.hits[2].score == pytest.approx(0.5, abs=1e-6)


def test_filter_applies_before_top_k_not_after(index: VectorIndex) -> None:
    # Given the five nearest images belong to B, and A's only image is far away
    for n in range(5):
        index.upsert(image(10 + n, axis(0, tilt=0.01 * n), owner="acct_b"))
    index.upsert(image(99, axis(3), owner="acct_a"))

    page = index.query(axis(0), k=2, filter=SearchFilter(owner="acct_a"))

    # Then A's image is found although five closer ones precede it (a post-filter finds none)
    assert ids(page) == [99]
    assert page.next_offset is None


def test_region_filter_and_owner_filter_combine(index: VectorIndex) -> None:
    index.upsert(image(1, axis(0), owner="a", region="eu-west-1"))
    index.upsert(image(2, axis(0, 0.1), owner="a", region="us-east-1"))
    index.upsert(image(3, axis(0, 0.2), owner="b", region="eu-west-1"))

    assert ids(index.query(axis(0), k=5, filter=SearchFilter(region="eu-west-1"))) == [1, 3]
    assert ids(index.query(axis(0), k=5, filter=SearchFilter(owner="a"))) == [1, 2]
    both = SearchFilter(owner="a", region="us-east-1")
    assert ids(index.query(axis(0), k=5, filter=both)) == [2]
    assert ids(index.query(axis(0), k=5, filter=SearchFilter(owner="nobody"))) == []


def test_unsearchable_documents_are_never_returned(index: VectorIndex) -> None:
    index.upsert(image(1, axis(0), searchable=False))
    index.upsert(image(2, axis(5)))

    assert ids(index.query(axis(0), k=5, filter=EVERYONE)) == [2]
    assert ids(index.query(axis(0), k=5, filter=SearchFilter(owner="acct_a"))) == [2]


def test_more_like_this_excludes_the_query_image(index: VectorIndex) -> None:
    index.upsert(image(1, axis(0)))
    index.upsert(image(2, axis(0, 0.3)))
    stored = index.get_vector(1)
    assert stored is not None

    page = index.query(stored, k=5, filter=SearchFilter(exclude_image_id=1))

    assert ids(page) == [2]


def test_pages_continue_where_the_last_ended_without_gaps_or_repeats(index: VectorIndex) -> None:
    for n in range(7):
        index.upsert(image(n + 1, axis(0, tilt=0.1 * n)))

    first = index.query(axis(0), k=3, filter=EVERYONE)
    assert first.next_offset == 3
    second = index.query(axis(0), k=3, offset=first.next_offset, filter=EVERYONE)
    assert second.next_offset == 6
    last = index.query(axis(0), k=3, offset=second.next_offset, filter=EVERYONE)

    assert ids(first) + ids(second) + ids(last) == [1, 2, 3, 4, 5, 6, 7]
    assert last.next_offset is None
    assert ids(index.query(axis(0), k=3, offset=9, filter=EVERYONE)) == []


def test_exactly_k_left_means_no_next_page(index: VectorIndex) -> None:
    for n in range(3):
        index.upsert(image(n + 1, axis(n)))

    page = index.query(axis(0), k=3, filter=EVERYONE)

    assert len(page.hits) == 3
    assert page.next_offset is None


def test_upsert_is_idempotent_by_image_id_and_replaces(index: VectorIndex) -> None:
    index.upsert(image(1, axis(0)))
    index.upsert(image(1, axis(0)))
    index.upsert(image(1, axis(4), owner="acct_b"))

    page = index.query(axis(4), k=5, filter=EVERYONE)

    assert ids(page) == [1]
    assert page.hits[0].score == pytest.approx(2.0, abs=1e-6)
    assert ids(index.query(axis(4), k=5, filter=SearchFilter(owner="acct_a"))) == []
    assert index.get_vector(1) == pytest.approx(axis(4), abs=1e-6)


def test_delete_is_idempotent_and_keeps_the_others(index: VectorIndex) -> None:
    for n in range(4):
        index.upsert(image(n + 1, axis(n)))

    index.delete(2)
    index.delete(2)
    index.delete(12345)

    assert index.get_vector(2) is None
    assert sorted(ids(index.query(axis(0), k=10, filter=EVERYONE))) == [1, 3, 4]
    assert index.get_vector(4) == pytest.approx(axis(3), abs=1e-6)  # moved row, same vector


def test_ensure_index_is_idempotent_and_keeps_documents(index: VectorIndex) -> None:
    index.upsert(image(1, axis(0)))
    index.ensure_index()
    index.ensure_index()

    assert ids(index.query(axis(0), k=1, filter=EVERYONE)) == [1]


def test_an_empty_index_answers_an_empty_page(index: VectorIndex) -> None:
    page = index.query(axis(0), k=5, filter=EVERYONE)

    assert page.hits == []
    assert page.next_offset is None
    assert index.get_vector(1) is None


def test_a_vector_of_another_length_is_refused(index: VectorIndex) -> None:
    with pytest.raises(InternalError):
        index.upsert(image(1, unit_vector([1.0] * (DIM + 1))))
    with pytest.raises(InternalError):
        index.query((1.0,) * (DIM - 1), k=1, filter=EVERYONE)


def test_matches_a_brute_force_ranking_on_random_data(index: VectorIndex) -> None:
    # Given 300 random unit vectors over two owners
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, DIM))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for n, row in enumerate(vectors):
        index.upsert(image(n, tuple(row), owner="a" if n % 3 else "b"))
    query = vectors[0]

    page = index.query(tuple(query), k=10, offset=5, filter=SearchFilter(owner="a"))

    # Then it is ranks 5..14 of an exhaustive ranking of owner a's images (float32 ties aside)
    allowed = [n for n in range(300) if n % 3]
    expected = sorted(allowed, key=lambda n: -float(vectors[n] @ query))[5:15]
    assert ids(page) == expected
    assert page.next_offset == 15
