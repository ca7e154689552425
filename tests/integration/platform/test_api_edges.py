"""The API's edges, through the real authorizer and handlers: unknown routes are a 404
envelope, and no request — however malformed — is answered with a 500."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photocen.platform.routes import ROUTES, Route

from devstack.gateway import LambdaContext, build_event
from tests.conftest import assert_envelope, concrete


@pytest.fixture
def caller(new_account):
    return new_account()  # once per test: hypothesis reuses function-scoped fixtures


# Paths no route could take, whether or not a matcher backtracks from literals to variables.
@pytest.mark.parametrize(
    "target", ["/v1/nope/at/all/here", "/v1/images/jobs", "/v1/account/extra/more", "/"]
)
def test_unknown_route_is_404_envelope_with_request_id(api, caller, target):
    response = api.get(target, token=caller.token)
    assert_envelope(response.status, response.headers, response.body, 404, "not_found")


def test_unknown_route_without_token_is_still_404(api):
    response = api.get("/v1/nope/at/all/here")
    assert_envelope(response.status, response.headers, response.body, 404, "not_found")


def test_wrong_method_is_404_envelope(api, caller):
    response = api.request("DELETE", "/v1/account", token=caller.token)
    assert_envelope(response.status, response.headers, response.body, 404, "not_found")


def test_unknown_route_inside_a_function_is_404_envelope(aws):
    # API Gateway only forwards routed paths, but a function must still answer a stray event
    # with the envelope (e.g. a route removed from the table but still deployed).
    handler = importlib.import_module("functions.meta.handler").lambda_handler
    route = Route("GET", "/v1/gone", "meta")
    event = build_event(route, {}, "GET", "/v1/gone", "", [], b"", "req-7", "10.0.0.1", "h")
    result = handler(event, LambdaContext("meta"))
    assert result["statusCode"] == 404
    assert '"not_found"' in result["body"]
    assert result["multiValueHeaders"]["X-Request-Id"] == ["req-7"]


# Every route of the table, whoever added it. Path values stay short so a delivery render
# stays small; query keys and bodies are junk of every shape.
@pytest.mark.filterwarnings("ignore:Received multipart/form-data without base64")
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    segment=st.text(alphabet="0123abcz.-_~%", min_size=1, max_size=3),
    query=st.text(alphabet="abgrylmtsz=&%20+;-1", max_size=24),
    body=st.binary(max_size=48) | st.sampled_from([b"{}", b"[]", b'{"prompt": 1}', b"null"]),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "image/png", "multipart/form-data", ""]
    ),
    authorization=st.sampled_from(["valid", "none", "garbage", "Bearer pc_live_", "Bearer  "]),
)
def test_no_request_is_ever_answered_with_a_500(
    api, caller, route, segment, query, body, content_type, authorization
):
    headers = {"Content-Type": content_type} if content_type else {}
    if authorization == "valid":
        headers["Authorization"] = f"Bearer {caller.token}"
    elif authorization != "none":
        headers["Authorization"] = authorization
    target = f"{concrete(route.path, segment)}?{query}"
    response = api.request(route.method, target, body=body, headers=headers)
    assert response.status < 500, (route, target, response.body[:300])
    assert response.headers["X-Request-Id"]
    if response.status >= 400 and response.headers.get("Content-Type", "").startswith(
        "application/json"
    ):
        assert response.json()["error"]["request_id"] == response.headers["X-Request-Id"]


DEEP = "[" * 5_000 + "]" * 5_000


@pytest.mark.parametrize(
    ("method", "target", "body"),
    [
        ("POST", "/v1/images/generate", DEEP),
        ("POST", "/v1/images/generate", '{"prompt": "a", "settings": ' + DEEP + "}"),
        ("POST", "/v1/images/generate", '{"items": [{"prompt": "a", "x": ' + DEEP + "}]}"),
        ("PUT", "/v1/style-memory", '{"keywords": ' + DEEP + "}"),
    ],
    ids=["generate", "generate-field", "generate-item", "style-memory"],
)
def test_a_body_nested_too_deeply_is_422_on_every_body_route_and_costs_nothing(
    api, caller, ledger, method, target, body
):
    # Given a body nested far past the interpreter's recursion limit
    response = api.request(
        method, target, token=caller.token, body=body, headers={"Content-Type": "application/json"}
    )
    # Then it is refused as the caller's mistake, before anything is charged or stored
    message = assert_envelope(
        response.status, response.headers, response.body, 422, "validation_error"
    )
    assert message == "body: nested more than 32 levels deep"
    assert ledger.balance(caller.account_id).balance == 10
    assert api.get("/v1/style-memory", token=caller.token).json()["keywords"] == []


def test_a_query_parameter_given_twice_is_422_saying_so(api, caller):
    response = api.get("/v1/generations?limit=5&limit=6", token=caller.token)
    message = assert_envelope(
        response.status, response.headers, response.body, 422, "validation_error"
    )
    assert message == "query.limit: given more than once; give it once"
