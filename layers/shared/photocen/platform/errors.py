"""Domain errors, and ``ERRORS``: the one list of the API's error codes.

Each error carries its stable API ``code``, HTTP status and default message. They are turned
into the ``{"error": {"code", "message", "request_id"}}`` envelope in exactly one place
(``photocen.platform.http``). Data access converts ``ClientError``/PynamoDB errors into these
with ``raise … from``.

Everything else that names an error code is derived from ``ERRORS``: the envelope of a bare
HTTP status (``code_for_status``: Powertools' own errors), API Gateway's own answers
(``photocen.platform.routes.GATEWAY_RESPONSES``) and the OpenAPI ``code`` enum
(``photocen.platform.openapi``). A new code is a new class here, added to ``ERRORS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class PhotoCenError(Exception):
    """Base of every error the API reports to a caller."""

    code: ClassVar[str] = "internal_error"
    status: ClassVar[int] = 500
    default_message: ClassVar[str] = "Something went wrong on our side."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None):
        self.message = message or self.default_message
        self.headers = headers or {}
        # Fields the envelope carries besides code, message and request_id (documented per
        # code in /openapi.json's Error schema): only ``retry_after`` so far.
        self.details: dict[str, int] = {}
        super().__init__(self.message)


class Unauthorized(PhotoCenError):
    code = "unauthorized"
    status = 401
    default_message = "Missing or invalid API token."


class Forbidden(PhotoCenError):
    code = "forbidden"
    status = 403
    default_message = "This token may not do that."


class InsufficientCredits(PhotoCenError):
    code = "insufficient_credits"
    status = 402
    default_message = "Not enough credits for this request."


class NotFound(PhotoCenError):
    code = "not_found"
    status = 404
    default_message = "No such resource."


class ValidationFailed(PhotoCenError):
    code = "validation_error"
    status = 422
    default_message = "The request is invalid."


class IdempotencyKeyReused(PhotoCenError):
    code = "idempotency_key_reused"
    status = 422
    default_message = "This Idempotency-Key was used with a different request body."


class IdempotencyInProgress(PhotoCenError):
    code = "idempotency_in_progress"
    status = 409
    default_message = "A request with this Idempotency-Key is still being processed."


class RateLimited(PhotoCenError):
    """A limit of the caller's plan is reached: ``Retry-After`` and the envelope's
    ``retry_after`` say in how many seconds the window that tripped resets."""

    code = "rate_limited"
    status = 429
    default_message = "Too many requests."

    def __init__(
        self,
        message: str | None = None,
        *,
        retry_after: int | None = None,
        headers: dict[str, str] | None = None,
    ):
        all_headers = dict(headers or {})
        if retry_after is not None:
            all_headers["Retry-After"] = str(retry_after)
        super().__init__(message, headers=all_headers)
        if retry_after is not None:
            self.details["retry_after"] = retry_after


class Conflict(PhotoCenError):
    code = "conflict"
    status = 409
    default_message = "The request conflicts with the resource's current state."


class ServiceUnavailable(PhotoCenError):
    code = "service_unavailable"
    status = 503
    default_message = "A backing service is unavailable; try again shortly."


class InternalError(PhotoCenError):
    code = "internal_error"
    status = 500
    default_message = "Something went wrong on our side."


# The catalogue, in the order the API documents it: code → its error (status, message).
ERRORS: Mapping[str, type[PhotoCenError]] = {
    error.code: error
    for error in (
        Unauthorized,
        Forbidden,
        InsufficientCredits,
        ValidationFailed,
        NotFound,
        RateLimited,
        Conflict,
        IdempotencyKeyReused,
        IdempotencyInProgress,
        ServiceUnavailable,
        InternalError,
    )
}

# The message of a 404 for a path no route matches (a function's or API Gateway's).
NO_SUCH_ROUTE = "No such route."


# Errors whose status alone says what happened, whoever answered: a bare 401, 403, 404 or 429
# (a Powertools ServiceError, say) is one of these. Other statuses are told by their class.
_MEANT_BY_STATUS = (Unauthorized, Forbidden, NotFound, RateLimited)


def code_for_status(status: int) -> str:
    """The code of an error that came as a bare HTTP status (Powertools' own errors)."""
    for error in _MEANT_BY_STATUS:
        if error.status == status:
            return error.code
    return ValidationFailed.code if status < 500 else InternalError.code
