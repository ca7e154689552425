"""The meta function (health, OpenAPI, docs), in-process against moto."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate
from photocen.platform.routes import ROUTES

# The docs page is the human rendering of the document, not an operation of it.
NOT_IN_OPENAPI = {("GET", "/docs")}


# ---------------------------------------------------------------- health
def test_health_is_healthy_with_a_check_per_table_and_bucket(api, aws):
    response = api.get("/v1/health")
    assert response.status == 200
    body = response.json()
    assert body["status"] == "healthy"
    checked = {(c["component"], c["name"]) for c in body["checks"]}
    assert checked == {("table", t) for t in aws.tables.values()} | {
        ("bucket", b) for b in aws.buckets.values()
    }
    assert all(c["status"] == "ok" for c in body["checks"])
    assert response.headers["Cache-Control"] == "no-store"


def test_health_is_degraded_when_a_table_is_gone(api, aws):
    # Given the credits table has been deleted
    aws.client("dynamodb").delete_table(TableName=aws.tables["credits"])
    # When health is asked
    response = api.get("/v1/health")
    # Then it is degraded (503) and names the failing table only
    assert response.status == 503
    body = response.json()
    assert body["status"] == "degraded"
    failing = [c for c in body["checks"] if c["status"] == "failing"]
    assert [(c["component"], c["name"]) for c in failing] == [("table", aws.tables["credits"])]
    assert failing[0]["detail"] == "ResourceNotFoundException"


def test_health_is_degraded_when_a_bucket_is_gone(api, aws):
    aws.client("s3").delete_bucket(Bucket=aws.buckets["renditions"])
    response = api.get("/v1/health")
    assert response.status == 503
    failing = [c["name"] for c in response.json()["checks"] if c["status"] == "failing"]
    assert failing == [aws.buckets["renditions"]]


# ---------------------------------------------------------------- OpenAPI and docs
@pytest.fixture
def openapi(api) -> dict:
    response = api.get("/openapi.json")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


def test_openapi_is_a_valid_3_1_document(openapi):
    assert openapi["openapi"].startswith("3.1")
    validate(openapi)  # raises on any schema violation
    assert openapi["servers"] == [{"url": "http://127.0.0.1:3000"}]


def test_openapi_references_resolve(openapi):
    schemas = openapi["components"]["schemas"]
    refs = set(
        re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', str(openapi).replace("'", '"'))
    )
    assert refs
    assert refs <= set(schemas)


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if (r.method, r.path) not in NOT_IN_OPENAPI],
    ids=lambda r: f"{r.method} {r.path}",
)
def test_openapi_documents_every_route_with_its_security(openapi, route):
    operation = openapi["paths"][route.path][route.method.lower()]
    if route.auth:
        assert operation["security"] == [{"bearer": []}]
    else:
        assert "security" not in operation
    assert operation["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_openapi_documents_nothing_that_is_not_routed(openapi):
    documented = {(m.upper(), p) for p, ops in openapi["paths"].items() for m in ops}
    assert documented <= {(r.method, r.path) for r in ROUTES}


def test_openapi_declares_bearer_auth_and_the_error_envelope(openapi):
    assert openapi["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
    }
    error = openapi["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message", "request_id"]


def test_docs_page_is_html(api):
    response = api.get("/docs")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.body.lstrip().lower().startswith(b"<!doctype html>")
    assert b"PhotoCen" in response.body


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_openapi_documents_the_rate_limit_headers_and_429_of_authenticated_routes(openapi, route):
    if route.path not in openapi["paths"]:
        pytest.skip("not in the document (the docs page)")
    responses = openapi["paths"][route.path][route.method.lower()]["responses"]
    if not route.auth:
        assert "429" not in responses
        assert all("X-RateLimit-Limit" not in (r.get("headers") or {}) for r in responses.values())
        return
    refused = responses["429"]
    assert refused["headers"]["Retry-After"]["required"] is True
    for status, response in responses.items():
        if status == "default":
            continue
        names = set(response["headers"])
        assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= names
        assert {"RateLimit-Policy", "RateLimit"} <= names
    error = openapi["components"]["schemas"]["Error"]["properties"]["error"]["properties"]
    assert error["retry_after"]["type"] == "integer"
