"""``VectorIndex`` on an OpenSearch managed domain: a k-NN index (faiss HNSW, inner product).

The index (created by ``ensure_index``, idempotently): ``index.knn: true``; ``vector`` a
``knn_vector`` of the configured dimension with ``method {name: hnsw, engine: faiss,
space_type: innerproduct}`` (unit vectors, so inner product = cosine); ``owner`` and
``region`` ``keyword``; ``searchable`` ``boolean``; ``created_at`` ``date``; ``image_id``
``long``; ``dynamic: strict`` so a misspelt field fails instead of being mapped.

A query is k-NN with OpenSearch's *efficient filtering* (faiss, OpenSearch 2.9+): the filter
sits INSIDE the ``knn`` clause, so OpenSearch filters first and then finds the k nearest
among what passed — never a post-filter that can return fewer than k. A page is
``from: offset, size: k + 1`` over ``k: offset + k + 1`` neighbours; the extra hit only says
whether a next page exists. ``_source`` is off: the document id IS the image id, and
``_score`` is faiss innerproduct's (``model.score_of``).

Documents are keyed by the image id (``PUT /{index}/_doc/{image_id}``), so a re-index
replaces and never duplicates; a delete of an absent id is fine. Requests are SigV4-signed
(``AWSV4SignerAuth``, service ``es``) with the function's role. opensearch-py costs ~360 ms
to import (docs/architecture.md): only ``photocen.search.wiring`` imports this module, and
only when settings choose OpenSearch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    ConnectionError as OpenSearchConnectionError,
)
from opensearchpy.exceptions import (
    NotFoundError,
    RequestError,
    TransportError,
)

from photocen.platform.errors import InternalError, ServiceUnavailable
from photocen.search.model import Hit, HitPage, IndexedImage, SearchFilter

VECTOR_FIELD = "vector"
# OpenSearch refuses k and from + size above these (k-NN's k limit, index.max_result_window).
MAX_K = 10_000


def opensearch_client(endpoint: str, region: str, timeout_seconds: float) -> OpenSearch:
    """A client for a managed domain, signing with the function's role (SigV4, service es)."""
    import boto3
    from opensearchpy import AWSV4SignerAuth, RequestsHttpConnection

    parts = urlsplit(endpoint)
    if not parts.hostname:
        raise InternalError(f"not an OpenSearch endpoint: {endpoint!r}")
    https = parts.scheme != "http"
    return OpenSearch(
        hosts=[{"host": parts.hostname, "port": parts.port or (443 if https else 80)}],
        # Refreshable: the signer asks the role's credentials for a fresh copy on each call.
        http_auth=AWSV4SignerAuth(boto3.Session().get_credentials(), region, "es"),
        use_ssl=https,
        verify_certs=https,
        connection_class=RequestsHttpConnection,
        timeout=timeout_seconds,
        max_retries=2,
        retry_on_timeout=True,
    )


class OpenSearchIndex:
    """``VectorIndex``: one OpenSearch k-NN index, documents keyed by image id."""

    def __init__(self, client: OpenSearch, *, index: str, dimension: int) -> None:
        self.client = client
        self.index = index
        self.dimension = dimension

    # ------------------------------------------------------------------ documents
    def index_body(self) -> dict[str, Any]:
        return {
            "settings": {"index": {"knn": True}},
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "image_id": {"type": "long"},
                    "owner": {"type": "keyword"},
                    "region": {"type": "keyword"},
                    "searchable": {"type": "boolean"},
                    "created_at": {"type": "date"},
                    VECTOR_FIELD: {
                        "type": "knn_vector",
                        "dimension": self.dimension,
                        "method": {
                            "name": "hnsw",
                            "engine": "faiss",
                            "space_type": "innerproduct",
                        },
                    },
                },
            },
        }

    @staticmethod
    def document(image: IndexedImage) -> dict[str, Any]:
        return {
            "image_id": image.image_id,
            "owner": image.owner,
            "region": image.region,
            "searchable": image.searchable,
            "created_at": image.created_at.isoformat(),
            VECTOR_FIELD: list(image.vector),
        }

    def query_body(
        self, vector: Sequence[float], *, k: int, offset: int, filter: SearchFilter
    ) -> dict[str, Any]:
        wanted = offset + k + 1  # one more than the page: is there a next one?
        if k < 1 or offset < 0 or wanted > MAX_K:
            raise ValueError(f"k >= 1, offset >= 0 and offset + k < {MAX_K} are required")
        must: list[dict[str, Any]] = [{"term": {"searchable": True}}]
        if filter.owner is not None:
            must.append({"term": {"owner": filter.owner}})
        if filter.region is not None:
            must.append({"term": {"region": filter.region}})
        bool_query: dict[str, Any] = {"filter": must}
        if filter.exclude_image_id is not None:
            bool_query["must_not"] = [{"term": {"image_id": filter.exclude_image_id}}]
        return {
            "size": k + 1,
            "from": offset,
            "_source": False,
            "query": {
                "knn": {
                    VECTOR_FIELD: {
                        "vector": [float(v) for v in vector],
                        "k": wanted,
                        "filter": {"bool": bool_query},
                    }
                }
            },
        }

    # ------------------------------------------------------------------ the port
    def ensure_index(self) -> None:
        try:
            self.client.indices.create(index=self.index, body=self.index_body())
        except RequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise _platform_error(exc, "create the index") from exc
        except TransportError as exc:
            raise _platform_error(exc, "create the index") from exc

    def upsert(self, image: IndexedImage) -> None:
        if len(image.vector) != self.dimension:
            raise InternalError(f"a {len(image.vector)}-long vector for a {self.dimension} index")
        try:
            self.client.index(index=self.index, id=str(image.image_id), body=self.document(image))
        except TransportError as exc:
            raise _platform_error(exc, "index an image") from exc

    def delete(self, image_id: int) -> None:
        try:
            self.client.delete(index=self.index, id=str(image_id))
        except NotFoundError:
            return  # absent document (or index): already what was asked
        except TransportError as exc:
            raise _platform_error(exc, "delete an image") from exc

    def get_vector(self, image_id: int) -> tuple[float, ...] | None:
        try:
            answer = self.client.get(
                index=self.index, id=str(image_id), params={"_source_includes": VECTOR_FIELD}
            )
        except NotFoundError:
            return None
        except TransportError as exc:
            raise _platform_error(exc, "read an image's vector") from exc
        if not answer.get("found"):
            return None
        return tuple(float(v) for v in answer["_source"][VECTOR_FIELD])

    def query(
        self, vector: Sequence[float], *, k: int, offset: int = 0, filter: SearchFilter
    ) -> HitPage:
        body = self.query_body(vector, k=k, offset=offset, filter=filter)
        try:
            answer = self.client.search(index=self.index, body=body)
        except NotFoundError as exc:
            if exc.error == "index_not_found_exception":
                return HitPage([])  # nothing indexed yet
            raise _platform_error(exc, "search") from exc
        except TransportError as exc:
            raise _platform_error(exc, "search") from exc
        found = answer["hits"]["hits"]
        hits = [Hit(int(hit["_id"]), float(hit["_score"])) for hit in found[:k]]
        return HitPage(hits, next_offset=offset + k if len(found) > k else None)


def _platform_error(exc: TransportError, doing: str) -> Exception:
    """Unreachable, throttled or failing: try again later (503). Anything else (a refused
    request, denied access) is ours to fix: an internal error."""
    status = exc.status_code
    if isinstance(exc, OpenSearchConnectionError) or status in (429, 502, 503, 504):
        return ServiceUnavailable(f"The search index could not {doing}; try again shortly.")
    return InternalError(f"The search index refused to {doing} ({status} {exc.error}).")
