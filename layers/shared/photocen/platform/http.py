"""The HTTP edge shared by every API function: the resolver, the caller, and errors.

Every error becomes ``{"error": {"code", "message", "request_id"}}`` here and nowhere else,
and every response carries ``X-Request-Id`` (API Gateway's request id).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from itertools import accumulate
from typing import Any, Protocol

from aws_lambda_powertools.event_handler import (
    APIGatewayRestResolver,
    CORSConfig,
    Response,
)
from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
from aws_lambda_powertools.event_handler.exceptions import ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from photocen.platform.errors import (
    NO_SUCH_ROUTE,
    Forbidden,
    InternalError,
    NotFound,
    PhotoCenError,
    Unauthorized,
    ValidationFailed,
    code_for_status,
)
from photocen.platform.observability import logger
from photocen.platform.principal import ON_BEHALF_HEADER, Principal
from photocen.platform.settings import BaseFunctionSettings, load

REQUEST_ID_HEADER = "X-Request-Id"
# Request headers a browser may send cross-origin: the handlers' CORS config, API Gateway's
# preflight (infra/api.py) and the local gateway's preflight all use this one list.
CORS_ALLOW_HEADERS = (
    "Authorization",
    "Idempotency-Key",
    "Content-Type",
    ON_BEHALF_HEADER,
    "Prefer",
)
# Rate-limit headers on every authenticated response (photocen.limits makes their values).
RATE_LIMIT_HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "RateLimit-Policy",
    "RateLimit",
)
EXPOSED_HEADERS = [
    REQUEST_ID_HEADER,
    "Link",
    "X-Total-Count",
    "X-Image-Id",
    "Retry-After",
    "Preference-Applied",
    *RATE_LIMIT_HEADERS,
]
# Far deeper than any request schema (a few levels), far shallower than the interpreter's
# recursion limit, which json.loads and pydantic would otherwise hit (~1,000 levels).
MAX_JSON_DEPTH = 32


class RequestGate(Protocol):
    """What every authenticated request passes before any route runs (``photocen.limits``
    implements it: rate limits and quotas). ``admit`` answers the headers to put on the
    response, or raises a ``PhotoCenError`` (429 ``rate_limited``) that refuses the request,
    whose own ``headers`` go on the refusal."""

    def admit(self, principal: Principal) -> Mapping[str, str]: ...


class PhotoCenResolver(APIGatewayRestResolver):
    """Powertools' REST resolver plus the house rules for every response."""

    # How this function resolves ``PhotoCen-Account`` (``create_app``); None refuses it.
    on_behalf: OnBehalf | None = None
    # Set by ``platform.handlers.api_handler``; None only for functions with no auth route.
    gate: RequestGate | None = None

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        request_id = _request_id(event)
        try:
            # First of all: from here on (limits, billing, the route) the caller is the end
            # user a partner acts for.
            _act_on_behalf(event, self.on_behalf)
        except PhotoCenError as refusal:
            response = _refusal(refusal, request_id, self._cors_headers(event))
            _add_headers(response, {REQUEST_ID_HEADER: request_id})
            return response
        principal = _authorized(event)
        gate_headers: Mapping[str, str] = {}
        if principal is not None and self.gate is not None:
            # Before routing, so that every authenticated answer (a 422 and a 404 too) is
            # counted and carries the headers; a refusal runs no route and charges nothing.
            try:
                gate_headers = self.gate.admit(principal)
            except PhotoCenError as refusal:
                response = _refusal(refusal, request_id, self._cors_headers(event))
                _add_headers(response, {REQUEST_ID_HEADER: request_id})
                return response
        response = super().resolve(event, context)
        _add_headers(response, {**gate_headers, REQUEST_ID_HEADER: request_id})
        return response

    def _cors_headers(self, event: Mapping[str, Any]) -> dict[str, str]:
        """The CORS headers Powertools would add (a refusal never reaches its router)."""
        cors: CORSConfig | None = self._cors
        if cors is None:
            return {}
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        origin = cors.allowed_origin(headers.get("origin"))  # type: ignore[arg-type]
        return cors.to_dict(origin) if origin else {}


def _authorized(event: Mapping[str, Any]) -> Principal | None:
    """The principal of an authenticated request; None on a public route."""
    context = (event.get("requestContext") or {}).get("authorizer") or {}
    return Principal.from_context(context) if context.get("account_id") else None


def _refusal(error: PhotoCenError, request_id: str, cors: Mapping[str, str]) -> dict[str, Any]:
    """The proxy response of a request refused before routing, in the envelope."""
    body: dict[str, dict[str, Any]] = {
        "error": {"code": error.code, "message": error.message, "request_id": request_id}
    }
    body["error"].update(error.details)
    return {
        "statusCode": error.status,
        "body": json.dumps(body),
        "isBase64Encoded": False,
        "multiValueHeaders": {
            "Content-Type": ["application/json"],
            **{name: [value] for name, value in {**cors, **error.headers}.items()},
        },
    }


def _add_headers(response: dict[str, Any], headers: Mapping[str, str]) -> None:
    multi = response.setdefault("multiValueHeaders", {})
    single = response.get("headers") or {}
    for name, value in headers.items():
        single.pop(name, None)
        multi[name] = [value]


# (the partner's principal, the ``PhotoCen-Account`` header) → the end user's principal, or a
# PhotoCenError (403 not a partner key or the account is suspended, 404 not its end user).
OnBehalf = Callable[[Principal, str], Principal]


def _act_on_behalf(event: Mapping[str, Any], on_behalf: OnBehalf | None) -> None:
    """For a ``PhotoCen-Account`` header on an authenticated request, replace the
    authorizer's principal (the partner) in the event with the end user's.

    Why here and not in the authorizer: API Gateway caches a REQUEST authorizer's answer per
    identity source and, with caching on, refuses (401) a request missing any of them, so
    the header cannot be one; resolving it in the authorizer would hand a cached answer for
    one end user to a request for another (docs/decisions/0014)."""
    account_id = _header_value(event, ON_BEHALF_HEADER)
    request_context = event.get("requestContext") or {}
    authorizer = request_context.get("authorizer") or {}
    if account_id is None or not authorizer.get("account_id"):
        return  # no header, or a public route (no principal to replace)
    if on_behalf is None:
        raise Forbidden(f"This route cannot be called with {ON_BEHALF_HEADER}.")
    principal = on_behalf(Principal.from_context(authorizer), account_id.strip())
    request_context["authorizer"] = {**authorizer, **principal.as_context()}


def create_app(
    *, cors_origins: list[str] | None = None, on_behalf: OnBehalf | None = None
) -> PhotoCenResolver:
    """The resolver of an API function; CORS origins default to the deployment's setting.

    ``on_behalf``: how this function resolves a ``PhotoCen-Account`` header (the partners
    capability's); without it, a request sending the header is refused (403), never served
    as the partner itself."""
    origins = cors_origins or load(BaseFunctionSettings).cors_origins
    cors = CORSConfig(
        allow_origin=origins[0],
        extra_origins=origins[1:] or None,
        allow_headers=list(CORS_ALLOW_HEADERS),
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
    app = PhotoCenResolver(enable_validation=True, cors=cors, json_body_deserializer=read_json)
    app.on_behalf = on_behalf
    app.use([_mark_route_started])
    _register_error_handlers(app)
    return app


def caller(app: BaseRouter) -> Principal:
    """The principal the authorizer put on the request."""
    context = app.current_event.raw_event.get("requestContext", {}).get("authorizer") or {}
    if not context.get("account_id"):
        raise Unauthorized()
    return Principal.from_context(context)


def error_response(
    status: int,
    code: str,
    message: str,
    request_id: str,
    details: Mapping[str, int] | None = None,
    **headers: str,
) -> Response:
    body: dict[str, dict[str, Any]] = {
        "error": {"code": code, "message": message, "request_id": request_id}
    }
    body["error"].update(details or {})
    return Response(
        status_code=status,
        content_type="application/json",
        body=json.dumps(body),
        headers=dict(headers),
    )


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def read_json(text: str) -> Any:
    """The body reader of every route: ``json.loads`` once the nesting is known to be sane.

    The depth is counted before parsing (strings removed, then running sum over the
    brackets, in C iterators: about as fast as the parse), so that neither the parser nor
    anything after it recurses into a hostile body.
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depths = accumulate(map(_DEPTH_STEP.__getitem__, brackets))
    if next(filter(MAX_JSON_DEPTH.__lt__, depths), None) is not None:
        raise ValidationFailed(f"body: nested more than {MAX_JSON_DEPTH} levels deep")
    return json.loads(text)


def base_url(event: Mapping[str, Any]) -> str:
    """The public base URL of the API a request came through, for absolute links.

    ``event`` is the API Gateway proxy event: the raw mapping, or the resolver's
    ``current_event`` (Powertools' event classes are mappings of the raw event). The domain is
    ``requestContext.domainName`` (else the ``Host`` header); ``execute-api`` domains carry
    the stage in the path, a custom domain maps the stage away; loopback is the local stack,
    which speaks plain HTTP; elsewhere the scheme is ``X-Forwarded-Proto`` (else HTTPS).
    """
    context = event.get("requestContext") or {}
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    domain = context.get("domainName") or headers.get("host") or "localhost"
    stage = context.get("stage")
    local = domain.startswith(("127.0.0.1", "localhost", "[::1]"))
    scheme = "http" if local else headers.get("x-forwarded-proto", "https")
    prefix = f"/{stage}" if stage and domain.endswith("amazonaws.com") else ""
    return f"{scheme}://{domain}{prefix}"


def _request_id(event: Mapping[str, Any]) -> str:
    return str((event.get("requestContext") or {}).get("requestId") or "unknown")


_ROUTE_STARTED = "_photocen_route_started"


def _mark_route_started(app: PhotoCenResolver, next_middleware: Any) -> Response:
    # User middlewares run after Powertools has read and validated the request, so past
    # this point an error is ours, not the caller's.
    app.append_context(**{_ROUTE_STARTED: True})
    return next_middleware(app)


def _header_value(event: Mapping[str, Any], name: str) -> str | None:
    lowered = name.lower()
    headers = event.get("headers") or {}
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def _register_error_handlers(app: PhotoCenResolver) -> None:
    def current_request_id() -> str:
        return _request_id(app.current_event.raw_event)

    def invalid(message: str) -> Response:
        return error_response(
            ValidationFailed.status, ValidationFailed.code, message, current_request_id()
        )

    @app.exception_handler(PhotoCenError)
    def domain_error(exc: PhotoCenError) -> Response:
        if exc.status >= 500:
            logger.warning("request failed", extra={"code": exc.code, "reason": exc.message})
        return error_response(
            exc.status, exc.code, exc.message, current_request_id(), exc.details, **exc.headers
        )

    @app.exception_handler(RequestValidationError)
    def validation_error(exc: RequestValidationError) -> Response:
        errors = _name_repeated_parameters(exc.errors(), app.current_event.raw_event)
        return invalid(describe(errors))

    @app.exception_handler(ValidationError)
    def model_validation_error(exc: ValidationError) -> Response:
        # Bodies and parameters are validated by Powertools (RequestValidationError, above),
        # and a route that validates part of its input itself raises ValidationFailed naming
        # the fields. So a pydantic ValidationError that escapes a route is a model of ours
        # failing on our own data (an answer built after credits were reserved): a 500.
        return unexpected_error(exc)

    @app.exception_handler(RequestUnsupportedContentType)
    def unsupported_body(exc: RequestUnsupportedContentType) -> Response:
        # A body the validator cannot read (text/plain, a form, an image) is the caller's
        # mistake, not a crash of ours.
        message = "body: send the request body as JSON (Content-Type: application/json)"
        return invalid(message)

    @app.exception_handler(ValueError)
    def unreadable_body(exc: ValueError) -> Response:
        # Powertools decodes the body (base64, UTF-8, multipart) before any route code runs
        # and lets ValueErrors through; there they mean the caller sent a malformed body.
        if app.context.get(_ROUTE_STARTED):
            return unexpected_error(exc)
        if isinstance(exc, UnicodeError):
            message = "body: not valid UTF-8 text"
        else:
            content_type = app.current_event.headers.get("content-type") or "JSON"
            message = f"body: cannot be read as {content_type.split(';')[0].strip()}"
        return invalid(message)

    @app.exception_handler(ServiceError)
    def powertools_error(exc: ServiceError) -> Response:
        return error_response(
            exc.status_code, code_for_status(exc.status_code), str(exc.msg), current_request_id()
        )

    @app.not_found
    def route_not_found(_: Exception) -> Response:
        return error_response(NotFound.status, NotFound.code, NO_SUCH_ROUTE, current_request_id())

    @app.exception_handler(Exception)
    def unexpected_error(exc: Exception) -> Response:
        # The last resort: log the stack trace for us, show the caller only the envelope.
        logger.exception("unhandled error")
        return error_response(
            InternalError.status,
            InternalError.code,
            InternalError.default_message,
            current_request_id(),
        )


def _name_repeated_parameters(errors: Any, event: Mapping[str, Any]) -> list[Any]:
    """A declared query parameter given more than once reaches the validator as a list,
    which it reports as the wrong type; say what happened instead (once per parameter)."""
    multi = event.get("multiValueQueryStringParameters") or {}
    repeated = {name for name, values in multi.items() if len(values or ()) > 1}
    out, said = [], set()
    for error in errors:
        location = tuple(error.get("loc", ()))
        if location[:1] == ("query",) and len(location) > 1 and location[1] in repeated:
            if location[1] not in said:
                said.add(location[1])
                out.append({**error, "msg": "given more than once; give it once"})
            continue
        out.append(error)
    return out


def describe(errors: Any) -> str:
    """A one-line message that names each offending field, e.g. ``query.blur: …``."""
    parts = []
    for error in list(errors)[:5]:
        if error.get("type") == "json_invalid":
            # Powertools puts the character offset in ``loc``; that is not a field.
            detail = (error.get("ctx") or {}).get("error")
            parts.append(f"body: invalid JSON ({detail})" if detail else "body: invalid JSON")
            continue
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        if error.get("loc", ())[:1] == ("body",) and location != "body":
            location = f"body.{location}"
        parts.append(f"{location}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "The request is invalid."
