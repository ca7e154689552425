"""``PhotoCen`` (sync) and ``AsyncPhotoCen`` (asyncio) on httpx.

Both run the ``Call`` objects of ``_operations``; what differs is only how they send and
sleep. Retries (``RetryPolicy``): a 429 is always retried (the API refused it before doing
anything, and charged nothing); a 502/503/504, a 409 ``idempotency_in_progress`` or a broken
connection only when sending again cannot act twice (GET/PUT/DELETE, or a POST with an
Idempotency-Key — ``generate`` always has one); a connection that never opened always.
``Retry-After`` (or the envelope's ``retry_after``) is honoured; otherwise exponential
backoff with jitter.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, overload
from urllib.parse import urlsplit

import httpx

from photocen_sdk import _operations as ops
from photocen_sdk import models as m
from photocen_sdk.errors import (
    APIConnectionError,
    APITimeoutError,
    JobFailed,
    PhotoCenError,
    WaitTimeout,
    error_from_response,
)

T = TypeVar("T")

__version__ = "0.1.0"
ENV_BASE_URL = "PHOTOCEN_API_URL"
ENV_TOKEN = "PHOTOCEN_API_KEY"  # noqa: S105 - the variable's name, not a token
# The most the API holds a `Prefer: wait` request (docs/api.md); longer waits poll after.
MAX_SERVER_WAIT_SECONDS = 25


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    backoff_base: float = 0.5  # seconds before the first retry, doubling each time
    backoff_max: float = 8.0
    # A Retry-After longer than this is not waited for: the error is raised instead.
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_max, self.backoff_base * 2**attempt)
        return ceiling * (0.5 + random.random() / 2)  # jitter: spread clients apart


_RETRY_STATUSES_IF_SAFE = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RateLimit:
    """The ``X-RateLimit-*`` headers of the latest answer: the key's requests per minute,
    those left, and when the minute resets (epoch seconds)."""

    limit: int
    remaining: int
    reset: int

    @classmethod
    def of(cls, headers: httpx.Headers) -> RateLimit | None:
        try:
            return cls(
                int(headers["x-ratelimit-limit"]),
                int(headers["x-ratelimit-remaining"]),
                int(headers["x-ratelimit-reset"]),
            )
        except (KeyError, ValueError):
            return None


def _retry_delay(
    call: ops.Call[Any],
    attempt: int,
    policy: RetryPolicy,
    response: httpx.Response | None,
    failure: httpx.TransportError | None,
) -> float | None:
    """Seconds to wait before sending ``call`` again, or ``None`` to give up."""
    if attempt >= policy.max_retries:
        return None
    if failure is not None:
        never_sent = isinstance(failure, httpx.ConnectError | httpx.ConnectTimeout)
        return policy.backoff(attempt) if never_sent or call.retry_safe else None
    assert response is not None
    status = response.status_code
    if status in call.answers:
        return None  # an answer, not a failure (health's 503 "degraded")
    if status == 429:
        pass  # refused before anything happened: always safe
    elif status in _RETRY_STATUSES_IF_SAFE or (
        status == 409 and b"idempotency_in_progress" in response.content
    ):
        if not call.retry_safe:
            return None
    else:
        return None
    error = error_from_response(status, response.headers, response.content)
    told = getattr(error, "retry_after", None)
    if told is None:
        return policy.backoff(attempt)
    return told if told <= policy.max_retry_after else None


class _Base:
    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        on_behalf_of: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        base_url = base_url or os.environ.get(ENV_BASE_URL)
        if not base_url:
            raise ValueError(f"base_url is required (or set {ENV_BASE_URL})")
        self.base_url = base_url.rstrip("/")
        self.token = token if token is not None else os.environ.get(ENV_TOKEN)
        # A partner key acting for one of its end users (the PhotoCen-Account header).
        self.on_behalf_of = on_behalf_of
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.headers = {"User-Agent": f"photocen-sdk-python/{__version__}", **(headers or {})}
        # What the latest answer said about this key's rate limit (None: it said nothing).
        self.rate_limit: RateLimit | None = None

    def _request(self, http: httpx.Client | httpx.AsyncClient, call: ops.Call[Any]) -> Any:
        headers = {"Accept": "application/json", **self.headers, **call.headers}
        if call.auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if call.auth and self.on_behalf_of:
            headers["PhotoCen-Account"] = self.on_behalf_of
        content = None
        if call.body is not None:
            headers["Content-Type"] = "application/json"
            content = ops.dumps(call.body)
        timeout = call.timeout if call.timeout is not None else self.timeout
        return http.build_request(
            call.method,
            self.base_url + call.path,
            headers=headers,
            content=content,
            timeout=timeout,
        )

    def _answer(self, call: ops.Call[T], response: httpx.Response) -> T:
        self.rate_limit = RateLimit.of(response.headers) or self.rate_limit
        if response.is_success or response.status_code in call.answers:
            return call.read(response)
        raise error_from_response(response.status_code, response.headers, response.content)

    def _download_request(self, http: httpx.Client | httpx.AsyncClient, url: str) -> httpx.Request:
        # The token goes only to the API itself, never to a signed URL's host.
        absolute = url if urlsplit(url).scheme else self.base_url + url
        same_origin = urlsplit(absolute)[:2] == urlsplit(self.base_url)[:2]
        headers = dict(self.headers)
        if same_origin and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return http.build_request("GET", absolute, headers=headers, timeout=self.timeout)

    @staticmethod
    def _transport_error(failure: httpx.TransportError) -> PhotoCenError:
        if isinstance(failure, httpx.TimeoutException):
            return APITimeoutError(f"no answer in time: {failure!r}")
        return APIConnectionError(f"connection failed: {failure!r}")


def _save(data: bytes, path: str | os.PathLike[str] | None) -> bytes:
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _generate_request(prompt: str | None, fields: dict[str, Any]) -> m.GenerateRequest:
    not_searchable = fields.pop("not_searchable", None)
    if not_searchable is not None:
        fields["options"] = m.Options(not_searchable=not_searchable)
    return m.GenerateRequest(prompt=prompt, **{k: v for k, v in fields.items() if v is not None})


def _search_request(
    query: str | None,
    image_id: int | None,
    limit: int | None,
    cursor: str | None,
    same_region_only: bool,
    own_images_only: bool,
) -> m.SearchRequest:
    filters = (
        m.SearchFilters(same_region_only=same_region_only, own_images_only=own_images_only)
        if same_region_only or own_images_only
        else None
    )
    return m.SearchRequest(
        query=query, image_id=image_id, limit=limit, cursor=cursor, filters=filters
    )


def _finished(job: m.Job, raise_on_failure: bool) -> m.Job:
    if job.status == "failed" and raise_on_failure:
        raise JobFailed(job)
    return job


def _poll_interval(attempt: int) -> float:
    return min(1.0, 0.1 * 1.5**attempt)


# ====================================================================== sync
class PhotoCen(_Base):
    """The PhotoCen API, synchronously.

    ``PhotoCen(base_url, token)``; both default to ``PHOTOCEN_API_URL`` and
    ``PHOTOCEN_API_KEY``. Use as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        http_client: httpx.Client | None = None,
        **options: Any,
    ) -> None:
        super().__init__(base_url, token, **options)
        self._http = http_client or httpx.Client(follow_redirects=True)
        self._sleep: Callable[[float], None] = time.sleep
        self.jobs = Jobs(self)
        self.generations = Generations(self)
        self.style_memory = StyleMemoryApi(self)
        self.webhooks = Webhooks(self)
        self.prompt = Prompts(self)
        self.keys = Keys(self)
        self.partner = PartnerApi(self)

    def __enter__(self) -> PhotoCen:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _run(self, call: ops.Call[T]) -> T:
        attempt = 0
        while True:
            response, failure = None, None
            try:
                response = self._http.send(self._request(self._http, call))
            except httpx.TransportError as error:
                failure = error
            delay = _retry_delay(call, attempt, self.retry, response, failure)
            if delay is None:
                if failure is not None:
                    raise self._transport_error(failure) from failure
                assert response is not None
                return self._answer(call, response)
            self._sleep(delay)
            attempt += 1

    # ---------------------------------------------------------------- generation
    @overload
    def generate(
        self,
        prompt: str | None = ...,
        *,
        wait: Literal[True],
        timeout: float = ...,
        idempotency_key: str | None = ...,
        request: m.GenerateRequest | None = ...,
        **fields: Any,
    ) -> m.Job: ...

    @overload
    def generate(
        self,
        prompt: str | None = ...,
        *,
        wait: Literal[False] = ...,
        timeout: float = ...,
        idempotency_key: str | None = ...,
        request: m.GenerateRequest | None = ...,
        **fields: Any,
    ) -> m.GenerateAccepted | m.BatchAccepted: ...

    def generate(
        self,
        prompt: str | None = None,
        *,
        wait: bool = False,
        timeout: float = 120.0,
        idempotency_key: str | None = None,
        request: m.GenerateRequest | None = None,
        **fields: Any,
    ) -> m.Job | m.GenerateAccepted | m.BatchAccepted:
        """Start a generation (202: ``GenerateAccepted``, or ``BatchAccepted`` with
        ``items=[...]``). ``wait=True``: the finished ``Job`` (``Prefer: wait`` where the
        server holds the request, polling otherwise); raises ``JobFailed`` if it failed.
        ``fields``: any field of ``GenerateRequest`` (``width=``, ``style=``, ``model=``,
        ``not_searchable=True``, …)."""
        body = request or _generate_request(prompt, fields)
        if wait and body.items:
            raise ValueError("wait=True is for one generation; wait on a batch's jobs one by one")
        started = time.monotonic()
        server_wait = min(int(timeout), MAX_SERVER_WAIT_SECONDS) if wait else None
        answer = self._run(
            ops.generate(
                body,
                idempotency_key=idempotency_key,
                wait_seconds=server_wait,
                timeout=(server_wait + self.timeout) if server_wait else None,
            )
        )
        if not wait or not isinstance(answer, m.GenerateAccepted | m.Job):
            return answer
        if isinstance(answer, m.Job):
            return _finished(answer, raise_on_failure=True)
        left = max(0.0, timeout - (time.monotonic() - started))
        return self.jobs.wait(answer.job_id, timeout=left)

    def download(self, url: str, path: str | os.PathLike[str] | None = None) -> bytes:
        """The bytes at ``url`` (a job image's signed URL, or an API path); saved to
        ``path`` too when given."""
        try:
            response = self._http.send(self._download_request(self._http, url))
        except httpx.TransportError as error:
            raise self._transport_error(error) from error
        if not response.is_success:
            raise error_from_response(response.status_code, response.headers, response.content)
        return _save(response.content, path)

    # ---------------------------------------------------------------- delivery
    def image(
        self,
        width: int,
        height: int | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> bytes:
        """A delivered image (1 credit): ``image(400, 300, id=7, grayscale=True, blur=3,
        format="webp")``; ``seed=`` instead of ``id=``; neither: a random one. Saved to
        ``path`` too when given."""
        return _save(self._run(ops.image(width, height, **options)), path)

    def image_info(self, id: str | int | None = None, seed: str | None = None) -> m.ImageInfo:
        return self._run(ops.image_info(id, seed))

    def list_images(self, page: int | None = None, limit: int | None = None) -> list[m.ImageInfo]:
        return self._run(ops.list_images(page, limit))

    # ---------------------------------------------------------------- account & meta
    def account(self) -> m.Account:
        return self._run(ops.account())

    def credits(self) -> int:
        return self.account().credits

    def ledger(self, limit: int | None = None) -> m.Ledger:
        return self._run(ops.ledger(limit))

    def models(self) -> m.Models:
        return self._run(ops.list_models())

    def styles(self) -> m.Styles:
        return self._run(ops.list_styles())

    def style_thumbnail(self, style_id: str) -> bytes:
        return self._run(ops.style_thumbnail(style_id))

    def health(self) -> m.Health:
        return self._run(ops.health())

    def openapi(self) -> dict[str, Any]:
        return self._run(ops.openapi())

    # ---------------------------------------------------------------- search & usage
    def search(
        self,
        query: str | None = None,
        *,
        image_id: int | None = None,
        limit: int | None = None,
        cursor: str | None = None,
        same_region_only: bool = False,
        own_images_only: bool = False,
    ) -> m.SearchResults:
        """Searchable catalog images by meaning (``query``) or like one (``image_id``)."""
        request = _search_request(query, image_id, limit, cursor, same_region_only, own_images_only)
        return self._run(ops.search(request))

    def usage(self) -> m.UsageReport:
        return self._run(ops.usage())


class _Resource:
    def __init__(self, client: PhotoCen) -> None:
        self._client = client


class Jobs(_Resource):
    def get(self, job_id: str, *, response_format: m.ResponseFormat | None = None) -> m.Job:
        """``response_format="data_url"``: each image also inline (within the API's budget)."""
        return self._client._run(ops.get_job(job_id, response_format))

    def wait(self, job_id: str, *, timeout: float = 120.0, raise_on_failure: bool = True) -> m.Job:
        """Poll until the job is ``completed`` (or ``failed``: ``JobFailed``)."""
        deadline = time.monotonic() + timeout
        attempt = 0
        while not (job := self.get(job_id)).finished:
            if time.monotonic() >= deadline:
                raise WaitTimeout(job_id, timeout)
            self._client._sleep(_poll_interval(attempt))
            attempt += 1
        return _finished(job, raise_on_failure)


class Generations(_Resource):
    def list(self, limit: int | None = None, cursor: str | None = None) -> m.GenerationsPage:
        return self._client._run(ops.list_generations(limit, cursor))

    def iter(self, page_size: int | None = None) -> Any:
        """Every generation, newest first, page after page."""
        cursor = None
        while True:
            page = self.list(page_size, cursor)
            yield from page.data
            if not (cursor := page.next_cursor):
                return

    def get(self, generation_id: str) -> m.Job:
        return self._client._run(ops.get_generation(generation_id))

    def delete(self, generation_id: str) -> None:
        self._client._run(ops.delete_generation(generation_id))


class StyleMemoryApi(_Resource):
    def get(self) -> m.StyleMemory:
        return self._client._run(ops.get_style_memory())

    def update(self, update: m.StyleMemoryUpdate | None = None, **fields: Any) -> m.StyleMemory:
        return self._client._run(ops.put_style_memory(update or m.StyleMemoryUpdate(**fields)))

    def reset(self) -> m.StyleMemory:
        return self._client._run(ops.delete_style_memory())


class Webhooks(_Resource):
    def secret(self) -> m.WebhookSecret:
        return self._client._run(ops.webhook_secret())

    def rotate_secret(self) -> m.WebhookSecret:
        return self._client._run(ops.rotate_webhook_secret())


class Prompts(_Resource):
    """Free prompt tools."""

    def enhance(self, prompt: str, *, tone: str | None = None) -> m.Prompt:
        return self._client._run(
            ops.enhance_prompt(m.PromptEnhanceRequest(prompt=prompt, tone=tone))
        )

    def build(self, **parts: str | None) -> m.Prompt:
        """``build(subject=…, setting=…, mood=…, art_style=…, lighting=…, camera=…, extras=…)``"""
        return self._client._run(ops.build_prompt(m.PromptBuildRequest(**parts)))


class Keys(_Resource):
    """Your API keys (tokens are shown once, on creation and rotation)."""

    def list(self) -> m.ApiKeys:
        return self._client._run(ops.list_keys())

    def create(self, name: str) -> m.NewKey:
        return self._client._run(ops.create_key(name))

    def rotate(self, key_id: str) -> m.NewKey:
        return self._client._run(ops.rotate_key(key_id))

    def revoke(self, key_id: str, *, confirm_last_key: bool = False) -> m.ApiKey:
        return self._client._run(ops.revoke_key(key_id, confirm_last_key))


class EndUsers(_Resource):
    """A partner's end users (``pc_partner_`` keys)."""

    def create(self, external_id: str, *, name: str | None = None) -> m.EndUserCreated:
        request = m.EndUserRequest(external_id=external_id, name=name)
        return self._client._run(ops.create_end_user(request))

    def list(self, limit: int | None = None, cursor: str | None = None) -> m.EndUsersPage:
        return self._client._run(ops.list_end_users(limit, cursor))

    def get(self, user_id: str) -> m.EndUserDetail:
        return self._client._run(ops.get_end_user(user_id))

    def set_status(self, user_id: str, status: m.EndUserStatus) -> m.EndUserDetail:
        return self._client._run(ops.set_end_user_status(user_id, status))

    def keys(self, user_id: str) -> m.EndUserKeys:
        return self._client._run(ops.list_end_user_keys(user_id))

    def issue_key(self, user_id: str) -> m.IssuedKey:
        return self._client._run(ops.issue_end_user_key(user_id))

    def revoke_key(self, user_id: str, key_id: str) -> m.EndUserKey:
        return self._client._run(ops.revoke_end_user_key(user_id, key_id))

    def transfer(
        self,
        user_id: str,
        amount: int,
        direction: Literal["to_user", "to_pool"] = "to_user",
        *,
        idempotency_key: str | None = None,
    ) -> m.Transfer:
        """Move credits between your pool and the end user (keyed: a retry moves them once)."""
        request = m.TransferRequest(amount=amount, direction=direction)
        return self._client._run(ops.transfer_credits(user_id, request, idempotency_key))

    def usage(self, user_id: str, days: int | None = None) -> m.EndUserUsage:
        return self._client._run(ops.end_user_usage(user_id, days))


class PartnerApi(_Resource):
    def __init__(self, client: PhotoCen) -> None:
        super().__init__(client)
        self.users = EndUsers(client)

    def summary(self, days: int | None = None) -> m.Partner:
        """Your pool, your end users by status, their usage."""
        return self._client._run(ops.partner(days))


# ====================================================================== async
class AsyncPhotoCen(_Base):
    """The PhotoCen API on asyncio: the same methods as ``PhotoCen``, awaited."""

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        **options: Any,
    ) -> None:
        super().__init__(base_url, token, **options)
        self._http = http_client or httpx.AsyncClient(follow_redirects=True)
        self._sleep: Callable[[float], Any] = asyncio.sleep
        self.jobs = AsyncJobs(self)
        self.generations = AsyncGenerations(self)
        self.style_memory = AsyncStyleMemoryApi(self)
        self.webhooks = AsyncWebhooks(self)
        self.prompt = AsyncPrompts(self)
        self.keys = AsyncKeys(self)
        self.partner = AsyncPartnerApi(self)

    async def __aenter__(self) -> AsyncPhotoCen:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    async def _run(self, call: ops.Call[T]) -> T:
        attempt = 0
        while True:
            response, failure = None, None
            try:
                response = await self._http.send(self._request(self._http, call))
            except httpx.TransportError as error:
                failure = error
            delay = _retry_delay(call, attempt, self.retry, response, failure)
            if delay is None:
                if failure is not None:
                    raise self._transport_error(failure) from failure
                assert response is not None
                return self._answer(call, response)
            await self._sleep(delay)
            attempt += 1

    @overload
    async def generate(
        self,
        prompt: str | None = ...,
        *,
        wait: Literal[True],
        timeout: float = ...,
        idempotency_key: str | None = ...,
        request: m.GenerateRequest | None = ...,
        **fields: Any,
    ) -> m.Job: ...

    @overload
    async def generate(
        self,
        prompt: str | None = ...,
        *,
        wait: Literal[False] = ...,
        timeout: float = ...,
        idempotency_key: str | None = ...,
        request: m.GenerateRequest | None = ...,
        **fields: Any,
    ) -> m.GenerateAccepted | m.BatchAccepted: ...

    async def generate(
        self,
        prompt: str | None = None,
        *,
        wait: bool = False,
        timeout: float = 120.0,
        idempotency_key: str | None = None,
        request: m.GenerateRequest | None = None,
        **fields: Any,
    ) -> m.Job | m.GenerateAccepted | m.BatchAccepted:
        """See ``PhotoCen.generate``."""
        body = request or _generate_request(prompt, fields)
        if wait and body.items:
            raise ValueError("wait=True is for one generation; wait on a batch's jobs one by one")
        started = time.monotonic()
        server_wait = min(int(timeout), MAX_SERVER_WAIT_SECONDS) if wait else None
        answer = await self._run(
            ops.generate(
                body,
                idempotency_key=idempotency_key,
                wait_seconds=server_wait,
                timeout=(server_wait + self.timeout) if server_wait else None,
            )
        )
        if not wait or not isinstance(answer, m.GenerateAccepted | m.Job):
            return answer
        if isinstance(answer, m.Job):
            return _finished(answer, raise_on_failure=True)
        left = max(0.0, timeout - (time.monotonic() - started))
        return await self.jobs.wait(answer.job_id, timeout=left)

    async def download(self, url: str, path: str | os.PathLike[str] | None = None) -> bytes:
        try:
            response = await self._http.send(self._download_request(self._http, url))
        except httpx.TransportError as error:
            raise self._transport_error(error) from error
        if not response.is_success:
            raise error_from_response(response.status_code, response.headers, response.content)
        return _save(response.content, path)

    async def image(
        self,
        width: int,
        height: int | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> bytes:
        return _save(await self._run(ops.image(width, height, **options)), path)

    async def image_info(self, id: str | int | None = None, seed: str | None = None) -> m.ImageInfo:
        return await self._run(ops.image_info(id, seed))

    async def list_images(
        self, page: int | None = None, limit: int | None = None
    ) -> list[m.ImageInfo]:
        return await self._run(ops.list_images(page, limit))

    async def account(self) -> m.Account:
        return await self._run(ops.account())

    async def credits(self) -> int:
        return (await self.account()).credits

    async def ledger(self, limit: int | None = None) -> m.Ledger:
        return await self._run(ops.ledger(limit))

    async def models(self) -> m.Models:
        return await self._run(ops.list_models())

    async def styles(self) -> m.Styles:
        return await self._run(ops.list_styles())

    async def style_thumbnail(self, style_id: str) -> bytes:
        return await self._run(ops.style_thumbnail(style_id))

    async def health(self) -> m.Health:
        return await self._run(ops.health())

    async def openapi(self) -> dict[str, Any]:
        return await self._run(ops.openapi())

    # ---------------------------------------------------------------- search & usage
    async def search(
        self,
        query: str | None = None,
        *,
        image_id: int | None = None,
        limit: int | None = None,
        cursor: str | None = None,
        same_region_only: bool = False,
        own_images_only: bool = False,
    ) -> m.SearchResults:
        """Searchable catalog images by meaning (``query``) or like one (``image_id``)."""
        request = _search_request(query, image_id, limit, cursor, same_region_only, own_images_only)
        return await self._run(ops.search(request))

    async def usage(self) -> m.UsageReport:
        return await self._run(ops.usage())


class _AsyncResource:
    def __init__(self, client: AsyncPhotoCen) -> None:
        self._client = client


class AsyncJobs(_AsyncResource):
    async def get(self, job_id: str, *, response_format: m.ResponseFormat | None = None) -> m.Job:
        return await self._client._run(ops.get_job(job_id, response_format))

    async def wait(
        self, job_id: str, *, timeout: float = 120.0, raise_on_failure: bool = True
    ) -> m.Job:
        deadline = time.monotonic() + timeout
        attempt = 0
        while not (job := await self.get(job_id)).finished:
            if time.monotonic() >= deadline:
                raise WaitTimeout(job_id, timeout)
            await self._client._sleep(_poll_interval(attempt))
            attempt += 1
        return _finished(job, raise_on_failure)


class AsyncGenerations(_AsyncResource):
    async def list(self, limit: int | None = None, cursor: str | None = None) -> m.GenerationsPage:
        return await self._client._run(ops.list_generations(limit, cursor))

    async def iter(self, page_size: int | None = None) -> Any:
        cursor = None
        while True:
            page = await self.list(page_size, cursor)
            for job in page.data:
                yield job
            if not (cursor := page.next_cursor):
                return

    async def get(self, generation_id: str) -> m.Job:
        return await self._client._run(ops.get_generation(generation_id))

    async def delete(self, generation_id: str) -> None:
        await self._client._run(ops.delete_generation(generation_id))


class AsyncStyleMemoryApi(_AsyncResource):
    async def get(self) -> m.StyleMemory:
        return await self._client._run(ops.get_style_memory())

    async def update(
        self, update: m.StyleMemoryUpdate | None = None, **fields: Any
    ) -> m.StyleMemory:
        return await self._client._run(
            ops.put_style_memory(update or m.StyleMemoryUpdate(**fields))
        )

    async def reset(self) -> m.StyleMemory:
        return await self._client._run(ops.delete_style_memory())


class AsyncWebhooks(_AsyncResource):
    async def secret(self) -> m.WebhookSecret:
        return await self._client._run(ops.webhook_secret())

    async def rotate_secret(self) -> m.WebhookSecret:
        return await self._client._run(ops.rotate_webhook_secret())


class AsyncPrompts(_AsyncResource):
    """Free prompt tools."""

    async def enhance(self, prompt: str, *, tone: str | None = None) -> m.Prompt:
        return await self._client._run(
            ops.enhance_prompt(m.PromptEnhanceRequest(prompt=prompt, tone=tone))
        )

    async def build(self, **parts: str | None) -> m.Prompt:
        """``build(subject=…, setting=…, mood=…, art_style=…, lighting=…, camera=…, extras=…)``"""
        return await self._client._run(ops.build_prompt(m.PromptBuildRequest(**parts)))


class AsyncKeys(_AsyncResource):
    """Your API keys (tokens are shown once, on creation and rotation)."""

    async def list(self) -> m.ApiKeys:
        return await self._client._run(ops.list_keys())

    async def create(self, name: str) -> m.NewKey:
        return await self._client._run(ops.create_key(name))

    async def rotate(self, key_id: str) -> m.NewKey:
        return await self._client._run(ops.rotate_key(key_id))

    async def revoke(self, key_id: str, *, confirm_last_key: bool = False) -> m.ApiKey:
        return await self._client._run(ops.revoke_key(key_id, confirm_last_key))


class AsyncEndUsers(_AsyncResource):
    """A partner's end users (``pc_partner_`` keys)."""

    async def create(self, external_id: str, *, name: str | None = None) -> m.EndUserCreated:
        request = m.EndUserRequest(external_id=external_id, name=name)
        return await self._client._run(ops.create_end_user(request))

    async def list(self, limit: int | None = None, cursor: str | None = None) -> m.EndUsersPage:
        return await self._client._run(ops.list_end_users(limit, cursor))

    async def get(self, user_id: str) -> m.EndUserDetail:
        return await self._client._run(ops.get_end_user(user_id))

    async def set_status(self, user_id: str, status: m.EndUserStatus) -> m.EndUserDetail:
        return await self._client._run(ops.set_end_user_status(user_id, status))

    async def keys(self, user_id: str) -> m.EndUserKeys:
        return await self._client._run(ops.list_end_user_keys(user_id))

    async def issue_key(self, user_id: str) -> m.IssuedKey:
        return await self._client._run(ops.issue_end_user_key(user_id))

    async def revoke_key(self, user_id: str, key_id: str) -> m.EndUserKey:
        return await self._client._run(ops.revoke_end_user_key(user_id, key_id))

    async def transfer(
        self,
        user_id: str,
        amount: int,
        direction: Literal["to_user", "to_pool"] = "to_user",
        *,
        idempotency_key: str | None = None,
    ) -> m.Transfer:
        """Move credits between your pool and the end user (keyed: a retry moves them once)."""
        request = m.TransferRequest(amount=amount, direction=direction)
        return await self._client._run(ops.transfer_credits(user_id, request, idempotency_key))

    async def usage(self, user_id: str, days: int | None = None) -> m.EndUserUsage:
        return await self._client._run(ops.end_user_usage(user_id, days))


class AsyncPartnerApi(_AsyncResource):
    def __init__(self, client: AsyncPhotoCen) -> None:
        super().__init__(client)
        self.users = AsyncEndUsers(client)

    async def summary(self, days: int | None = None) -> m.Partner:
        """Your pool, your end users by status, their usage."""
        return await self._client._run(ops.partner(days))
