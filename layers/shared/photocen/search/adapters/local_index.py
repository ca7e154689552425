"""``VectorIndex`` of the local stack: an exact, in-process k-NN index with numpy.

Same semantics as the OpenSearch adapter: the filter (``searchable`` always, owner, region,
the excluded id) is applied BEFORE the top k is taken, the score is ``model.score_of`` of the
inner product (OpenSearch's faiss ``innerproduct`` score), and a page is ranks ``offset`` ..
``offset + k - 1``. Ties are broken by the smaller image id, so pages are stable. Exact, not
approximate: one matrix-vector product over the allowed rows, then ``argpartition``.

Persistence. The local stack runs every function in one process (devstack's gateway imports
the handlers), but the operator CLI (``photocen admin …``: "run the migration now") is another
process: with ``path`` set, the index lives in one ``.npz`` file that every mutation rewrites
under an exclusive ``flock`` (read, change, write to a temporary file, atomic rename), and
every call reloads it first when its (mtime, size, inode) changed. Without ``path`` it lives in
this process's memory only (tests, the bench). A mutation rewrites the whole file: fine at the
local stack's sizes (10,000 x 384 floats is 15 MB), not a design for production.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from photocen.platform.errors import InternalError
from photocen.search.model import Hit, HitPage, IndexedImage, SearchFilter, score_of

_NO_CODE = -1  # an owner or region no document has: nothing matches it


class ExactIndex:
    """``VectorIndex``: rows of unit vectors in one float32 matrix, with the filterable
    fields as parallel arrays (owner and region as integer codes)."""

    _size: int
    _row: dict[int, int]
    _names: list[str]
    _codes: dict[str, int]
    _ids: np.ndarray
    _vectors: np.ndarray
    _owners: np.ndarray
    _regions: np.ndarray
    _searchable: np.ndarray
    _created: np.ndarray

    def __init__(self, dimension: int, path: str | Path | None = None) -> None:
        self.dimension = dimension
        self.path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        self._seen: tuple[int, int, int] | None = None  # (mtime_ns, size, inode) loaded
        self._clear(capacity=64)

    # ------------------------------------------------------------------ the port
    def ensure_index(self) -> None:
        if self.path is None:
            return
        with self._lock, self._exclusive():
            self._reload_if_changed()
            if not self.path.exists():
                self._save()

    def upsert(self, image: IndexedImage) -> None:
        vector = self._as_vector(image.vector)
        with self._lock, self._exclusive():
            self._reload_if_changed()
            row = self._row.get(image.image_id)
            if row is None:
                row = self._size
                self._grow(row + 1)
                self._size += 1
                self._row[image.image_id] = row
            self._ids[row] = image.image_id
            self._vectors[row] = vector
            self._owners[row] = self._code(image.owner)
            self._regions[row] = self._code(image.region)
            self._searchable[row] = image.searchable
            self._created[row] = _timestamp(image.created_at)
            self._save()

    def delete(self, image_id: int) -> None:
        with self._lock, self._exclusive():
            self._reload_if_changed()
            row = self._row.pop(image_id, None)
            if row is None:
                return
            last = self._size - 1
            if row != last:  # the last row fills the hole
                for column in self._columns():
                    column[row] = column[last]
                self._row[int(self._ids[row])] = row
            self._size = last
            self._save()

    def get_vector(self, image_id: int) -> tuple[float, ...] | None:
        with self._lock:
            self._reload_if_changed()
            row = self._row.get(image_id)
            if row is None:
                return None
            return tuple(float(v) for v in self._vectors[row])

    def query(
        self, vector: Sequence[float], *, k: int, offset: int = 0, filter: SearchFilter
    ) -> HitPage:
        if k < 1 or offset < 0:
            raise ValueError("k must be >= 1 and offset >= 0")
        query = self._as_vector(vector)
        with self._lock:
            self._reload_if_changed()
            allowed = np.flatnonzero(self._allowed(filter))
            if allowed.size <= offset:
                return HitPage([])
            # One more than the page: it tells whether a next page exists.
            wanted = min(offset + k + 1, allowed.size)
            if 2 * allowed.size >= self._size:  # most rows pass: no copy of the matrix
                products = (self._vectors[: self._size] @ query)[allowed]
            else:  # a narrow filter: only the rows that pass
                products = self._vectors[allowed] @ query
            if wanted < allowed.size:
                best = np.argpartition(-products, wanted - 1)[:wanted]
            else:
                best = np.arange(allowed.size)
            ids = self._ids[allowed[best]]
            ranked = np.lexsort((ids, -products[best]))  # closest first, then smaller id
            page = ranked[offset : offset + k]
            hits = [Hit(int(ids[i]), score_of(float(products[best[i]]))) for i in page]
            more = ranked.size > offset + k
            return HitPage(hits, next_offset=offset + k if more else None)

    # ------------------------------------------------------------------ filtering
    def _allowed(self, filter: SearchFilter) -> np.ndarray:
        n = self._size
        mask = self._searchable[:n].copy()
        if filter.owner is not None:
            mask &= self._owners[:n] == self._codes.get(filter.owner, _NO_CODE)
        if filter.region is not None:
            mask &= self._regions[:n] == self._codes.get(filter.region, _NO_CODE)
        if filter.exclude_image_id is not None:
            row = self._row.get(filter.exclude_image_id)
            if row is not None:
                mask[row] = False
        return mask

    # ------------------------------------------------------------------ storage
    def _clear(self, capacity: int) -> None:
        self._size = 0
        self._row = {}
        self._names = []  # owner and region strings, by code
        self._codes: dict[str, int] = {}
        self._ids = np.zeros(capacity, dtype=np.int64)
        self._vectors = np.zeros((capacity, self.dimension), dtype=np.float32)
        self._owners = np.zeros(capacity, dtype=np.int32)
        self._regions = np.zeros(capacity, dtype=np.int32)
        self._searchable = np.zeros(capacity, dtype=bool)
        self._created = np.zeros(capacity, dtype=np.float64)

    def _columns(self) -> tuple[np.ndarray, ...]:
        return (
            self._ids,
            self._vectors,
            self._owners,
            self._regions,
            self._searchable,
            self._created,
        )

    def _grow(self, needed: int) -> None:
        capacity = self._ids.shape[0]
        if needed <= capacity:
            return
        capacity = max(needed, 2 * capacity)
        self._ids = np.resize(self._ids, capacity)
        self._vectors = np.resize(self._vectors, (capacity, self.dimension))
        self._owners = np.resize(self._owners, capacity)
        self._regions = np.resize(self._regions, capacity)
        self._searchable = np.resize(self._searchable, capacity)
        self._created = np.resize(self._created, capacity)

    def _code(self, name: str) -> int:
        code = self._codes.get(name)
        if code is None:
            code = self._codes[name] = len(self._names)
            self._names.append(name)
        return code

    def _as_vector(self, values: Sequence[float]) -> np.ndarray:
        vector = np.asarray(values, dtype=np.float32)
        if vector.shape != (self.dimension,) or not np.isfinite(vector).all():
            raise InternalError(
                f"a vector of shape {vector.shape} for an index of dimension {self.dimension}"
            )
        return vector

    # ------------------------------------------------------------------ the file
    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Other processes' mutations wait (the file is read, changed and replaced whole)."""
        if self.path is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{self.path}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _signature(self) -> tuple[int, int, int] | None:
        assert self.path is not None
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _reload_if_changed(self) -> None:
        if self.path is None:
            return
        signature = self._signature()
        if signature == self._seen:
            return
        if signature is None:  # removed (a new local stack): start empty
            self._clear(capacity=64)
        else:
            self._load(self.path)
        self._seen = signature

    def _load(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as stored:
            ids = stored["ids"]
            if stored["vectors"].shape[1:] != (self.dimension,):
                raise InternalError(
                    f"{path} holds vectors of shape {stored['vectors'].shape[1:]}; "
                    f"this index has dimension {self.dimension}"
                )
            self._clear(capacity=max(64, ids.size))
            self._size = ids.size
            self._ids[: ids.size] = ids
            self._vectors[: ids.size] = stored["vectors"]
            self._owners[: ids.size] = stored["owners"]
            self._regions[: ids.size] = stored["regions"]
            self._searchable[: ids.size] = stored["searchable"]
            self._created[: ids.size] = stored["created"]
            self._names = [str(name) for name in stored["names"]]
        self._codes = {name: code for code, name in enumerate(self._names)}
        self._row = {int(image_id): row for row, image_id in enumerate(ids)}

    def _save(self) -> None:
        if self.path is None:
            return
        n = self._size
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as out:
            np.savez(
                out,
                ids=self._ids[:n],
                vectors=self._vectors[:n],
                owners=self._owners[:n],
                regions=self._regions[:n],
                searchable=self._searchable[:n],
                created=self._created[:n],
                names=np.array(self._names, dtype=str),
            )
        os.replace(temporary, self.path)
        self._seen = self._signature()


def _timestamp(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
