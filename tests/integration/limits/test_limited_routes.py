"""The limits at the HTTP edge, through the real authorizer and handlers (moto behind)."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from photocen.limits.plans import PLANS
from photocen.platform.routes import ROUTES

from tests.conftest import assert_envelope


def test_every_authenticated_answer_carries_the_rate_limit_headers(api, new_account):
    # Given a free key
    caller = new_account()
    # When it calls twice
    first = api.get("/v1/account", token=caller.token)
    second = api.get("/v1/account", token=caller.token)
    # Then the remaining count falls, and the headers describe every window
    assert first.status == second.status == 200
    assert first.headers["X-RateLimit-Limit"] == "60"
    assert (first.headers["X-RateLimit-Remaining"], second.headers["X-RateLimit-Remaining"]) == (
        "59",
        "58",
    )
    reset = int(second.headers["X-RateLimit-Reset"])
    now = datetime.now(UTC).timestamp()
    assert reset % 60 == 0
    assert 0 < reset - now <= 61
    assert second.headers["RateLimit-Policy"].startswith(
        '"minute";q=60;w=60, "day";q=1000;w=86400, "month";q=10000;w='
    )
    assert second.headers["RateLimit"].startswith('"minute";r=58;t=')
    # And an error answer of an authenticated call (a 404) is counted and carries them too
    missing = api.get("/v1/generations/gen_nope", token=caller.token)
    assert missing.status in (404, 422)
    assert missing.headers["X-RateLimit-Remaining"] == "57"


def test_public_routes_are_not_limited(api):
    response = api.get("/v1/models")
    assert response.status == 200
    assert "X-RateLimit-Limit" not in response.headers


def test_a_refused_delivery_is_429_and_costs_no_credit(
    api: Any, delivery: Any, add_images: Any, new_account: Any, ledger: Any, monkeypatch: Any
) -> None:
    # Given a plan of 2 requests per minute and a catalog
    monkeypatch.setattr(
        "photocen.limits.service.plan_of", lambda _: replace(PLANS["free"], requests_per_minute=2)
    )
    add_images(2)
    caller = new_account()
    assert api.get("/id/1/40/30", token=caller.token).status == 200
    assert api.get("/id/1/40/30", token=caller.token).status == 200
    before = ledger.balance(caller.account_id)
    # When it asks for a third image in the same minute
    refused = api.get("/id/1/40/30", token=caller.token)
    # Then it is refused with the envelope, Retry-After and retry_after, naming the window
    message = assert_envelope(refused.status, refused.headers, refused.body, 429, "rate_limited")
    assert "per-minute limit of 2 requests" in message
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"]["retry_after"] == int(refused.headers["Retry-After"])
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    # And no credit moved
    assert ledger.balance(caller.account_id) == before


def test_a_refusal_answers_cors_headers_to_a_browser(api, new_account, monkeypatch):
    monkeypatch.setattr(
        "photocen.limits.service.plan_of", lambda _: replace(PLANS["free"], requests_per_minute=1)
    )
    caller = new_account()
    api.get("/v1/account", token=caller.token)
    refused = api.get("/v1/account", token=caller.token, headers={"Origin": "https://a.example"})
    assert refused.status == 429
    assert refused.headers["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def delivery(aws: Any) -> Any:
    from photocen.delivery.wiring import delivery_service

    delivery_service.cache_clear()
    yield delivery_service()
    delivery_service.cache_clear()


@pytest.mark.parametrize(
    "function", sorted({route.function for route in ROUTES if route.auth}), ids=str
)
def test_every_api_function_with_an_authenticated_route_has_the_gate(aws, function):
    module = importlib.import_module(f"functions.{function}.handler")
    assert module.app.gate is not None, f"functions/{function}/handler.py passes no gate"
