"""The route table: defined once, read by the CDK API construct and by the local gateway.

Paths use API Gateway resource syntax (``/id/{id}/{w}/{h}``). A route names the function that
serves it (``functions/<function>/handler.py``) and whether it needs a bearer token (the
REQUEST authorizer). Also here: the gateway responses that turn API Gateway's own errors
(no token, unknown route, throttling) into the PhotoCen error envelope.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from photocen.platform.errors import (
    NO_SUCH_ROUTE,
    Forbidden,
    InternalError,
    NotFound,
    PhotoCenError,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    ValidationFailed,
)

AUTHORIZER_FUNCTION = "authorizer"
# API Gateway caches an authorizer's answer per Authorization header for this long; the
# local gateway does the same. A revoked key stops working within this many seconds.
AUTHORIZER_CACHE_TTL_SECONDS = 60
# Not `*/*`: a REST API would then treat the CORS preflight's request as binary too, and its
# mock integration's mapping template would not apply (the preflight fails).
BINARY_MEDIA_TYPES = ("image/*",)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str
    auth: bool = True


ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/account", "account"),
    Route("GET", "/v1/health", "meta", auth=False),
    Route("GET", "/openapi.json", "meta", auth=False),
    Route("GET", "/docs", "meta", auth=False),
    # the web console: a static page and its assets (docs/console.md); the console itself
    # signs in with an API key, so its files need none. The literal "console" wins over the
    # delivery's `/{w}` at the same level, as on API Gateway.
    Route("GET", "/console", "meta", auth=False),
    Route("GET", "/console/{asset}", "meta", auth=False),
    # generation (issue 4)
    Route("POST", "/v1/images/generate", "generate"),
    Route("GET", "/v1/images/jobs/{job_id}", "generate"),
    Route("GET", "/v1/generations", "generate"),
    Route("GET", "/v1/generations/{generation_id}", "generate"),
    Route("DELETE", "/v1/generations/{generation_id}", "generate"),
    Route("GET", "/v1/style-memory", "generate"),
    Route("PUT", "/v1/style-memory", "generate"),
    Route("DELETE", "/v1/style-memory", "generate"),
    Route("GET", "/v1/models", "generate", auth=False),
    Route("GET", "/v1/styles", "generate", auth=False),
    Route("GET", "/v1/styles/{style_id}/thumbnail", "generate", auth=False),
    Route("GET", "/v1/webhooks/secret", "generate"),
    Route("POST", "/v1/webhooks/secret/rotate", "generate"),
    Route("POST", "/v1/prompt/enhance", "generate"),
    Route("POST", "/v1/prompt/build", "generate"),
    Route("GET", "/v1/account/ledger", "account"),
    # keys and usage (issue 10)
    Route("GET", "/v1/usage", "account"),
    Route("GET", "/v1/keys", "account"),
    Route("POST", "/v1/keys", "account"),
    Route("DELETE", "/v1/keys/{key_id}", "account"),
    Route("POST", "/v1/keys/{key_id}/rotate", "account"),
    # visual search (issue 9): free, only searchable migrated images
    Route("POST", "/v1/images/search", "search"),
    # delivery (issue 3). The format suffix is part of the last parameter (`h = "300.webp"`);
    # sibling variables share one name per level, as API Gateway requires.
    Route("GET", "/v2/list", "delivery"),
    Route("GET", "/id/{image_id}/info", "delivery"),
    Route("GET", "/id/{image_id}/{w}", "delivery"),
    Route("GET", "/id/{image_id}/{w}/{h}", "delivery"),
    Route("GET", "/seed/{seed}/info", "delivery"),
    Route("GET", "/seed/{seed}/{w}", "delivery"),
    Route("GET", "/seed/{seed}/{w}/{h}", "delivery"),
    Route("GET", "/{w}", "delivery"),
    Route("GET", "/{w}/{h}", "delivery"),
    # the partner API (issue 10): pc_partner_ keys only. Few resources on purpose (the
    # stack's 500-resource limit): status changes are one PATCH, not an action per status.
    Route("GET", "/v1/partner", "partners"),
    Route("POST", "/v1/partner/users", "partners"),
    Route("GET", "/v1/partner/users", "partners"),
    Route("GET", "/v1/partner/users/{user_id}", "partners"),
    Route("PATCH", "/v1/partner/users/{user_id}", "partners"),
    Route("GET", "/v1/partner/users/{user_id}/keys", "partners"),
    Route("POST", "/v1/partner/users/{user_id}/keys", "partners"),
    Route("DELETE", "/v1/partner/users/{user_id}/keys/{key_id}", "partners"),
    Route("POST", "/v1/partner/users/{user_id}/credits", "partners"),
    Route("GET", "/v1/partner/users/{user_id}/usage", "partners"),
)

# The partner API's path prefix: the authorizer's policy for any key that is not a partner's
# denies it (API Gateway answers 403 before any function runs or any body is read); the
# partners function checks the caller again.
PARTNER_ONLY_PREFIX = "/v1/partner"

# Functions whose authenticated routes serve the partner itself: a ``PhotoCen-Account``
# header (act on behalf of an end user) is refused there, and accepted everywhere else.
NOT_ON_BEHALF = frozenset({"partners"})


def accepts_on_behalf(route: Route) -> bool:
    """Whether a partner key may call ``route`` as one of its end users."""
    return route.auth and route.function not in NOT_ON_BEHALF


def functions() -> list[str]:
    """Every function behind the API, in a stable order."""
    return sorted({r.function for r in ROUTES})


@dataclass(frozen=True)
class GatewayResponse:
    """How API Gateway answers for itself: one of the catalogue's errors
    (``photocen.platform.errors.ERRORS``), with its status and default message unless API
    Gateway's situation needs its own."""

    status: int
    code: str
    message: str

    @classmethod
    def of(
        cls, error: type[PhotoCenError], *, status: int | None = None, message: str | None = None
    ) -> GatewayResponse:
        return cls(status or error.status, error.code, message or error.default_message)


# Keyed by API Gateway's gateway response type.
GATEWAY_RESPONSES: dict[str, GatewayResponse] = {
    "UNAUTHORIZED": GatewayResponse.of(Unauthorized),
    "ACCESS_DENIED": GatewayResponse.of(Forbidden, message="This token may not call this route."),
    # API Gateway's answer to a path no route matches: our 404.
    "MISSING_AUTHENTICATION_TOKEN": GatewayResponse.of(NotFound, message=NO_SUCH_ROUTE),
    "AUTHORIZER_FAILURE": GatewayResponse.of(
        ServiceUnavailable, message="Authentication is unavailable; try again shortly."
    ),
    "THROTTLED": GatewayResponse.of(RateLimited),
    "REQUEST_TOO_LARGE": GatewayResponse.of(
        ValidationFailed, status=413, message="The request is too large."
    ),
    # On AWS these two keep API Gateway's own status (infra/api.py): a 415 stays a 415.
    "DEFAULT_4XX": GatewayResponse.of(ValidationFailed, status=400),
    "DEFAULT_5XX": GatewayResponse.of(InternalError),
}


def gateway_response_template(kind: str) -> str:
    """The body template API Gateway renders (``$context.requestId`` is substituted)."""
    response = GATEWAY_RESPONSES[kind]
    envelope = {
        "error": {
            "code": response.code,
            "message": response.message,
            "request_id": "$context.requestId",
        }
    }
    return json.dumps(envelope)


@dataclass
class _Node:
    literal: dict[str, _Node]
    variable: tuple[str, _Node] | None
    methods: dict[str, Route]


def _tree() -> _Node:
    root = _Node({}, None, {})
    for route in ROUTES:
        node = root
        for segment in _segments(route.path):
            if segment.startswith("{") and segment.endswith("}"):
                name = segment[1:-1]
                if node.variable is None:
                    node.variable = (name, _Node({}, None, {}))
                elif node.variable[0] != name:
                    # API Gateway refuses to deploy sibling path variables with different
                    # names; silently keeping the first name would mislabel parameters.
                    raise ValueError(
                        f"{route.method} {route.path}: {{{name}}} conflicts with sibling "
                        f"{{{node.variable[0]}}}; API Gateway allows one variable name per level"
                    )
                node = node.variable[1]
            else:
                node = node.literal.setdefault(segment, _Node({}, None, {}))
        node.methods[route.method] = route
    return root


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


_ROOT = _tree()


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """Resolve a request path the way API Gateway REST does: at each level a literal
    resource wins over a ``{variable}`` one, with no backtracking."""
    node, params = _ROOT, {}
    for segment in _segments(path):
        if segment in node.literal:
            node = node.literal[segment]
        elif node.variable is not None:
            name, node = node.variable
            params[name] = segment
        else:
            return None
    route = node.methods.get(method.upper())
    return (route, params) if route else None
