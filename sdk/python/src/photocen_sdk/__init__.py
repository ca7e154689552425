"""PhotoCen's Python SDK: ``PhotoCen`` (sync) and ``AsyncPhotoCen`` (asyncio) on httpx,
typed models, typed errors, retries, and a Standard Webhooks verifier.

>>> from photocen_sdk import PhotoCen
>>> pc = PhotoCen("http://127.0.0.1:3000", "pc_live_…")
>>> job = pc.generate("a red fox in the snow", wait=True)
"""

from photocen_sdk import models
from photocen_sdk._client import AsyncPhotoCen, PhotoCen, RateLimit, RetryPolicy, __version__
from photocen_sdk.errors import (
    ERRORS,
    APIConnectionError,
    APITimeoutError,
    Conflict,
    Forbidden,
    IdempotencyInProgress,
    IdempotencyKeyReused,
    InsufficientCredits,
    InternalError,
    JobFailed,
    NotFound,
    PhotoCenError,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    UnexpectedResponse,
    ValidationFailed,
    WaitTimeout,
)
from photocen_sdk.webhooks import WebhookVerificationError
from photocen_sdk.webhooks import verify as verify_webhook

__all__ = [
    "ERRORS",
    "APIConnectionError",
    "APITimeoutError",
    "AsyncPhotoCen",
    "Conflict",
    "Forbidden",
    "IdempotencyInProgress",
    "IdempotencyKeyReused",
    "InsufficientCredits",
    "InternalError",
    "JobFailed",
    "NotFound",
    "PhotoCen",
    "PhotoCenError",
    "RateLimit",
    "RateLimited",
    "RetryPolicy",
    "ServiceUnavailable",
    "Unauthorized",
    "UnexpectedResponse",
    "ValidationFailed",
    "WaitTimeout",
    "WebhookVerificationError",
    "__version__",
    "models",
    "verify_webhook",
]
