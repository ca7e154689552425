"""The local index's file: what one process writes, another sees (the local stack's gateway
and its operator CLI are two processes), and concurrent writers lose nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from photocen.platform.errors import InternalError
from photocen.search.adapters.local_index import ExactIndex
from photocen.search.model import IndexedImage, SearchFilter, unit_vector

DIM = 4
WHEN = datetime(2026, 11, 30, tzinfo=UTC)


def image(image_id: int, owner: str = "a") -> IndexedImage:
    vector = unit_vector([1.0, image_id % 7 / 10, 0.0, 0.5])
    return IndexedImage(image_id, owner, "global", True, WHEN, vector)


def all_ids(index: ExactIndex) -> list[int]:
    page = index.query((1.0, 0.0, 0.0, 0.0), k=1000, filter=SearchFilter())
    return sorted(hit.image_id for hit in page.hits)


def test_a_second_instance_sees_the_first_ones_writes(tmp_path: Path) -> None:
    # Given two indexes over one file, as the gateway's and the CLI's processes hold
    path = tmp_path / "search" / "index.npz"
    gateway, cli = ExactIndex(DIM, path), ExactIndex(DIM, path)
    gateway.ensure_index()

    cli.upsert(image(1, owner="acct_b"))
    cli.upsert(image(2))
    assert all_ids(gateway) == [1, 2]
    assert gateway.get_vector(1) == pytest.approx(image(1).vector, abs=1e-6)
    owners_b = gateway.query((1.0, 0, 0, 0), k=5, filter=SearchFilter(owner="acct_b"))
    assert [hit.image_id for hit in owners_b.hits] == [1]

    gateway.delete(1)
    assert all_ids(cli) == [2]


def test_a_removed_file_means_an_empty_index(tmp_path: Path) -> None:
    path = tmp_path / "index.npz"
    index = ExactIndex(DIM, path)
    index.upsert(image(1))

    path.unlink()  # a new local stack starts without the last one's vectors

    assert all_ids(index) == []


def test_concurrent_writers_through_two_instances_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "index.npz"
    first, second = ExactIndex(DIM, path), ExactIndex(DIM, path)

    def write(index: ExactIndex, start: int) -> None:
        for n in range(start, start + 40):
            index.upsert(image(n))

    threads = [
        threading.Thread(target=write, args=(first, 0)),
        threading.Thread(target=write, args=(second, 1000)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expected = [*range(40), *range(1000, 1040)]
    assert all_ids(ExactIndex(DIM, path)) == expected


def test_a_file_of_another_dimension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.npz"
    ExactIndex(DIM, path).upsert(image(1))

    with pytest.raises(InternalError, match="dimension"):
        ExactIndex(DIM + 1, path).get_vector(1)
