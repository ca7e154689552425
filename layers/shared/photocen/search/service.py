"""``POST /v1/images/search``: text (or "more like this") → vector → filtered k-NN →
catalog images as short-lived signed URLs.

- Only migrated, searchable images are in the index (private images never are, by
  construction), and every query is filtered to searchable images inside the k-NN query
  (``SearchFilter``), never after it: a second guarantee.
- ``own_images_only`` filters by the caller's account; ``same_region_only`` by the caller's
  applied region, from the same chain as generation (``photocen.generation.region``: no
  request link here, so profile default → billing country → IP geo if enabled → global).
- A hit whose catalog record is gone (deleted while its vector was being removed) is left
  out; it is never shown without its catalog entry.
- **Cursors** carry the offset of the next page and a fingerprint of what was asked (query
  or image, filters, the caller), so a cursor only continues the search that made it. As
  with ``platform.pagination``, a cursor is validated, not signed: anything but exactly
  such a cursor for this request is a 422, and a valid one shows nothing the caller could
  not page to anyway. Depth is capped at ``MAX_DEPTH`` results (k-NN is a top-k search).
- **Price**: free (docs/api.md, docs/decisions/0012): search is how a caller finds images to
  deliver, and each delivery is metered. The per-key rate limits apply.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from photocen.platform.errors import NotFound, ValidationFailed
from photocen.search.model import SearchFilter

if TYPE_CHECKING:
    from photocen.catalog.ports import CatalogUrlSigner
    from photocen.catalog.service import Catalog
    from photocen.search.ports import Embedder, VectorIndex

MAX_LIMIT = 50
DEFAULT_LIMIT = 20
MAX_DEPTH = 500  # offset + limit: the deepest result a search pages to
CURSOR_MESSAGE = "body.cursor: not a cursor this search returned"


@dataclass(frozen=True)
class SearchRequest:
    """A search as asked (shape-checked at the HTTP edge): ``query`` xor ``image_id``."""

    query: str | None
    image_id: int | None
    limit: int = DEFAULT_LIMIT
    same_region_only: bool = False
    own_images_only: bool = False
    cursor: str | None = None


@dataclass(frozen=True)
class SearchResult:
    image_id: int
    score: float
    url: str
    url_expires_in: int
    width: int
    height: int
    author: str
    region: str
    created_at: datetime


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    next_cursor: str | None
    applied_region: str | None  # the region filtered on (same_region_only), else None


class SearchService:
    def __init__(
        self,
        *,
        embedder: Embedder,
        index: VectorIndex,
        catalog: Catalog,
        urls: CatalogUrlSigner,
        url_ttl_seconds: int,
        region_of: Callable[[str, str | None], str],
    ) -> None:
        self.embedder = embedder
        self.index = index
        self.catalog = catalog
        self.urls = urls
        self.url_ttl_seconds = url_ttl_seconds
        self._region_of = region_of

    def search(
        self, account_id: str, request: SearchRequest, viewer_country: str | None = None
    ) -> SearchPage:
        if (request.query is None) == (request.image_id is None):
            raise ValidationFailed("body: give either query (text) or image_id (more like this)")
        if not 1 <= request.limit <= MAX_LIMIT:
            raise ValidationFailed(f"body.limit: 1 to {MAX_LIMIT}")
        fingerprint = _fingerprint(account_id, request)
        offset = _decode_cursor(request.cursor, fingerprint) if request.cursor else 0
        limit = min(request.limit, MAX_DEPTH - offset)
        region = self._region_of(account_id, viewer_country) if request.same_region_only else None
        if request.image_id is not None:
            vector = self.index.get_vector(request.image_id)
            if vector is None:
                raise NotFound(f"no searchable image {request.image_id}")
        else:
            assert request.query is not None
            vector = self.embedder.embed_text(request.query)
        page = self.index.query(
            vector,
            k=limit,
            offset=offset,
            filter=SearchFilter(
                owner=account_id if request.own_images_only else None,
                region=region,
                exclude_image_id=request.image_id,
            ),
        )
        hits = list(page.hits)
        images = self.catalog.get_many([h.image_id for h in hits])
        results = []
        for hit in hits:
            image = images.get(hit.image_id)
            if image is None:
                continue  # deleted from the catalog; its vector is on its way out
            results.append(
                SearchResult(
                    image_id=image.image_id,
                    score=round(hit.score, 6),
                    url=self.urls.signed_url(image.copies[0].key, self.url_ttl_seconds),
                    url_expires_in=self.url_ttl_seconds,
                    width=image.width,
                    height=image.height,
                    author=image.author,
                    region=image.region,
                    created_at=image.created_at,
                )
            )
        following = page.next_offset
        more = following is not None and offset < following < MAX_DEPTH
        return SearchPage(
            results,
            _encode_cursor(following, fingerprint) if more and following else None,
            region,
        )


def _fingerprint(account_id: str, request: SearchRequest) -> str:
    asked = json.dumps(
        [
            account_id,
            request.query,
            request.image_id,
            request.same_region_only,
            request.own_images_only,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(asked.encode()).hexdigest()[:16]


def _encode_cursor(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "f": fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, fingerprint: str) -> int:
    """The offset a cursor of *this* search stands for; anything else is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise ValidationFailed(CURSOR_MESSAGE) from exc
    if (
        not isinstance(value, dict)
        or set(value) != {"o", "f"}
        or type(value["o"]) is not int
        or not 0 < value["o"] < MAX_DEPTH
        or value["f"] != fingerprint
        or _encode_cursor(value["o"], fingerprint) != cursor  # canonical form only
    ):
        raise ValidationFailed(CURSOR_MESSAGE)
    return int(value["o"])
