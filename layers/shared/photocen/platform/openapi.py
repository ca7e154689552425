"""One OpenAPI document for the whole API, merged from the routers it is given.

Each function's ``functions/<name>/routes.py`` exposes a Powertools ``router`` whose pydantic
models describe its requests and responses; the meta function hands them over
(``functions/meta/openapi.py``: the layer never imports ``functions``). The route table says
which routes need a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from photocen.platform.errors import ERRORS
from photocen.platform.patterns import END_USER_ID
from photocen.platform.principal import ON_BEHALF_HEADER
from photocen.platform.routes import ROUTES, accepts_on_behalf

TITLE = "PhotoCen API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Generate, personalize, search and serve AI images through one API. "
    "Send `Authorization: Bearer pc_live_…` (partners: `pc_partner_…`, and "
    f"`{ON_BEHALF_HEADER}: <end user id>` to call as one of their end users). Every error is "
    '`{"error": {"code", "message", "request_id"}}` and every response has `X-Request-Id`.'
)
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "request_id"],
            "properties": {
                "code": {
                    "type": "string",
                    "enum": list(ERRORS),  # the one list: platform.errors
                },
                "message": {"type": "string"},
                "request_id": {"type": "string"},
                "retry_after": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "On 429 `rate_limited`: seconds until the window that "
                    "tripped resets (as the `Retry-After` header).",
                },
            },
        }
    },
}
# The rate-limit headers of every authenticated answer (photocen.limits makes them).
RATE_LIMIT_HEADERS: dict[str, dict[str, Any]] = {
    "X-RateLimit-Limit": {
        "description": "Requests this key may make per minute.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left to this key in the current minute.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-RateLimit-Reset": {
        "description": "When the current minute resets, in seconds since the epoch (UTC).",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Policy": {
        "description": "IETF draft: every window, e.g. "
        '`"minute";q=60;w=60, "day";q=1000;w=86400, "month";q=10000;w=2592000`.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": "IETF draft: the window with the fewest requests left, e.g. "
        '`"minute";r=41;t=19`.',
        "schema": {"type": "string"},
    },
}
RETRY_AFTER_HEADER = {
    "description": "Seconds until the window that tripped resets.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


# Partners' act-on-behalf header (docs/decisions/0014), on every route that accepts it.
ON_BEHALF_PARAMETER = {
    "name": ON_BEHALF_HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Partner keys only: call as this end user of yours (billed and limited as it). "
        "403 for any other key or a suspended end user; 404 for an id that is not your end user."
    ),
    "schema": {"type": "string", "pattern": END_USER_ID.json},
}


def document(routers: Iterable[APIGatewayRouter], server_url: str | None = None) -> dict[str, Any]:
    """The document of the API the ``routers`` serve (every function's, in route-table order)."""
    from photocen.platform.http import create_app  # the same resolver the functions use

    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "paths": {},
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
    if server_url:
        merged["servers"] = [{"url": server_url}]
    for router in routers:
        app = create_app()
        app.include_router(router)
        schema = app.get_openapi_schema(title=TITLE, version=VERSION).model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        for path, operations in schema.get("paths", {}).items():
            merged["paths"].setdefault(path, {}).update(operations)
        for name, component in schema.get("components", {}).get("schemas", {}).items():
            known = merged["components"]["schemas"].setdefault(name, component)
            if known != component:
                # Two functions' models share a class name: one would silently describe
                # the other's answers. Each function's schemas need names of their own.
                raise ValueError(f"two different OpenAPI components are both named {name!r}")
    _annotate(merged)
    return merged


def _annotate(doc: dict[str, Any]) -> None:
    """Security and the error envelope on each operation, as the route table says."""
    auth = {(r.method.lower(), r.path): r.auth for r in ROUTES}
    on_behalf = {(r.method.lower(), r.path) for r in ROUTES if accepts_on_behalf(r)}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            authenticated = auth.get((method, path), True)
            if authenticated:
                operation["security"] = [{"bearer": []}]
            if (method, path) in on_behalf:
                operation.setdefault("parameters", []).append(ON_BEHALF_PARAMETER)
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _not_null(parameter["schema"])
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status, response in responses.items():
                if isinstance(response, dict) and status[:1] == "3":
                    # A redirect or a revalidation has no body, whatever the route's
                    # return annotation made of it.
                    response.pop("content", None)
                # OpenAPI requires a description on every response; a route that only
                # declared its content type gets the status phrase.
                if isinstance(response, dict) and "description" not in response:
                    response["description"] = _phrase(status)
            if authenticated:
                for response in responses.values():
                    if isinstance(response, dict):
                        response["headers"] = {
                            **_rate_limit_headers(),
                            **response.get("headers", {}),
                        }
                responses["429"] = {
                    "description": "Rate limited: a limit of your plan is reached (the message "
                    "names it); nothing was counted or charged.",
                    "headers": {"Retry-After": RETRY_AFTER_HEADER, **_rate_limit_headers()},
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            responses["default"] = {
                "description": "Error envelope",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }


def _rate_limit_headers() -> dict[str, Any]:
    """On every answer to an authenticated call (refusals too)."""
    return {name: {**header, "required": True} for name, header in RATE_LIMIT_HEADERS.items()}


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter is absent or a string on the wire, never JSON ``null``: ``T | None`` in a
    route's signature is documented as ``T`` (the parameter is simply not required)."""
    branches = schema.get("anyOf")
    if not branches:
        return schema
    kept = [b for b in branches if b != {"type": "null"}]
    if len(kept) != 1:
        return {**schema, "anyOf": kept}
    outer = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**kept[0], **outer}  # the route's own keywords (json_schema_extra) win


def _phrase(status: str) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return "Response"
