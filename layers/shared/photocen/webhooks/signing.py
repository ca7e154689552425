"""Standard Webhooks (https://www.standardwebhooks.com), pure: secrets, signatures, ids and
the retry backoff.

``webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`` where the key is the
base64-decoded part of the account's ``whsec_…`` secret. During the day after a rotation the
previous secret signs too (space-separated signatures, as the spec allows).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SECRET_BYTES = 24


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    """One ``v1,<signature>`` of Standard Webhooks."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    message = f"{webhook_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    secrets_: Sequence[str], webhook_id: str, timestamp: int, body: str
) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, webhook_id, timestamp, body) for s in secrets_),
        "content-type": "application/json",
        "user-agent": "PhotoCen-Webhooks/1",
    }


def webhook_id_for(job_id: str, event: str) -> str:
    """Stable per job and event: a re-enqueued message carries the same id."""
    return f"msg_{job_id}_{event.split('.')[-1]}"


def backoff_seconds(attempt: int, base: int, cap: int) -> int:
    """Visibility timeout after the ``attempt``-th failed delivery (1-based)."""
    return int(min(cap, base * 2 ** max(0, attempt - 1)))
