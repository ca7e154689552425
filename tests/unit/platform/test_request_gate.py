"""The request gate of the shared HTTP layer (``PhotoCenResolver.resolve``), with a fake gate:
every authenticated request passes it once, before routing; a refusal runs no route."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.platform.errors import RateLimited
from photocen.platform.http import create_app
from photocen.platform.principal import Principal
from photocen.platform.routes import Route

from devstack.gateway import LambdaContext, build_event
from tests.conftest import assert_envelope

router = APIGatewayRouter()
served: list[str] = []


@router.get("/t/thing")
def thing() -> dict[str, str]:
    served.append("thing")
    return {"ok": "yes"}


class FakeGate:
    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.admitted: list[Principal] = []

    def admit(self, principal: Principal) -> Mapping[str, str]:
        if self.refuse:
            raise RateLimited(
                "per-minute limit reached", retry_after=7, headers={"X-RateLimit-Remaining": "0"}
            )
        self.admitted.append(principal)
        return {"X-RateLimit-Remaining": "41", "RateLimit": '"minute";r=41;t=19'}


def call(
    gate: FakeGate, *, principal: Principal | None, path: str = "/t/thing"
) -> tuple[int, dict[str, str], Any]:
    app = create_app()
    app.gate = gate
    app.include_router(router)
    event = build_event(
        Route("GET", path, "test"),
        {},
        "GET",
        path,
        "",
        [("Origin", "https://a.example")],
        b"",
        "req-1",
        "10.0.0.1",
        "h",
    )
    if principal is not None:
        event["requestContext"]["authorizer"] = principal.as_context()
    result = app.resolve(event, LambdaContext("test"))
    headers = {k: v[-1] for k, v in (result.get("multiValueHeaders") or {}).items()}
    headers.update(result.get("headers") or {})
    return result["statusCode"], headers, json.loads(result["body"])


CALLER = Principal("acct_1", "user", "free", None, "key_1")


def test_an_admitted_request_is_served_with_the_gates_headers():
    gate = FakeGate()
    served.clear()
    status, headers, _ = call(gate, principal=CALLER)
    assert status == 200
    assert served == ["thing"]
    assert gate.admitted == [CALLER]
    assert headers["X-RateLimit-Remaining"] == "41"
    assert headers["RateLimit"] == '"minute";r=41;t=19'


def test_a_refused_request_runs_no_route_and_answers_429_in_the_envelope():
    served.clear()
    status, headers, body = call(FakeGate(refuse=True), principal=CALLER)
    assert_envelope(status, headers, body, 429, "rate_limited")
    assert body["error"]["retry_after"] == 7
    assert headers["Retry-After"] == "7"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert served == []


def test_an_unknown_route_of_an_authenticated_call_is_counted_too():
    gate = FakeGate()
    status, headers, _ = call(gate, principal=CALLER, path="/t/nope")
    assert status == 404
    assert gate.admitted == [CALLER]
    assert headers["X-RateLimit-Remaining"] == "41"


def test_a_public_request_does_not_pass_the_gate():
    gate = FakeGate(refuse=True)
    status, headers, _ = call(gate, principal=None)
    assert status == 200
    assert "X-RateLimit-Remaining" not in headers
