"""The image catalog: numbered images that delivery serves (``/id/{id}``, ``/seed/…``, random).

- **Ids** are 1, 2, 3, … allocated from the header item's counter (``CatalogHeaderRecord``),
  so a ``/v2/list`` page is an id range read with one ``BatchGetItem`` and a random image is
  a random id read with one ``GetItem``: nothing is ever scanned. The header's ``total`` is
  bumped in the same transaction as the image's put and is the ``X-Total-Count``.
- **Objects** live in the catalog bucket under ``catalog/{id}/``: the imported file as it
  came (``original.<ext>``), a normalised master (orientation applied, RGB, no metadata) and
  its pre-shrunk ladder (``{w}x{h}.jpg``), from which delivery renders.
- **Seeds are forever**: the first resolution of a seed is recorded with a conditional put
  (``CatalogSeedRecord``); later resolutions read it, however the catalog has grown.

Records are immutable once written, so they are cached in process for a short TTL. The
tables are behind ``CatalogStore`` (``catalog.store``), the bucket behind an ``ObjectStore``;
both are built by ``catalog.wiring``.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from photocen.catalog.imaging import prepare
from photocen.catalog.model import OPERATOR, CatalogImage, Header, Page, PreparedImage, SourceCopy
from photocen.catalog.store import CatalogStore
from photocen.platform.clock import utcnow
from photocen.platform.errors import NotFound
from photocen.platform.objects import ObjectStore

_RANDOM_ATTEMPTS = 8  # ids of failed imports are holes; a few tries always find an image
_SEED_PROBES = 16
_CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def copy_key(image_id: int, width: int, height: int) -> str:
    return f"catalog/{image_id}/{width}x{height}.jpg"


class Catalog:
    """Reads and writes of the catalog: records through ``store``, objects in ``bucket``
    through ``objects``."""

    def __init__(
        self,
        store: CatalogStore,
        objects: ObjectStore,
        bucket: str,
        *,
        metadata_ttl: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        max_cached: int = 4096,
    ) -> None:
        self.store = store
        self.objects = objects
        self.bucket = bucket
        self.metadata_ttl = metadata_ttl
        self._clock = clock
        self._max_cached = max_cached
        self._images: dict[int, tuple[float, CatalogImage]] = {}
        self._seeds: dict[str, int] = {}  # recorded seeds never change: no expiry needed
        self._header: tuple[float, Header] | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------ reads
    def get(self, image_id: int) -> CatalogImage:
        cached = self._cached_image(image_id)
        if cached is not None:
            return cached
        image = self.store.get(image_id)
        if image is None:
            raise NotFound(f"No catalog image with id {image_id}.")
        self._remember(image)
        return image

    def get_many(self, image_ids: Sequence[int]) -> dict[int, CatalogImage]:
        """The images of these ids that exist, by id (one ``BatchGetItem``)."""
        if not image_ids:
            return {}
        return {i.image_id: i for i in self.store.batch_get(list(dict.fromkeys(image_ids)))}

    def header(self, *, fresh: bool = False) -> Header:
        now = self._clock()
        if not fresh and self._header is not None and self._header[0] > now:
            return self._header[1]
        header = self.store.header(consistent=fresh)
        self._header = (now + self.metadata_ttl, header)
        return header

    def page(self, page: int, limit: int) -> Page:
        """Page ``page`` (1-based) of ``limit`` images in id order: ids
        ``(page-1)*limit+1 … page*limit``, one ``BatchGetItem``."""
        header = self.header(fresh=True)
        last_page = max(1, -(-header.last_id // limit))
        first = (page - 1) * limit + 1
        ids = list(range(first, min(header.last_id, first + limit - 1) + 1))
        images: list[CatalogImage] = []
        if ids:
            images = sorted(self.store.batch_get(ids), key=lambda i: i.image_id)
            for image in images:
                self._remember(image)
        return Page(images, header.total, last_page)

    def random(self, rng: random.Random | None = None) -> CatalogImage:
        """A uniformly random image: a random id in ``1…last_id`` (retried over holes)."""
        rng = rng or random.Random()
        header = self.header()
        if header.last_id < 1:
            raise NotFound("The catalog has no images yet.")
        for _ in range(_RANDOM_ATTEMPTS):
            try:
                return self.get(rng.randint(1, header.last_id))
            except NotFound:
                continue
        raise NotFound("The catalog has no images yet.")

    def resolve_seed(self, seed: str) -> CatalogImage:
        """The image a seed stands for, forever: recorded at its first resolution."""
        known = self._seeds.get(seed)
        if known is not None:
            return self.get(known)
        image_id = self.store.seed(seed)
        if image_id is None:
            image_id = self.store.record_seed(seed, self._pick_for_seed(seed), utcnow())
        with self._lock:
            if len(self._seeds) >= self._max_cached:
                self._seeds.clear()
            self._seeds[seed] = image_id
        return self.get(image_id)

    def read_copy(self, copy: SourceCopy) -> bytes | None:
        """The bytes of a stored copy of an image (``None`` if the object is missing)."""
        return self.objects.get(self.bucket, copy.key)

    def _pick_for_seed(self, seed: str) -> int:
        header = self.header(fresh=True)
        if header.last_id < 1:
            raise NotFound("The catalog has no images yet.")
        start = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") % header.last_id
        for probe in range(min(_SEED_PROBES, header.last_id)):
            candidate = (start + probe) % header.last_id + 1
            try:
                return self.get(candidate).image_id
            except NotFound:
                continue
        raise NotFound("The catalog has no images yet.")

    # ------------------------------------------------------------ writes
    def add(
        self,
        data: bytes,
        *,
        author: str,
        owner: str = OPERATOR,
        region: str = "global",
        title: str | None = None,
    ) -> CatalogImage:
        """Import one image: prepare its copies, then store them under a new id."""
        return self.store_prepared(
            prepare(data), author=author, owner=owner, region=region, title=title
        )

    def store_prepared(
        self,
        prepared: PreparedImage,
        *,
        author: str,
        owner: str = OPERATOR,
        region: str = "global",
        title: str | None = None,
        image_id: int | None = None,
        created_at: datetime | None = None,
    ) -> CatalogImage:
        """Upload the original, master and ladder (in parallel), then write the record and
        bump the total in one transaction. ``image_id`` must come from ``allocate_id``
        (importers that work in parallel allocate first, so ids follow their order).

        Resumable for a given ``image_id``: an image already recorded is returned as it is,
        and objects already uploaded under its id are not put again (the catalog bucket is
        versioned: a second put would be a second object), so a rerun after a crash at any
        point leaves one record and one object per copy."""
        present: set[str] = set()
        if image_id is None:
            image_id = self.allocate_id()
        else:
            existing = self.store.get(image_id)
            if existing is not None:
                return existing
            present = set(self.objects.list_keys(self.bucket, f"catalog/{image_id}/"))
        original_key = f"catalog/{image_id}/original.{_EXTENSIONS.get(prepared.format, 'bin')}"
        uploads = [
            (
                original_key,
                prepared.original,
                _CONTENT_TYPES.get(prepared.format, "application/octet-stream"),
            )
        ]
        copies: list[SourceCopy] = []
        for (width, height), encoded in prepared.copies:
            if encoded is None:  # the original needed no normalisation: it is the master
                copies.append(SourceCopy(original_key, width, height))
                continue
            copies.append(SourceCopy(copy_key(image_id, width, height), width, height))
            uploads.append((copies[-1].key, encoded, "image/jpeg"))
        uploads = [u for u in uploads if u[0] not in present]
        with ThreadPoolExecutor(max_workers=4) as pool:
            # S3 puts are I/O: a handful in flight cuts an import to about its slowest put.
            list(pool.map(lambda u: self.objects.put(self.bucket, *u), uploads))
        master_w, master_h = prepared.copies[0][0]
        image = CatalogImage(
            image_id,
            author=author,
            width=master_w,
            height=master_h,
            owner=owner,
            region=region,
            created_at=created_at or utcnow(),
            original_key=original_key,
            copies=tuple(copies),
            title=title,
        )
        self.store.add(image)
        self._header = None
        self._remember(image)
        return image

    def allocate_id(self) -> int:
        return self.store.allocate_id()

    def delete(self, image_id: int) -> bool:
        """Remove an image: its record (the total drops), then every object and version of
        it in the catalog bucket. ``False`` when it was not there (a repeat is harmless).
        Warm delivery containers stop serving it within their metadata TTL; a seed that
        resolved to it answers 404 from then on (seeds are never re-mapped)."""
        removed = self.store.delete(image_id)
        self.objects.purge_prefix(self.bucket, f"catalog/{image_id}/")
        with self._lock:
            self._images.pop(image_id, None)
        self._header = None
        return removed

    # ------------------------------------------------------------ cache
    def _cached_image(self, image_id: int) -> CatalogImage | None:
        item = self._images.get(image_id)
        if item is None or item[0] <= self._clock():
            return None
        return item[1]

    def _remember(self, image: CatalogImage) -> None:
        if self.metadata_ttl <= 0:
            return
        with self._lock:
            if len(self._images) >= self._max_cached:
                self._images.clear()  # crude but bounded; records are cheap to re-read
            self._images[image.image_id] = (self._clock() + self.metadata_ttl, image)


def import_folder(
    catalog: Catalog,
    paths: Sequence[str],
    *,
    author: str,
    owner: str = OPERATOR,
    region: str = "global",
) -> list[CatalogImage]:
    """Import files in the given order (the operator command sorts them by name)."""
    added = []
    for path in paths:
        with open(path, "rb") as handle:
            added.append(catalog.add(handle.read(), author=author, owner=owner, region=region))
    return added
