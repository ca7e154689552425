"""The image catalog in DynamoDB: the records, and the store that reads and writes them.

The store maps records to ``catalog.model`` types and PynamoDB's errors to domain errors
(``raise … from``); the rules (random picks, seeds, imports, caching) are in
``catalog.service``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
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
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from photocen.catalog.model import CatalogImage, Header, SourceCopy
from photocen.platform.aws import AwsTarget
from photocen.platform.dynamo import UnboundMeta, bind, transaction_connection
from photocen.platform.errors import ServiceUnavailable

_TRANSACTION_ATTEMPTS = 6

# ---------------------------------------------------------------- image catalog
CATALOG_HEADER_ID = 0  # the catalog table's header item: id counter and total


class CatalogCopy(MapAttribute):  # type: ignore[type-arg]
    """One stored copy of a catalog image in the catalog bucket (master or pre-shrunk)."""

    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()


class CatalogImageRecord(Model):
    """One catalog image, keyed by its public numeric id (1, 2, 3, … allocated from the
    header item's counter, so ids are dense and a list page is an id range).

    Access patterns: get by ``image_id`` (delivery, info, random pick, seed resolution);
    batch-get an id range (``/v2/list`` pages). Never scanned.
    """

    class Meta(UnboundMeta):
        pass

    image_id = NumberAttribute(hash_key=True)
    author = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()
    owner = UnicodeAttribute()  # account id, or "operator" for imported images
    region = UnicodeAttribute(default="global")
    created_at = UTCDateTimeAttribute()
    original_key = UnicodeAttribute()  # the file as it was imported, untouched
    copies = ListAttribute(of=CatalogCopy)  # normalised master + pre-shrunk ladder
    title = UnicodeAttribute(null=True)


class CatalogHeaderRecord(Model):
    """The header item (``image_id == 0``): ``last_id`` allocates ids, ``total`` counts the
    images (``X-Total-Count``); the total moves in the same transaction as an image put.

    Access patterns: get/update by ``image_id = 0``.
    """

    class Meta(UnboundMeta):
        pass

    image_id = NumberAttribute(hash_key=True, default=CATALOG_HEADER_ID)
    last_id = NumberAttribute(default=0)
    total = NumberAttribute(default=0)


class CatalogSeedRecord(Model):
    """``/seed/{seed}``: the image a seed resolved to the first time, recorded with a
    conditional put so it never changes, however the catalog grows.

    Access patterns: get by ``seed``; put if absent.
    """

    class Meta(UnboundMeta):
        pass

    seed = UnicodeAttribute(hash_key=True)
    image_id = NumberAttribute()
    created_at = UTCDateTimeAttribute()


# ---------------------------------------------------------------- store
class CatalogStore:
    """The catalog table (images and the header item) and the recorded seeds' table."""

    def __init__(self, table_name: str, seeds_table_name: str, target: AwsTarget) -> None:
        bind((CatalogImageRecord, CatalogHeaderRecord), table_name, target)
        bind((CatalogSeedRecord,), seeds_table_name, target)

    # ------------------------------------------------------------ images
    def get(self, image_id: int) -> CatalogImage | None:
        """The image with this id, or ``None`` (never imported, or a hole)."""
        try:
            record = CatalogImageRecord.get(image_id)
        except DoesNotExist:
            return None
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        return _image(record)

    def batch_get(self, image_ids: Sequence[int]) -> list[CatalogImage]:
        """The images of these ids that exist, in no particular order (one ``BatchGetItem``)."""
        try:
            records = list(CatalogImageRecord.batch_get(image_ids))
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        return [_image(r) for r in records]

    def header(self, *, consistent: bool = False) -> Header:
        """The id counter and the total (both 0 before the first import)."""
        try:
            record = CatalogHeaderRecord.get(CATALOG_HEADER_ID, consistent_read=consistent)
        except DoesNotExist:
            return Header(0, 0)
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        return Header(int(record.last_id), int(record.total))

    def allocate_id(self) -> int:
        """The next id (the header's counter, bumped): ids are never reused."""
        header = CatalogHeaderRecord(CATALOG_HEADER_ID)
        try:
            header.update(actions=[CatalogHeaderRecord.last_id.add(1)])
        except (UpdateError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc
        return int(header.last_id)

    def add(self, image: CatalogImage) -> None:
        """Put the image's record and bump the total atomically; retried when a concurrent
        import's transaction on the header item conflicts (DynamoDB cancels one of the two)."""
        record = _record(image)
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

    def delete(self, image_id: int) -> bool:
        """Delete the image's record and lower the total atomically; ``False`` when there
        was no such image (deleted already). Its id stays used: ids are never reused."""
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                with TransactWrite(connection=transaction_connection(CatalogImageRecord)) as tx:
                    tx.delete(
                        CatalogImageRecord(image_id),
                        condition=CatalogImageRecord.image_id.exists(),
                    )
                    tx.update(
                        CatalogHeaderRecord(CATALOG_HEADER_ID),
                        actions=[CatalogHeaderRecord.total.add(-1)],
                    )
                return True
            except TransactWriteError as exc:
                codes = {r.code for r in exc.cancellation_reasons if r is not None}
                if "ConditionalCheckFailed" in codes:
                    return False
                if "TransactionConflict" not in codes:
                    raise ServiceUnavailable("the catalog did not answer") from exc
                time.sleep(0.01 * 2**attempt)
        raise ServiceUnavailable("the catalog is too busy; try again")

    # ------------------------------------------------------------ seeds
    def seed(self, seed: str) -> int | None:
        """The image id recorded for a seed, or ``None`` if it was never resolved."""
        try:
            return int(CatalogSeedRecord.get(seed).image_id)
        except DoesNotExist:
            return None
        except (GetError, _ConnectionError) as exc:
            raise ServiceUnavailable("the catalog did not answer") from exc

    def record_seed(self, seed: str, image_id: int, created_at: datetime) -> int:
        """Record ``seed → image_id`` unless the seed is recorded already; returns the id
        recorded (this one, or the one another request recorded first)."""
        record = CatalogSeedRecord(seed, image_id=image_id, created_at=created_at)
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
        copies=tuple(SourceCopy(c.key, int(c.width), int(c.height)) for c in record.copies),
        title=record.title,
    )


def _record(image: CatalogImage) -> CatalogImageRecord:
    return CatalogImageRecord(
        image.image_id,
        author=image.author,
        width=image.width,
        height=image.height,
        owner=image.owner,
        region=image.region,
        created_at=image.created_at,
        original_key=image.original_key,
        copies=[CatalogCopy(key=c.key, width=c.width, height=c.height) for c in image.copies],
        title=image.title,
    )
