"""The image catalog in DynamoDB."""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from photocen.platform.dynamo import UnboundMeta

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
