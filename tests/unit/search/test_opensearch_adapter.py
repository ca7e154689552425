"""The OpenSearch adapter's requests and its parsing of OpenSearch's answers, without a server.

OpenSearch cannot run here (no package serves it). The client is the real opensearch-py
(its transport, serializer and error classes); only the last step, the HTTP connection, is
``RecordingConnection``: it records each request and answers with the bodies OpenSearch
documents (k-NN index creation, efficient filtering with faiss, document APIs, errors), so
a wrong URL, body or parse fails here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from opensearchpy import Connection, OpenSearch, RequestsHttpConnection
from photocen.platform.errors import InternalError, ServiceUnavailable
from photocen.search.adapters.opensearch import OpenSearchIndex, opensearch_client
from photocen.search.model import IndexedImage, SearchFilter

INDEX = "photocen-images"


class RecordingConnection(Connection):
    """A connection that records requests and answers from a script of (status, body)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requests: list[tuple[str, str, dict[str, Any], Any]] = []
        self.script: list[tuple[int, dict[str, Any]]] = []

    def perform_request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: Any = None,
        body: Any = None,
        timeout: Any = None,
        ignore: Any = (),
        headers: Any = None,
    ) -> tuple[int, dict[str, str], str]:
        self.requests.append((method, url, dict(params or {}), json.loads(body) if body else None))
        status, document = self.script.pop(0)
        raw = json.dumps(document)
        if not 200 <= status < 300 and status not in ignore:
            self._raise_error(status, raw, "application/json")
        return status, {"content-type": "application/json"}, raw


def make_index(*script: tuple[int, dict[str, Any]]) -> tuple[OpenSearchIndex, RecordingConnection]:
    client = OpenSearch(
        hosts=[{"host": "search-photocen.eu-west-1.es.amazonaws.com", "port": 443}],
        connection_class=RecordingConnection,
        max_retries=0,
    )
    connection = client.transport.get_connection()
    connection.script.extend(script)
    return OpenSearchIndex(client, index=INDEX, dimension=3), connection


def error(kind: str, status: int, reason: str = "") -> dict[str, Any]:
    """OpenSearch's error body."""
    cause = {"type": kind, "reason": reason or kind, "index": INDEX}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


SEARCH_ANSWER = {
    "took": 4,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 3, "relation": "eq"},
        "max_score": 1.93,
        "hits": [
            {"_index": INDEX, "_id": "42", "_score": 1.93},
            {"_index": INDEX, "_id": "7", "_score": 1.5},
            {"_index": INDEX, "_id": "3", "_score": 0.8},
        ],
    },
}


def test_ensure_index_creates_a_faiss_innerproduct_knn_mapping() -> None:
    index, connection = make_index(
        (200, {"acknowledged": True, "shards_acknowledged": True, "index": INDEX})
    )

    index.ensure_index()

    method, url, _, body = connection.requests[0]
    assert (method, url) == ("PUT", f"/{INDEX}")
    assert body == {
        "settings": {"index": {"knn": True}},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "image_id": {"type": "long"},
                "owner": {"type": "keyword"},
                "region": {"type": "keyword"},
                "searchable": {"type": "boolean"},
                "created_at": {"type": "date"},
                "vector": {
                    "type": "knn_vector",
                    "dimension": 3,
                    "method": {"name": "hnsw", "engine": "faiss", "space_type": "innerproduct"},
                },
            },
        },
    }


def test_ensure_index_accepts_an_index_that_already_exists() -> None:
    index, _ = make_index((400, error("resource_already_exists_exception", 400)))

    index.ensure_index()  # no error


def test_ensure_index_reports_another_refusal() -> None:
    index, _ = make_index((400, error("mapper_parsing_exception", 400)))

    with pytest.raises(InternalError, match="mapper_parsing_exception"):
        index.ensure_index()


def test_query_puts_the_filter_inside_the_knn_clause_and_pages_with_one_extra() -> None:
    index, connection = make_index((200, SEARCH_ANSWER))
    only = SearchFilter(owner="acct_a", region="eu-west-1", exclude_image_id=9)

    page = index.query((0.6, 0.0, 0.8), k=2, offset=4, filter=only)

    method, url, _, body = connection.requests[0]
    assert (method, url) == ("POST", f"/{INDEX}/_search")
    assert body == {
        "size": 3,
        "from": 4,
        "_source": False,
        "query": {
            "knn": {
                "vector": {
                    "vector": [0.6, 0.0, 0.8],
                    "k": 7,
                    "filter": {
                        "bool": {
                            "filter": [
                                {"term": {"searchable": True}},
                                {"term": {"owner": "acct_a"}},
                                {"term": {"region": "eu-west-1"}},
                            ],
                            "must_not": [{"term": {"image_id": 9}}],
                        }
                    },
                }
            }
        },
    }
    # Then the page is the first k hits with OpenSearch's own scores, and the extra hit
    # says a next page exists
    assert [(hit.image_id, hit.score) for hit in page.hits] == [(42, 1.93), (7, 1.5)]
    assert page.next_offset == 6


def test_query_without_filters_still_requires_searchable_and_ends_on_a_short_page() -> None:
    short = json.loads(json.dumps(SEARCH_ANSWER))
    short["hits"]["hits"] = short["hits"]["hits"][:1]
    index, connection = make_index((200, short))

    page = index.query((1.0, 0.0, 0.0), k=2, filter=SearchFilter())

    knn = connection.requests[0][3]["query"]["knn"]["vector"]
    assert knn["filter"] == {"bool": {"filter": [{"term": {"searchable": True}}]}}
    assert knn["k"] == 3
    assert [hit.image_id for hit in page.hits] == [42]
    assert page.next_offset is None


def test_query_of_a_missing_index_is_an_empty_page() -> None:
    index, _ = make_index((404, error("index_not_found_exception", 404)))

    page = index.query((1.0, 0.0, 0.0), k=2, filter=SearchFilter())

    assert page.hits == []


def test_upsert_puts_the_document_under_the_image_id() -> None:
    created = {"_index": INDEX, "_id": "42", "_version": 1, "result": "created"}
    index, connection = make_index((201, created))
    when = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)

    index.upsert(IndexedImage(42, "acct_a", "eu-west-1", True, when, (0.6, 0.0, 0.8)))

    method, url, _, body = connection.requests[0]
    assert (method, url) == ("PUT", f"/{INDEX}/_doc/42")
    assert body == {
        "image_id": 42,
        "owner": "acct_a",
        "region": "eu-west-1",
        "searchable": True,
        "created_at": "2026-11-30T09:30:00+00:00",
        "vector": [0.6, 0.0, 0.8],
    }


def test_delete_ignores_a_missing_document() -> None:
    missing = {"_index": INDEX, "_id": "7", "_version": 1, "result": "not_found"}
    index, connection = make_index((404, missing))

    index.delete(7)

    assert connection.requests[0][:2] == ("DELETE", f"/{INDEX}/_doc/7")


def test_get_vector_reads_only_the_vector_from_source() -> None:
    found = {"_index": INDEX, "_id": "42", "found": True, "_source": {"vector": [0.6, 0, 0.8]}}
    index, connection = make_index(
        (200, found), (404, {"_index": INDEX, "_id": "9", "found": False})
    )

    assert index.get_vector(42) == (0.6, 0.0, 0.8)
    assert index.get_vector(9) is None
    method, url, params, _ = connection.requests[0]
    assert (method, url, params) == ("GET", f"/{INDEX}/_doc/42", {"_source_includes": "vector"})


@pytest.mark.parametrize(
    ("status", "document", "expected"),
    [
        (429, error("es_rejected_execution_exception", 429), ServiceUnavailable),
        (503, error("cluster_block_exception", 503), ServiceUnavailable),
        (403, {"message": "User is not authorized to perform: es:ESHttpPost"}, InternalError),
        (400, error("parsing_exception", 400), InternalError),
    ],
)
def test_search_failures_become_platform_errors(
    status: int, document: dict[str, Any], expected: type[Exception]
) -> None:
    index, _ = make_index((status, document))

    with pytest.raises(expected):
        index.query((1.0, 0.0, 0.0), k=1, filter=SearchFilter())


def test_a_page_beyond_opensearchs_window_is_refused_before_any_request() -> None:
    index, connection = make_index()

    with pytest.raises(ValueError, match="10000"):
        index.query((1.0, 0.0, 0.0), k=100, offset=9_950, filter=SearchFilter())
    assert connection.requests == []


def test_the_client_signs_with_sigv4_for_the_es_service(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the function's role credentials (here: from the environment)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.delenv("AWS_PROFILE", raising=False)

    client = opensearch_client("https://search-photocen.eu-west-1.es.amazonaws.com", "eu-west-1", 5)

    connection = client.transport.get_connection()
    assert isinstance(connection, RequestsHttpConnection)
    assert connection.host == "https://search-photocen.eu-west-1.es.amazonaws.com:443"
    signed = connection.session.auth(
        requests.Request("POST", f"{connection.host}/{INDEX}/_search", data=b"{}").prepare()
    )
    authorization = signed.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/es/aws4_request" in authorization
