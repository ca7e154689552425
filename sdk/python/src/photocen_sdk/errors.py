"""Typed errors: one class per code of the API's error envelope.

``{"error": {"code", "message", "request_id"}}`` becomes the class of its ``code``
(``ERRORS``; ``tests/sdk/test_errors.py`` holds it equal to the server's catalogue). A code
this SDK does not know yet falls back to the class of its HTTP status, then to
``PhotoCenError`` itself, so a newer server never breaks an older client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar


class PhotoCenError(Exception):
    """Base of every error the SDK raises. ``status`` is ``None`` when no answer came."""

    code: ClassVar[str] = "internal_error"
    default_status: ClassVar[int | None] = None

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        # The instance's code is the server's (it may be one this class stands in for).
        self.code = code or type(self).code  # type: ignore[misc]
        self.status = status if status is not None else self.default_status
        self.request_id = request_id
        self.headers = dict(headers or {})
        self.body = body

    def __str__(self) -> str:
        where = f" (request {self.request_id})" if self.request_id else ""
        status = f"{self.status} " if self.status else ""
        return f"{status}{self.code}: {self.message}{where}"


class Unauthorized(PhotoCenError):
    code = "unauthorized"
    default_status = 401


class Forbidden(PhotoCenError):
    code = "forbidden"
    default_status = 403


class InsufficientCredits(PhotoCenError):
    code = "insufficient_credits"
    default_status = 402


class NotFound(PhotoCenError):
    code = "not_found"
    default_status = 404


class ValidationFailed(PhotoCenError):
    code = "validation_error"
    default_status = 422


class IdempotencyKeyReused(ValidationFailed):
    code = "idempotency_key_reused"
    default_status = 422


class Conflict(PhotoCenError):
    code = "conflict"
    default_status = 409


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"
    default_status = 409


class _RetryAfter(PhotoCenError):
    """An error that says when to try again (``Retry-After``, or the envelope's
    ``retry_after``), in seconds; ``None`` when it did not say."""

    @property
    def retry_after(self) -> float | None:
        if isinstance(self.body, dict):
            value = self.body.get("error", {}).get("retry_after")
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
        return parse_retry_after(self.headers.get("retry-after"))


class RateLimited(_RetryAfter):
    code = "rate_limited"
    default_status = 429


class ServiceUnavailable(_RetryAfter):
    code = "service_unavailable"
    default_status = 503


class InternalError(PhotoCenError):
    code = "internal_error"
    default_status = 500


# ------------------------------------------------------------------ raised by the SDK itself
class APIConnectionError(PhotoCenError):
    """No answer: the connection failed or broke (retried where that is safe)."""

    code = "connection_error"


class APITimeoutError(APIConnectionError):
    """No answer within the client's timeout."""

    code = "timeout"


class UnexpectedResponse(PhotoCenError):
    """An answer that is not the API's (no envelope, not JSON, or not the documented shape)."""

    code = "unexpected_response"


class JobFailed(PhotoCenError):
    """``wait`` saw the job end ``failed``; ``job`` is its final state."""

    code = "generation_failed"

    def __init__(self, job: Any) -> None:
        error = getattr(job, "error", None)
        super().__init__(
            getattr(error, "message", None) or "The generation failed.",
            code=getattr(error, "code", None) or "generation_failed",
        )
        self.job = job


class WaitTimeout(PhotoCenError):
    """``wait`` gave up before the job finished; the job goes on (poll it again)."""

    code = "wait_timeout"

    def __init__(self, job_id: str, seconds: float) -> None:
        super().__init__(f"Job {job_id} did not finish within {seconds:g} s.")
        self.job_id = job_id


# The API's error codes (docs/api.md "Errors") → their class.
ERRORS: Mapping[str, type[PhotoCenError]] = {
    error.code: error
    for error in (
        Unauthorized,
        Forbidden,
        InsufficientCredits,
        ValidationFailed,
        NotFound,
        RateLimited,
        IdempotencyKeyReused,
        IdempotencyInProgress,
        Conflict,
        ServiceUnavailable,
        InternalError,
    )
}
_BY_STATUS: Mapping[int, type[PhotoCenError]] = {
    401: Unauthorized,
    402: InsufficientCredits,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
    429: RateLimited,
    503: ServiceUnavailable,
}


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date), ``None`` if absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime
    from time import time

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time())


def error_from_response(status: int, headers: Mapping[str, str], content: bytes) -> PhotoCenError:
    """The typed error of a non-2xx answer."""
    lowered = {k.lower(): v for k, v in headers.items()}
    body: Any = None
    try:
        body = json.loads(content) if content else None
    except ValueError:
        body = None
    envelope = body.get("error") if isinstance(body, dict) else None
    if isinstance(envelope, dict) and isinstance(envelope.get("code"), str):
        code = envelope["code"]
        cls = ERRORS.get(code) or _BY_STATUS.get(status) or _fallback(status)
        return cls(
            str(envelope.get("message") or code),
            code=code,
            status=status,
            request_id=envelope.get("request_id") or lowered.get("x-request-id"),
            headers=lowered,
            body=body,
        )
    cls = _BY_STATUS.get(status) or _fallback(status)
    text = content[:200].decode("utf-8", "replace") if content else ""
    return cls(
        f"HTTP {status} without PhotoCen's error envelope: {text!r}",
        status=status,
        request_id=lowered.get("x-request-id"),
        headers=lowered,
        body=body,
    )


def _fallback(status: int) -> type[PhotoCenError]:
    return InternalError if status >= 500 else ValidationFailed if status >= 400 else PhotoCenError
