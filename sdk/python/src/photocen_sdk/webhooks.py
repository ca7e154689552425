"""Verify PhotoCen's webhooks (Standard Webhooks: https://www.standardwebhooks.com).

``webhook-signature`` holds one or more space-separated ``v1,<base64 HMAC-SHA256>`` of
``"{webhook-id}.{webhook-timestamp}.{body}"``, keyed with the base64-decoded part of your
``whsec_…`` secret (``GET /v1/webhooks/secret``). During the day after a rotation both
secrets sign, so either matching is enough.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
# How far a webhook's timestamp may be from now (replay protection; the spec's 5 minutes).
DEFAULT_TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(Exception):
    """The webhook is forged, altered, stale or malformed: do not act on it."""


def sign(secret: str, webhook_id: str, timestamp: int, body: str | bytes) -> str:
    """One ``v1,<signature>`` (what PhotoCen sends; useful to test your endpoint)."""
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as error:
        raise WebhookVerificationError("the secret is not a whsec_ base64 secret") from error
    text = body.decode() if isinstance(body, bytes) else body
    message = f"{webhook_id}.{timestamp}.{text}".encode()
    return "v1," + base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def verify(
    secret: str,
    body: str | bytes,
    headers: Mapping[str, str],
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> dict[str, Any]:
    """The webhook's JSON payload, once its signature and timestamp check out; otherwise
    ``WebhookVerificationError``. ``body``: the raw request body, exactly as received."""
    lowered = {k.lower(): v for k, v in headers.items()}
    webhook_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not (webhook_id and stamp and signatures):
        raise WebhookVerificationError("missing webhook-id, -timestamp or -signature")
    try:
        timestamp = int(stamp)
    except ValueError as error:
        raise WebhookVerificationError("webhook-timestamp is not a number") from error
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too old or in the future")
    expected = sign(secret, webhook_id, timestamp, body).encode()
    for candidate in signatures.split():
        # Constant-time comparison: no timing hint about how much of a forgery matched.
        if candidate.startswith("v1,") and hmac.compare_digest(candidate.encode(), expected):
            payload: dict[str, Any] = json.loads(body)
            return payload
    raise WebhookVerificationError("no signature matches")
