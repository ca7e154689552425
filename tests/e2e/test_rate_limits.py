"""Rate limits on the local stack over real HTTP, as a user meets them (``make dev``)."""

from __future__ import annotations

import json
from datetime import datetime
from http.client import HTTPConnection
from typing import Any
from urllib.parse import urlsplit

from tests.conftest import LocalStack, assert_envelope
from tests.e2e.test_local_stack import cli

FREE_PER_MINUTE = 60


def call(
    connection: HTTPConnection, method: str, path: str, token: str | None = None, body: Any = None
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    payload = json.dumps(body).encode() if body is not None else None
    if payload is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    return response.status, dict(response.headers), response.read()


def advance_clock(connection: HTTPConnection, seconds: float) -> datetime:
    status, _, body = call(connection, "POST", "/_local/clock", body={"advance_seconds": seconds})
    assert status == 200
    return datetime.fromisoformat(json.loads(body)["now"])


def test_a_free_key_is_limited_per_minute_and_refusals_cost_nothing(local_stack: LocalStack):
    # Given a new free account (10 credits) and the stack's clock early in a minute, so that
    # the minute does not turn during the burst
    created = cli(local_stack, "create-account", "--name", "burst", "--plan", "free")
    token = created["token"]
    url = urlsplit(local_stack.base_url)
    connection = HTTPConnection(url.hostname, url.port, timeout=30)
    now = advance_clock(connection, 0)
    if now.second > 40:
        now = advance_clock(connection, 61 - now.second)
    # When it makes 100 requests in a few seconds
    answers = [call(connection, "GET", "/v1/account", token) for _ in range(100)]
    # Then the first 60 pass with the remaining count falling, the rest are 429
    statuses = [status for status, _, _ in answers]
    assert statuses == [200] * FREE_PER_MINUTE + [429] * (100 - FREE_PER_MINUTE)
    remaining = [int(h["X-RateLimit-Remaining"]) for _, h, _ in answers]
    assert remaining[:FREE_PER_MINUTE] == list(range(FREE_PER_MINUTE - 1, -1, -1))
    assert set(remaining[FREE_PER_MINUTE:]) == {0}
    status, headers, body = answers[-1]
    message = assert_envelope(status, headers, body, 429, "rate_limited")
    assert "per-minute limit of 60 requests" in message
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert headers["X-RateLimit-Limit"] == "60"
    assert headers["RateLimit-Policy"].startswith('"minute";q=60;w=60')
    # And a metered delivery refused in that minute costs no credit
    assert call(connection, "GET", "/id/1/64/64", token)[0] == 429
    # When the next minute comes
    advance_clock(connection, int(headers["Retry-After"]))
    # Then the key works again, from a fresh count, and the credits are untouched
    status, headers, body = call(connection, "GET", "/v1/account", token)
    assert status == 200
    assert headers["X-RateLimit-Remaining"] == str(FREE_PER_MINUTE - 1)
    assert json.loads(body)["credits"] == 10
    # And usage counts only the admitted requests (60, then this one, then the usage read)
    status, _, body = call(connection, "GET", "/v1/usage", token)
    assert status == 200
    assert json.loads(body)["today"]["requests"] == FREE_PER_MINUTE + 2
    connection.close()


def test_public_routes_carry_no_rate_limit_headers(local_stack: LocalStack):
    url = urlsplit(local_stack.base_url)
    connection = HTTPConnection(url.hostname, url.port, timeout=30)
    status, headers, _ = call(connection, "GET", "/v1/health")
    assert status == 200
    assert "X-RateLimit-Limit" not in headers
    connection.close()
