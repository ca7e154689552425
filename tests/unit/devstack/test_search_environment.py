"""The local stack runs search on the local adapters, one index file per stack."""

from __future__ import annotations

from pathlib import Path

import pytest
from photocen.search.settings import SearchSettings

from devstack.environment import clear_search_index, function_environment


def test_functions_get_the_local_embedder_and_index(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PHOTOCEN_STATE_FILE", str(tmp_path / "local.json"))
    for name in ("PHOTOCEN_EMBEDDER", "PHOTOCEN_VECTOR_INDEX", "PHOTOCEN_LOCAL_INDEX_PATH"):
        monkeypatch.delenv(name, raising=False)

    env = function_environment("http://127.0.0.1:4567")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = SearchSettings()

    assert (settings.embedder, settings.vector_index, settings.embedding_dimension) == (
        "local",
        "local",
        384,
    )
    assert settings.local_index_path == str(tmp_path / "search-index-4567.npz")


def test_each_stack_has_its_own_index_even_when_another_ones_is_inherited(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PHOTOCEN_STATE_FILE", str(tmp_path / "local.json"))
    monkeypatch.setenv("PHOTOCEN_LOCAL_INDEX_PATH", str(tmp_path / "search-index-1111.npz"))

    env = function_environment("http://127.0.0.1:2222")

    assert env["PHOTOCEN_LOCAL_INDEX_PATH"] == str(tmp_path / "search-index-2222.npz")


def test_clearing_removes_the_index_and_its_lock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    index = tmp_path / "search-index-1.npz"
    index.write_bytes(b"old")
    (tmp_path / "search-index-1.npz.lock").write_bytes(b"")
    monkeypatch.setenv("PHOTOCEN_LOCAL_INDEX_PATH", str(index))

    clear_search_index()
    clear_search_index()

    assert list(tmp_path.iterdir()) == []
