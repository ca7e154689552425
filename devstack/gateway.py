"""A local API Gateway (REST, Lambda proxy integration) on loopback.

Each HTTP request becomes an API Gateway v1 proxy event (real ``requestContext``, binary
bodies base64-encoded as API Gateway does for ``image/*``), goes through the real REQUEST
authorizer (answers cached per ``Authorization`` header, as API Gateway caches them), then
the real handler; its result becomes the HTTP response. Routes come from
``photocen.platform.routes`` (the table the CDK API construct reads) and gateway errors use the same
gateway-response envelope as the deployed API.

One lock per function stands in for one warm Lambda container: Powertools' resolver keeps
the current event on the class, so a container serves one request at a time, as in Lambda.
"""

from __future__ import annotations

import base64
import fnmatch
import importlib
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from photocen.platform.http import CORS_ALLOW_HEADERS, EXPOSED_HEADERS
from photocen.platform.routes import (
    AUTHORIZER_CACHE_TTL_SECONDS,
    AUTHORIZER_FUNCTION,
    BINARY_MEDIA_TYPES,
    GATEWAY_RESPONSES,
    Route,
    match,
)

from devstack.cdn import LocalEdge

ACCOUNT_ID = "123456789012"
API_ID = "photocenlocal"
STAGE = "local"
REGION = "us-east-1"


@dataclass
class LambdaContext:
    """The parts of Lambda's context object that handlers and Powertools read."""

    function_name: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 1024
    function_version: str = "$LATEST"
    timeout_ms: int = 29_000
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.timeout_ms - int((time.monotonic() - self.started) * 1000))


# Functions whose timeout is not API Gateway's 29 s (infra/ sets the same on AWS).
TIMEOUTS_MS = {"cleanup": 900_000}


class Functions:
    """Loads each function's handler module once and runs one invocation at a time."""

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[dict, Any], dict]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def invoke(self, function: str, event: dict[str, Any]) -> dict[str, Any]:
        handler, lock = self._load(function)
        with lock:
            context = LambdaContext(
                function_name=f"photocen-{function}",
                timeout_ms=TIMEOUTS_MS.get(function, 29_000),
            )
            return handler(event, context)

    def _load(self, function: str) -> tuple[Callable[[dict, Any], dict], threading.Lock]:
        with self._guard:
            if function not in self._handlers:
                module = importlib.import_module(f"functions.{function}.handler")
                self._handlers[function] = module.lambda_handler
                self._locks[function] = threading.Lock()
            return self._handlers[function], self._locks[function]


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


# The local stack's clock control (never an API route): see Gateway._clock.
LOCAL_CLOCK_PATH = "/_local/clock"


class Gateway:
    """Turns an HTTP request into an HTTP response through authorizer and handler."""

    def __init__(
        self, functions: Functions, *, authorizer_ttl: float = AUTHORIZER_CACHE_TTL_SECONDS
    ):
        self.functions = functions
        self.authorizer_ttl = authorizer_ttl
        self._auth_cache: dict[str, tuple[float, dict[str, Any]]] = {}
        self._auth_lock = threading.Lock()
        self.edge = LocalEdge()  # CloudFront's signed catalog URLs, Lambda's Invoke API

    def handle(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
        host: str,
    ) -> HttpResponse:
        request_id = str(uuid.uuid4())
        url = urlsplit(target)
        path = url.path or "/"
        if method == "OPTIONS":
            return self._preflight(request_id)
        if path == LOCAL_CLOCK_PATH:
            return self._clock(method, body, request_id)
        local = self.edge.handle(method, path, url.query, body, self.functions)
        if local is not None:
            return HttpResponse(*local)
        matched = match(method, path)
        if matched is None:
            return self._gateway_error("MISSING_AUTHENTICATION_TOKEN", request_id)
        route, params = matched
        event = build_event(
            route, params, method, path, url.query, headers, body, request_id, source_ip, host
        )
        if route.auth:
            denied = self._authorize(event, request_id)
            if denied is not None:
                return denied
        try:
            result = self.functions.invoke(route.function, event)
        except Exception:
            import traceback

            traceback.print_exc()
            return self._gateway_error("DEFAULT_5XX", request_id, status=502)
        return to_http(result)

    # ------------------------------------------------------------ local only
    def _clock(self, method: str, body: bytes, request_id: str) -> HttpResponse:
        """``POST /_local/clock {"advance_seconds": n}``: the stack's clock moves forward
        (``photocen.platform.clock.advance``), e.g. past a rate-limit window. Not a route of
        the API (API Gateway has no such thing); ``GET`` reads the stack's now."""
        from photocen.platform import clock

        if method == "POST":
            try:
                seconds = float(json.loads(body or b"{}").get("advance_seconds", 0))
                now = clock.advance(seconds)
            except (ValueError, TypeError, AttributeError):
                return self._gateway_error("DEFAULT_4XX", request_id)
        elif method == "GET":
            now = clock.utcnow()
        else:
            return self._gateway_error("MISSING_AUTHENTICATION_TOKEN", request_id)
        return HttpResponse(
            200,
            [("Content-Type", "application/json"), ("X-Request-Id", request_id)],
            json.dumps({"now": now.isoformat()}).encode(),
        )

    # ------------------------------------------------------------ authorizer
    def _authorize(self, event: dict[str, Any], request_id: str) -> HttpResponse | None:
        identity = _header(event, "Authorization")
        if not identity:
            return self._gateway_error("UNAUTHORIZED", request_id)
        answer = self._cached_answer(identity)
        if answer is None:
            auth_event = authorizer_event(event)
            started = time.monotonic()
            try:
                answer = self.functions.invoke(AUTHORIZER_FUNCTION, auth_event)
            except Exception as exc:
                if str(exc) == "Unauthorized":
                    return self._gateway_error("UNAUTHORIZED", request_id)
                return self._gateway_error("AUTHORIZER_FAILURE", request_id)
            answer = {**answer, "_latency": int((time.monotonic() - started) * 1000)}
            with self._auth_lock:
                self._auth_cache[identity] = (time.monotonic() + self.authorizer_ttl, answer)
        if not policy_allows(
            answer.get("policyDocument", {}), method_arn(event["httpMethod"], event["path"])
        ):
            return self._gateway_error("ACCESS_DENIED", request_id)
        event["requestContext"]["authorizer"] = {
            "principalId": answer.get("principalId"),
            "integrationLatency": answer["_latency"],
            **(answer.get("context") or {}),
        }
        return None

    def _cached_answer(self, identity: str) -> dict[str, Any] | None:
        if self.authorizer_ttl <= 0:
            return None
        with self._auth_lock:
            cached = self._auth_cache.get(identity)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        return None

    # ------------------------------------------------------------ responses
    def _gateway_error(self, kind: str, request_id: str, status: int | None = None) -> HttpResponse:
        response = GATEWAY_RESPONSES[kind]
        body = {
            "error": {"code": response.code, "message": response.message, "request_id": request_id}
        }
        return HttpResponse(
            status or response.status,
            [
                ("Content-Type", "application/json"),
                ("X-Request-Id", request_id),
                ("Access-Control-Allow-Origin", "*"),
            ],
            json.dumps(body).encode(),
        )

    def _preflight(self, request_id: str) -> HttpResponse:
        return HttpResponse(
            204,
            [
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET,POST,PUT,PATCH,DELETE,OPTIONS"),
                ("Access-Control-Allow-Headers", ",".join(CORS_ALLOW_HEADERS)),
                ("Access-Control-Expose-Headers", ",".join(EXPOSED_HEADERS)),
                ("Access-Control-Max-Age", "600"),
                ("X-Request-Id", request_id),
            ],
            b"",
        )


def build_event(
    route: Route,
    params: dict[str, str],
    method: str,
    path: str,
    query: str,
    headers: list[tuple[str, str]],
    body: bytes,
    request_id: str,
    source_ip: str,
    host: str,
) -> dict[str, Any]:
    """An API Gateway REST (v1) Lambda proxy event, as API Gateway builds it."""
    single_headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in headers:
        single_headers[name] = value
        multi_headers.setdefault(name, []).append(value)
    pairs = parse_qsl(query, keep_blank_values=True)
    single_query = dict(pairs)  # API Gateway keeps the last value
    multi_query: dict[str, list[str]] = {}
    for k, v in pairs:
        multi_query.setdefault(k, []).append(v)
    encoded_body, is_binary = _encode_body(body, _lookup(single_headers, "Content-Type") or "")
    now = datetime.now(UTC)
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": method,
        "headers": single_headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": single_query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "resourceId": route.path,
            "resourcePath": route.path,
            "httpMethod": method,
            "extendedRequestId": request_id,
            "requestId": request_id,
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "path": f"/{STAGE}{path}",
            "stage": STAGE,
            "protocol": "HTTP/1.1",
            "domainName": host,
            "domainPrefix": host.split(".")[0],
            "identity": {
                "sourceIp": source_ip,
                "userAgent": _lookup(single_headers, "User-Agent"),
                "accountId": None,
                "caller": None,
                "user": None,
                "userArn": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "accessKey": None,
                "apiKey": None,
            },
        },
        "body": encoded_body,
        "isBase64Encoded": is_binary,
    }


def method_arn(method: str, path: str) -> str:
    return f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{API_ID}/{STAGE}/{method}{path}"


def authorizer_event(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "REQUEST",
        "methodArn": method_arn(event["httpMethod"], event["path"]),
        "resource": event["resource"],
        "path": event["path"],
        "httpMethod": event["httpMethod"],
        "headers": event["headers"],
        "multiValueHeaders": event["multiValueHeaders"],
        "queryStringParameters": event["queryStringParameters"],
        "multiValueQueryStringParameters": event["multiValueQueryStringParameters"],
        "pathParameters": event["pathParameters"],
        "stageVariables": None,
        "requestContext": dict(event["requestContext"]),
    }


def policy_allows(policy: dict[str, Any], method_arn: str) -> bool:
    """IAM evaluation for execute-api: an explicit Deny wins, then any Allow."""
    allowed = False
    for statement in policy.get("Statement", []):
        resources = statement.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        if not any(fnmatch.fnmatchcase(method_arn, pattern) for pattern in resources):
            continue
        if statement.get("Effect") == "Deny":
            return False
        allowed = allowed or statement.get("Effect") == "Allow"
    return allowed


def to_http(result: dict[str, Any]) -> HttpResponse:
    headers: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, values in (result.get("multiValueHeaders") or {}).items():
        seen.add(name.lower())
        headers.extend((name, str(v)) for v in values)
    for name, value in (result.get("headers") or {}).items():
        if name.lower() not in seen:
            headers.append((name, str(value)))
    raw = result.get("body") or ""
    body = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode()
    return HttpResponse(int(result.get("statusCode", 200)), headers, body)


def _encode_body(body: bytes, content_type: str) -> tuple[str | None, bool]:
    """API Gateway base64-encodes bodies of binary media types (and undecodable ones)."""
    if not body:
        return None, False
    if not _is_binary(content_type):
        try:
            return body.decode(), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode(), True


def _is_binary(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return any(fnmatch.fnmatchcase(media, pattern) for pattern in BINARY_MEDIA_TYPES)


def _lookup(headers: dict[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def _header(event: dict[str, Any], name: str) -> str | None:
    return _lookup(event.get("headers") or {}, name)


def serve(gateway: Gateway, host: str, port: int) -> ThreadingHTTPServer:
    """Bind the HTTP server (port 0 picks a free port); call ``serve_forever`` to run it."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as clients of a real API expect

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; with Nagle's algorithm the body waits
            # for the client's delayed ACK of the headers (~40 ms per keep-alive request).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            bound_port = getattr(self.server, "server_port", port)
            request_host = self.headers.get("Host") or f"{host}:{bound_port}"
            response = gateway.handle(
                self.command,
                self.path,
                list(self.headers.items()),
                body,
                self.client_address[0],
                request_host,
            )
            self.send_response(response.status)
            names = {name.lower() for name, _ in response.headers}
            for name, value in response.headers:
                self.send_header(name, value)
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _dispatch

        def __getattr__(self, name: str) -> Any:
            # Any other method (TRACE, CONNECT, FOO…) goes to the gateway too, which answers
            # it as API Gateway answers a method with no route: the envelope, not
            # http.server's 501 HTML page.
            if name.startswith("do_"):
                return self._dispatch
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the handlers log through Powertools

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
