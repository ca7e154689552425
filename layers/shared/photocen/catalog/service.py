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

Records are immutable once written, so they are cached in process for a short TTL.
"""

from __future__ import annotations

import hashlib
import io
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, UnidentifiedImageError
from pynamodb.exceptions import (
    DoesNotExist,
    GetError,
    PutError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.exceptions import (
    PynamoDBConnectionError as _ConnectionError,
)
from pynamodb.transactions import TransactWrite

from photocen.catalog.store import (
    CATALOG_HEADER_ID,
    CatalogCopy,
    CatalogHeaderRecord,
    CatalogImageRecord,
    CatalogSeedRecord,
)
from photocen.delivery import imaging
from photocen.platform.clock import utcnow
from photocen.platform.dynamo import transaction_connection
from photocen.platform.errors import NotFound, ServiceUnavailable, ValidationFailed
from photocen.platform.objects import ObjectStore

OPERATOR = "operator"
_RANDOM_ATTEMPTS = 8  # ids of failed imports are holes; a few tries always find an image
_SEED_PROBES = 16
_TRANSACTION_ATTEMPTS = 6
_CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_IMPORT_PIXELS = 60_000_000  # a decompression bomb is refused, not imported


@dataclass(frozen=True)
class CatalogImage:
    image_id: int
    author: str
    width: int
    height: int
    owner: str
    region: str
    created_at: datetime
    original_key: str
    copies: tuple[imaging.SourceCopy, ...]
    title: str | None = None


@dataclass(frozen=True)
class Header:
    last_id: int
    total: int


@dataclass(frozen=True)
class Page:
    images: list[CatalogImage]
    total: int
    last_page: int


@dataclass(frozen=True)
class PreparedImage:
    """An import's CPU work, done before any I/O: the original's format and bytes, and the
    copies to store, master first. A copy whose bytes are ``None`` is the original itself."""

    format: str
    original: bytes
    copies: list[tuple[tuple[int, int], bytes | None]]


def prepare(data: bytes) -> PreparedImage:
    """Check and normalise an uploaded image and make its pre-shrunk ladder."""
    fmt = _sniff(data)
    master = imaging.normalise(data)
    copies: list[tuple[tuple[int, int], bytes | None]] = [
        (master.size, None if imaging.is_clean_jpeg(data) else imaging.encode_source(master))
    ]
    copies.extend(imaging.shrink_ladder(master))
    return PreparedImage(fmt, data, copies)


def copy_key(image_id: int, width: int, height: int) -> str:
    return f"catalog/{image_id}/{width}x{height}.jpg"


class Catalog:
    """Reads and writes of the catalog (tables bound by ``bind_settings``; objects in
    ``bucket`` through ``store``)."""

    def __init__(
        self,
        store: ObjectStore,
        bucket: str,
        *,
        metadata_ttl: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        max_cached: int = 4096,
    ) -> None:
        self.store = store
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
        try:
            record = CatalogImageRecord.get(image_id)
        except DoesNotExist as exc:
            raise NotFound(f"No catalog image with id {image_id}.") from exc
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        image = _image(record)
        self._remember(image)
        return image

    def header(self, *, fresh: bool = False) -> Header:
        now = self._clock()
        if not fresh and self._header is not None and self._header[0] > now:
            return self._header[1]
        try:
            record = CatalogHeaderRecord.get(CATALOG_HEADER_ID, consistent_read=fresh)
            header = Header(int(record.last_id), int(record.total))
        except DoesNotExist:
            header = Header(0, 0)
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
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
            try:
                records = list(CatalogImageRecord.batch_get(ids))
            except (GetError, _ConnectionError) as exc:
                raise ServiceUnavailable("the catalog did not answer") from exc
            images = sorted((_image(r) for r in records), key=lambda i: i.image_id)
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
        try:
            record = CatalogSeedRecord.get(seed)
            image_id = int(record.image_id)
        except DoesNotExist:
            image_id = self._record_seed(seed, self._pick_for_seed(seed))
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        with self._lock:
            if len(self._seeds) >= self._max_cached:
                self._seeds.clear()
            self._seeds[seed] = image_id
        return self.get(image_id)

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

    def _record_seed(self, seed: str, image_id: int) -> int:
        record = CatalogSeedRecord(seed, image_id=image_id, created_at=utcnow())
        try:
            record.save(condition=CatalogSeedRecord.seed.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise ServiceUnavailable("the catalog did not answer") from exc
            # Another request recorded this seed first: its answer is the seed's forever.
            try:
                return int(CatalogSeedRecord.get(seed, consistent_read=True).image_id)
            except (DoesNotExist, GetError) as again:
                raise ServiceUnavailable("the catalog did not answer") from again
        return image_id

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
    ) -> CatalogImage:
        """Upload the original, master and ladder (in parallel), then write the record and
        bump the total in one transaction. ``image_id`` must come from ``allocate_id``
        (importers that work in parallel allocate first, so ids follow their order)."""
        if image_id is None:
            image_id = self.allocate_id()
        original_key = f"catalog/{image_id}/original.{_EXTENSIONS.get(prepared.format, 'bin')}"
        uploads = [
            (
                original_key,
                prepared.original,
                _CONTENT_TYPES.get(prepared.format, "application/octet-stream"),
            )
        ]
        copies: list[imaging.SourceCopy] = []
        for (width, height), encoded in prepared.copies:
            if encoded is None:  # the original needed no normalisation: it is the master
                copies.append(imaging.SourceCopy(original_key, width, height))
                continue
            copies.append(imaging.SourceCopy(copy_key(image_id, width, height), width, height))
            uploads.append((copies[-1].key, encoded, "image/jpeg"))
        with ThreadPoolExecutor(max_workers=4) as pool:
            # S3 puts are I/O: a handful in flight cuts an import to about its slowest put.
            list(pool.map(lambda u: self.store.put(self.bucket, *u), uploads))
        master_w, master_h = prepared.copies[0][0]
        record = CatalogImageRecord(
            image_id,
            author=author,
            width=master_w,
            height=master_h,
            owner=owner,
            region=region,
            created_at=utcnow(),
            original_key=original_key,
            copies=[CatalogCopy(key=c.key, width=c.width, height=c.height) for c in copies],
            title=title,
        )
        self._write(record)
        self._header = None
        image = _image(record)
        self._remember(image)
        return image

    def _write(self, record: CatalogImageRecord) -> None:
        """Put the record and bump the total atomically; retried when a concurrent import's
        transaction on the header item conflicts (DynamoDB cancels one of the two)."""
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                with TransactWrite(connection=transaction_connection(CatalogImageRecord)) as tx:
                    tx.save(record, condition=CatalogImageRecord.image_id.does_not_exist())
                    tx.update(
                        CatalogHeaderRecord(CATALOG_HEADER_ID),
                        actions=[CatalogHeaderRecord.total.add(1)],
                    )
                return
            except TransactWriteError as exc:
                codes = {r.code for r in exc.cancellation_reasons if r is not None}
                if "TransactionConflict" not in codes:
                    raise ServiceUnavailable("the catalog did not accept the image") from exc
                time.sleep(0.01 * 2**attempt)
        raise ServiceUnavailable("the catalog is too busy; try the import again")

    def allocate_id(self) -> int:
        header = CatalogHeaderRecord(CATALOG_HEADER_ID)
        try:
            header.update(actions=[CatalogHeaderRecord.last_id.add(1)])
        except (UpdateError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        return int(header.last_id)

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


def _image(record: CatalogImageRecord) -> CatalogImage:
    return CatalogImage(
        image_id=int(record.image_id),
        author=record.author,
        width=int(record.width),
        height=int(record.height),
        owner=record.owner,
        region=record.region,
        created_at=record.created_at,
        original_key=record.original_key,
        copies=tuple(imaging.SourceCopy(c.key, int(c.width), int(c.height)) for c in record.copies),
        title=record.title,
    )


def _sniff(data: bytes) -> str:
    """The image format of uploaded bytes; anything Pillow cannot open is refused."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMPORT_PIXELS:
                raise ValidationFailed(f"image is {image.width}x{image.height}: too many pixels")
            return str(image.format)
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ValidationFailed("not an image Pillow can read") from exc


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
