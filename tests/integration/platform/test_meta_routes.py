"""The meta function (health, OpenAPI, docs), in-process against moto."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from photocen.platform.routes import ROUTES

# The docs page is the human rendering of the document, not an operation of it; the console
# is a web page that calls the API, not a part of it.
NOT_IN_OPENAPI = {("GET", "/docs"), ("GET", "/console"), ("GET", "/console/{asset}")}
ROOT = Path(__file__).resolve().parents[3]


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


# ---------------------------------------------------------------- the web console
def test_console_page_is_html_based_at_the_api_it_came_from(api):
    response = api.get("/console")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.body.decode()
    assert page.lstrip().lower().startswith("<!doctype html>")
    # Its relative links and API calls resolve under the API's base (the stage prefix on AWS)
    assert '<base href="http://127.0.0.1:3000/console/">' in page
    assert "{{base}}" not in page


def test_console_is_served_with_a_strict_content_security_policy(api):
    headers = api.get("/console").headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe" not in policy
    assert "connect-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("asset", "content_type"),
    [("app.js", "text/javascript"), ("photocen.js", "text/javascript"), ("style.css", "text/css")],
)
def test_console_assets_are_served_with_their_types(api, asset, content_type):
    response = api.get(f"/console/{asset}")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers["Content-Security-Policy"]
    assert len(response.body) > 100


def test_console_runs_the_javascript_sdk_itself_not_a_copy(api):
    # One client: the console's module is the SDK's file, byte for byte
    served = api.get("/console/photocen.js").body
    assert served == (ROOT / "sdk" / "js" / "src" / "photocen.js").read_bytes()


@pytest.mark.parametrize(
    "asset", ["index.html", "missing.js", "..", "%2e%2e%2fhandler.py", "app.js.map"]
)
def test_console_serves_only_its_own_files(api, asset):
    response = api.get(f"/console/{asset}")
    assert response.status == 404
    assert response.json()["error"]["code"] == "not_found"


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
