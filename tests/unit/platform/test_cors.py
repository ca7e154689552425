"""CORS: open by default for the public API, a strict origin list when configured."""

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.platform.http import create_app
from photocen.platform.routes import Route

from devstack.gateway import LambdaContext, build_event


def _resolve(origins: list[str], origin: str) -> dict:
    router = APIGatewayRouter()

    @router.get("/ping")
    def ping() -> dict:
        return {"ok": True}

    app = create_app(cors_origins=origins)
    app.include_router(router)
    event = build_event(
        Route("GET", "/ping", "test"),
        {},
        "GET",
        "/ping",
        "",
        [("Origin", origin)],
        b"",
        "req-1",
        "10.0.0.1",
        "h",
    )
    return app.resolve(event, LambdaContext("test"))


def _allow_origin(response: dict) -> list[str]:
    return response["multiValueHeaders"].get("Access-Control-Allow-Origin", [])


def test_open_cors_allows_any_origin():
    assert _allow_origin(_resolve(["*"], "https://anywhere.example")) == ["*"]


def test_strict_cors_allows_only_listed_origins():
    listed = ["https://app.example", "https://admin.example"]
    assert _allow_origin(_resolve(listed, "https://admin.example")) == ["https://admin.example"]
    assert _allow_origin(_resolve(listed, "https://evil.example")) == []


def test_every_response_carries_the_request_id():
    assert _resolve(["*"], "https://a.example")["multiValueHeaders"]["X-Request-Id"] == ["req-1"]
