"""Domain errors. Each carries its stable API ``code`` and HTTP status.

They are turned into the ``{"error": {"code", "message", "request_id"}}`` envelope in exactly
one place (``photocen.platform.http``). Data access converts ``ClientError``/PynamoDB errors
into these with ``raise … from``.
"""

from __future__ import annotations

from typing import ClassVar


class PhotoCenError(Exception):
    """Base of every error the API reports to a caller."""

    code: ClassVar[str] = "internal_error"
    status: ClassVar[int] = 500
    default_message: ClassVar[str] = "Something went wrong on our side."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None):
        self.message = message or self.default_message
        self.headers = headers or {}
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
    code = "rate_limited"
    status = 429
    default_message = "Too many requests."


class ServiceUnavailable(PhotoCenError):
    code = "service_unavailable"
    status = 503
    default_message = "A backing service is unavailable; try again shortly."


class InternalError(PhotoCenError):
    pass
