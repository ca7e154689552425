"""Delivery: resolve a catalog image, reuse or render the rendition, charge one credit.

The order of a delivery, and why:

1. **Validate** (``params``, before this module) and **resolve** the image (unknown id → 404).
   Nothing is charged for a request that fails here.
2. **Revalidation**: an ``If-None-Match`` that matches the rendition's ETag is answered 304
   and costs nothing (docs/decisions/0007-delivery.md). The ETag derives from the
   rendition key, so this needs neither the bytes nor S3.
3. **Reuse or render**: the in-process LRU, then the renditions bucket, then Pillow. Before a
   render, the balance is read: an account with no credits never costs us a render.
4. **Charge** exactly once, with ``Ledger.charge_metered`` (one conditional ``UpdateItem``),
   only once the output exists: a failed render costs the caller nothing and needs no refund.
   If the charge is refused (the balance ran out meanwhile) the answer is 402 and no image.
5. **Answer** inline, or, for outputs too large for a Lambda response, with a short-lived
   presigned URL of the stored rendition (302).
"""

from __future__ import annotations

import random

from photocen.catalog.model import CatalogImage, Page, SourceCopy
from photocen.catalog.service import Catalog
from photocen.credits.ports import Ledger
from photocen.delivery import imaging
from photocen.delivery.cache import ByteLRU
from photocen.delivery.model import DeliveredImage, DeliveryTarget, RenditionSpec
from photocen.delivery.params import (
    content_disposition,
    etag_for,
    etag_matches,
    rendition_key,
)
from photocen.platform.errors import InsufficientCredits, InternalError, ServiceUnavailable
from photocen.platform.objects import ObjectStore, Stored
from photocen.platform.observability import logger

# Renditions are immutable under their key; the bucket's copy may be cached downstream.
STORED_CACHE_CONTROL = "private, max-age=31536000, immutable"
_MARKER_SIZE = 64  # what a "stored, too large to keep inline" LRU entry is counted as


class DeliveryService:
    def __init__(
        self,
        catalog: Catalog,
        objects: ObjectStore,
        ledger: Ledger,
        *,
        renditions_bucket: str,
        max_inline_bytes: int,
        redirect_ttl_seconds: int,
        lru_bytes: int,
    ) -> None:
        self.catalog = catalog
        self.objects = objects  # the renditions bucket's (the catalog reads its own)
        self.ledger = ledger
        self.renditions_bucket = renditions_bucket
        self.max_inline_bytes = max_inline_bytes
        self.redirect_ttl_seconds = redirect_ttl_seconds
        # Half the budget for outputs, half for source copies (shared by an image's variants).
        self.renditions: ByteLRU[bytes | Stored] = ByteLRU(lru_bytes // 2)
        self.sources: ByteLRU[bytes] = ByteLRU(lru_bytes // 2)
        self._random = random.Random()

    def resolve(self, target: DeliveryTarget) -> CatalogImage:
        if target.kind == "id":
            assert target.image_id is not None
            return self.catalog.get(target.image_id)
        if target.kind == "seed":
            assert target.seed is not None
            return self.catalog.resolve_seed(target.seed)
        return self.catalog.random(self._random)

    def page(self, page: int, limit: int) -> Page:
        """A page of the catalog (``/v2/list``): free, like ``resolve``."""
        return self.catalog.page(page, limit)

    def deliver(
        self,
        account_id: str,
        target: DeliveryTarget,
        spec: RenditionSpec,
        *,
        if_none_match: str | None = None,
    ) -> DeliveredImage:
        image = self.resolve(target)
        key = rendition_key(image.image_id, spec)
        etag = etag_for(key)
        if etag_matches(if_none_match, etag):
            return DeliveredImage(image, spec, etag, not_modified=True)
        output = self._rendition(account_id, image, spec, key)
        # Everything that can fail happens before the charge: the charge is the last step.
        if isinstance(output, Stored):
            url = self.objects.presign_get(self.renditions_bucket, key, self.redirect_ttl_seconds)
            self.ledger.charge_metered(account_id)
            return DeliveredImage(image, spec, etag, redirect_url=url)
        self.ledger.charge_metered(account_id)
        return DeliveredImage(image, spec, etag, body=output)

    # ------------------------------------------------------------ internals
    def _rendition(
        self, account_id: str, image: CatalogImage, spec: RenditionSpec, key: str
    ) -> bytes | Stored:
        cached = self.renditions.get(key)
        if cached is not None:
            return cached
        stored = self.objects.get_small(self.renditions_bucket, key, self.max_inline_bytes)
        if stored is not None:
            self._keep(key, stored)
            return stored
        if self.ledger.balance(account_id).balance < 1:
            raise InsufficientCredits()
        copy = imaging.choose_source(list(image.copies), spec.width, spec.height)
        body = imaging.render(self._source(copy), spec)
        output: bytes | Stored = body
        if len(body) > self.max_inline_bytes:
            output = Stored(len(body))  # too large for a Lambda response: the stored copy is it
        try:
            self.objects.put(
                self.renditions_bucket,
                key,
                body,
                spec.content_type,
                cache_control=STORED_CACHE_CONTROL,
                content_disposition=content_disposition(image.image_id, spec),
            )
        except ServiceUnavailable:
            if isinstance(output, Stored):
                raise  # nothing to deliver without the stored copy (and nothing charged)
            # Filling the shared cache is an optimisation: the caller still gets the image
            # (and pays for it once); the next miss renders again.
            logger.warning("rendition not stored", extra={"key": key})
        self._keep(key, output)
        return output

    def _keep(self, key: str, output: bytes | Stored) -> None:
        size = _MARKER_SIZE if isinstance(output, Stored) else len(output)
        self.renditions.put(key, output, size)

    def _source(self, copy: SourceCopy) -> bytes:
        cached = self.sources.get(copy.key)
        if cached is not None:
            return cached
        data = self.catalog.read_copy(copy)
        if data is None:
            raise InternalError(f"the source copy {copy.key} of a catalog image is missing")
        self.sources.put(copy.key, data, len(data))
        return data
