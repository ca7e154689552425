"""Every API operation as a ``Call``: method, path, query, body, headers and how to read the
answer. The sync and async clients run the same ``Call`` objects, so an operation is written
once; a new route is a builder here, one line per client, and a line in ``OPERATIONS``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote, urlencode

import httpx
from pydantic import BaseModel, ValidationError

from photocen_sdk import models as m
from photocen_sdk.errors import UnexpectedResponse

T = TypeVar("T")
ImageFormat = Literal["jpg", "jpeg", "webp", "png"]

# Methods a server applies at most once however often they are sent (RFC 9110 §9.2.2).
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass
class Call(Generic[T]):
    """One request and how to turn its answer into ``T``."""

    method: str
    route: str  # the route as /openapi.json names it: "/v1/images/jobs/{job_id}"
    read: Callable[[httpx.Response], T]
    path_params: Mapping[str, str | int] = field(default_factory=dict)
    query: str = ""  # already encoded (delivery's bare flags: ?grayscale&blur)
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    auth: bool = True
    timeout: float | None = None
    # Non-2xx statuses that are an answer, not an error (health's 503 "degraded").
    answers: frozenset[int] = frozenset()
    # A POST the API applies at most once by its nature (a search, a prompt tool, an end
    # user keyed by external_id): safe to send again.
    idempotent: bool = False

    @property
    def path(self) -> str:
        path = self.route
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        return path + (f"?{self.query}" if self.query else "")

    @property
    def retry_safe(self) -> bool:
        """Sending this again cannot act twice: an idempotent method, or a POST carrying an
        Idempotency-Key (the server answers a repeat with the first answer)."""
        return (
            self.idempotent
            or self.method in _IDEMPOTENT_METHODS
            or "Idempotency-Key" in self.headers
        )


# ------------------------------------------------------------------ readers
def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise UnexpectedResponse(
            f"HTTP {response.status_code} answer is not JSON", status=response.status_code
        ) from error


def model(cls: type[T]) -> Callable[[httpx.Response], T]:
    def read(response: httpx.Response) -> T:
        document = _json(response)
        try:
            return cls.model_validate(document)  # type: ignore[attr-defined, no-any-return]
        except ValidationError as error:
            raise UnexpectedResponse(
                f"answer does not match {cls.__name__}: {error}",
                status=response.status_code,
                request_id=response.headers.get("x-request-id"),
                body=document,
            ) from error

    return read


def raw_json(response: httpx.Response) -> Any:
    return _json(response)


def content(response: httpx.Response) -> bytes:
    return response.content


def nothing(response: httpx.Response) -> None:
    return None


def read_generate(response: httpx.Response) -> m.Job | m.GenerateAccepted | m.BatchAccepted:
    """200 is the finished job (``Prefer: wait``); 202 the accepted job or batch."""
    if response.status_code == 200:
        return model(m.Job)(response)
    if "items" in _json(response):
        return model(m.BatchAccepted)(response)
    return model(m.GenerateAccepted)(response)


def _body(request: BaseModel | Mapping[str, Any]) -> Any:
    if isinstance(request, m.Request):
        return request.body()
    if isinstance(request, BaseModel):
        return request.model_dump(mode="json", exclude_none=True)
    return dict(request)


# ------------------------------------------------------------------ account
def account() -> Call[m.Account]:
    return Call("GET", "/v1/account", model(m.Account))


def ledger(limit: int | None = None) -> Call[m.Ledger]:
    return Call("GET", "/v1/account/ledger", model(m.Ledger), query=_query(limit=limit))


# ------------------------------------------------------------------ meta
def health() -> Call[m.Health]:
    # 503 "degraded" is still a health report: read it, do not raise.
    return Call("GET", "/v1/health", model(m.Health), auth=False, answers=frozenset({503}))


def openapi() -> Call[dict[str, Any]]:
    return Call("GET", "/openapi.json", raw_json, auth=False)


# ------------------------------------------------------------------ generation
def generate(
    request: m.GenerateRequest | Mapping[str, Any],
    *,
    idempotency_key: str | None = None,
    wait_seconds: int | None = None,
    timeout: float | None = None,
) -> Call[m.Job | m.GenerateAccepted | m.BatchAccepted]:
    # Chargeable: always sent with an Idempotency-Key, so a retry can never charge twice.
    headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
    if wait_seconds:
        headers["Prefer"] = f"wait={wait_seconds}"
    return Call(
        "POST",
        "/v1/images/generate",
        read_generate,
        body=_body(request),
        headers=headers,
        timeout=timeout,
    )


def get_job(job_id: str, response_format: m.ResponseFormat | None = None) -> Call[m.Job]:
    return Call(
        "GET",
        "/v1/images/jobs/{job_id}",
        model(m.Job),
        {"job_id": job_id},
        query=_query(response_format=response_format),
    )


def list_generations(
    limit: int | None = None, cursor: str | None = None
) -> Call[m.GenerationsPage]:
    return Call(
        "GET",
        "/v1/generations",
        model(m.GenerationsPage),
        query=_query(limit=limit, cursor=cursor),
    )


def get_generation(generation_id: str) -> Call[m.Job]:
    route = "/v1/generations/{generation_id}"
    return Call("GET", route, model(m.Job), {"generation_id": generation_id})


def delete_generation(generation_id: str) -> Call[None]:
    route = "/v1/generations/{generation_id}"
    return Call("DELETE", route, nothing, {"generation_id": generation_id})


def get_style_memory() -> Call[m.StyleMemory]:
    return Call("GET", "/v1/style-memory", model(m.StyleMemory))


def put_style_memory(update: m.StyleMemoryUpdate | Mapping[str, Any]) -> Call[m.StyleMemory]:
    return Call("PUT", "/v1/style-memory", model(m.StyleMemory), body=_body(update))


def delete_style_memory() -> Call[m.StyleMemory]:
    return Call("DELETE", "/v1/style-memory", model(m.StyleMemory))


def list_models() -> Call[m.Models]:
    return Call("GET", "/v1/models", model(m.Models), auth=False)


def list_styles() -> Call[m.Styles]:
    return Call("GET", "/v1/styles", model(m.Styles), auth=False)


def style_thumbnail(style_id: str) -> Call[bytes]:
    route = "/v1/styles/{style_id}/thumbnail"
    return Call("GET", route, content, {"style_id": style_id}, auth=False)


def webhook_secret() -> Call[m.WebhookSecret]:
    return Call("GET", "/v1/webhooks/secret", model(m.WebhookSecret))


def rotate_webhook_secret() -> Call[m.WebhookSecret]:
    return Call("POST", "/v1/webhooks/secret/rotate", model(m.WebhookSecret))


# ------------------------------------------------------------------ search
def search(request: m.SearchRequest | Mapping[str, Any]) -> Call[m.SearchResults]:
    return Call(
        "POST", "/v1/images/search", model(m.SearchResults), body=_body(request), idempotent=True
    )


# ------------------------------------------------------------------ prompt tools (free)
def enhance_prompt(request: m.PromptEnhanceRequest) -> Call[m.Prompt]:
    return Call("POST", "/v1/prompt/enhance", model(m.Prompt), body=_body(request), idempotent=True)


def build_prompt(request: m.PromptBuildRequest) -> Call[m.Prompt]:
    return Call("POST", "/v1/prompt/build", model(m.Prompt), body=_body(request), idempotent=True)


# ------------------------------------------------------------------ usage and keys
def usage() -> Call[m.UsageReport]:
    return Call("GET", "/v1/usage", model(m.UsageReport))


def list_keys() -> Call[m.ApiKeys]:
    return Call("GET", "/v1/keys", model(m.ApiKeys))


def create_key(name: str) -> Call[m.NewKey]:
    return Call("POST", "/v1/keys", model(m.NewKey), body=m.NewKeyRequest(name=name).body())


def rotate_key(key_id: str) -> Call[m.NewKey]:
    return Call("POST", "/v1/keys/{key_id}/rotate", model(m.NewKey), {"key_id": key_id})


def revoke_key(key_id: str, confirm_last_key: bool = False) -> Call[m.ApiKey]:
    return Call(
        "DELETE",
        "/v1/keys/{key_id}",
        model(m.ApiKey),
        {"key_id": key_id},
        query=_query(confirm="last_key" if confirm_last_key else None),
    )


# ------------------------------------------------------------------ partners
_USER = "/v1/partner/users/{user_id}"


def partner(days: int | None = None) -> Call[m.Partner]:
    return Call("GET", "/v1/partner", model(m.Partner), query=_query(days=days))


def create_end_user(request: m.EndUserRequest) -> Call[m.EndUserCreated]:
    # Keyed by external_id: sending it again answers the same user, so it may be retried.
    return Call(
        "POST",
        "/v1/partner/users",
        model(m.EndUserCreated),
        body=_body(request),
        idempotent=True,
    )


def list_end_users(limit: int | None = None, cursor: str | None = None) -> Call[m.EndUsersPage]:
    query = _query(limit=limit, cursor=cursor)
    return Call("GET", "/v1/partner/users", model(m.EndUsersPage), query=query)


def get_end_user(user_id: str) -> Call[m.EndUserDetail]:
    return Call("GET", _USER, model(m.EndUserDetail), {"user_id": user_id})


def set_end_user_status(user_id: str, status: m.EndUserStatus) -> Call[m.EndUserDetail]:
    body = m.StatusRequest(status=status).body()
    # Setting a status twice leaves it as set once.
    return Call(
        "PATCH", _USER, model(m.EndUserDetail), {"user_id": user_id}, body=body, idempotent=True
    )


def list_end_user_keys(user_id: str) -> Call[m.EndUserKeys]:
    return Call("GET", _USER + "/keys", model(m.EndUserKeys), {"user_id": user_id})


def issue_end_user_key(user_id: str) -> Call[m.IssuedKey]:
    return Call("POST", _USER + "/keys", model(m.IssuedKey), {"user_id": user_id})


def revoke_end_user_key(user_id: str, key_id: str) -> Call[m.EndUserKey]:
    params = {"user_id": user_id, "key_id": key_id}
    return Call("DELETE", _USER + "/keys/{key_id}", model(m.EndUserKey), params)


def transfer_credits(
    user_id: str, request: m.TransferRequest, idempotency_key: str | None = None
) -> Call[m.Transfer]:
    # Money: always keyed, so a retried transfer moves the credits once.
    return Call(
        "POST",
        _USER + "/credits",
        model(m.Transfer),
        {"user_id": user_id},
        body=_body(request),
        headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())},
    )


def end_user_usage(user_id: str, days: int | None = None) -> Call[m.EndUserUsage]:
    query = _query(days=days)
    return Call("GET", _USER + "/usage", model(m.EndUserUsage), {"user_id": user_id}, query=query)


# ------------------------------------------------------------------ delivery
def image(
    width: int,
    height: int | None = None,
    *,
    id: str | int | None = None,
    seed: str | int | None = None,
    grayscale: bool = False,
    blur: bool | int | None = None,
    format: ImageFormat | None = None,
) -> Call[bytes]:
    """``GET /{w}/{h}``, ``/id/{id}/{w}/{h}`` or ``/seed/{seed}/{w}/{h}`` (square without
    ``height``), with the format suffix and ``?grayscale&blur=N`` (``blur=True``: radius 5)."""
    if id is not None and seed is not None:
        raise ValueError("give id or seed, not both")
    last = "{h}" if height is not None else "{w}"
    if id is not None:
        route, params = "/id/{image_id}/{w}", {"image_id": id}
    elif seed is not None:
        route, params = "/seed/{seed}/{w}", {"seed": seed}
    else:
        route, params = "/{w}", {}
    if height is not None:
        route += "/{h}"
    suffix = f".{format}" if format else ""
    sizes: dict[str, str | int] = {"w": width, "h": height or width}
    sizes[last[1:-1]] = f"{sizes[last[1:-1]]}{suffix}"
    flags = []
    if grayscale:
        flags.append("grayscale")
    if blur is True:
        flags.append("blur")
    elif blur:
        flags.append(f"blur={int(blur)}")
    return Call("GET", route, content, {**params, **sizes}, query="&".join(flags))


def image_info(id: str | int | None = None, seed: str | None = None) -> Call[m.ImageInfo]:
    if (id is None) == (seed is None):
        raise ValueError("give exactly one of id or seed")
    if id is not None:
        return Call("GET", "/id/{image_id}/info", model(m.ImageInfo), {"image_id": id})
    return Call("GET", "/seed/{seed}/info", model(m.ImageInfo), {"seed": str(seed)})


def list_images(page: int | None = None, limit: int | None = None) -> Call[list[m.ImageInfo]]:
    def read(response: httpx.Response) -> list[m.ImageInfo]:
        return [m.ImageInfo.model_validate(item) for item in _json(response)]

    return Call("GET", "/v2/list", read, query=_query(page=page, limit=limit))


def _query(**values: Any) -> str:
    return urlencode({k: v for k, v in values.items() if v is not None})


# ------------------------------------------------------------------ coverage
# Every operation of /openapi.json → the client method that calls it (the same name on
# PhotoCen and AsyncPhotoCen). tests/sdk/test_coverage.py fails when the API gains an
# operation that is neither here nor in its commented exclusions.
OPERATIONS: Mapping[tuple[str, str], str] = {
    ("GET", "/v1/account"): "account",
    ("GET", "/v1/account/ledger"): "ledger",
    ("GET", "/v1/health"): "health",
    ("GET", "/openapi.json"): "openapi",
    ("POST", "/v1/images/generate"): "generate",
    ("GET", "/v1/images/jobs/{job_id}"): "jobs.get",
    ("GET", "/v1/generations"): "generations.list",
    ("GET", "/v1/generations/{generation_id}"): "generations.get",
    ("DELETE", "/v1/generations/{generation_id}"): "generations.delete",
    ("GET", "/v1/style-memory"): "style_memory.get",
    ("PUT", "/v1/style-memory"): "style_memory.update",
    ("DELETE", "/v1/style-memory"): "style_memory.reset",
    ("GET", "/v1/models"): "models",
    ("GET", "/v1/styles"): "styles",
    ("GET", "/v1/styles/{style_id}/thumbnail"): "style_thumbnail",
    ("GET", "/v1/webhooks/secret"): "webhooks.secret",
    ("POST", "/v1/webhooks/secret/rotate"): "webhooks.rotate_secret",
    ("GET", "/v2/list"): "list_images",
    ("GET", "/id/{image_id}/info"): "image_info",
    ("GET", "/seed/{seed}/info"): "image_info",
    ("GET", "/id/{image_id}/{w}"): "image",
    ("GET", "/id/{image_id}/{w}/{h}"): "image",
    ("GET", "/seed/{seed}/{w}"): "image",
    ("GET", "/seed/{seed}/{w}/{h}"): "image",
    ("GET", "/{w}"): "image",
    ("GET", "/{w}/{h}"): "image",
    ("POST", "/v1/images/search"): "search",
    ("POST", "/v1/prompt/enhance"): "prompt.enhance",
    ("POST", "/v1/prompt/build"): "prompt.build",
    ("GET", "/v1/usage"): "usage",
    ("GET", "/v1/keys"): "keys.list",
    ("POST", "/v1/keys"): "keys.create",
    ("POST", "/v1/keys/{key_id}/rotate"): "keys.rotate",
    ("DELETE", "/v1/keys/{key_id}"): "keys.revoke",
    ("GET", "/v1/partner"): "partner.summary",
    ("POST", "/v1/partner/users"): "partner.users.create",
    ("GET", "/v1/partner/users"): "partner.users.list",
    ("GET", "/v1/partner/users/{user_id}"): "partner.users.get",
    ("PATCH", "/v1/partner/users/{user_id}"): "partner.users.set_status",
    ("GET", "/v1/partner/users/{user_id}/keys"): "partner.users.keys",
    ("POST", "/v1/partner/users/{user_id}/keys"): "partner.users.issue_key",
    ("DELETE", "/v1/partner/users/{user_id}/keys/{key_id}"): "partner.users.revoke_key",
    ("POST", "/v1/partner/users/{user_id}/credits"): "partner.users.transfer",
    ("GET", "/v1/partner/users/{user_id}/usage"): "partner.users.usage",
}


def dumps(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()
