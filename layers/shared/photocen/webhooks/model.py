"""Webhooks as plain values: the events, a queued message, an account's signing secret,
and the outcome of one delivery attempt. No I/O here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

EVENT_COMPLETED = "generation.completed"
EVENT_FAILED = "generation.failed"


@dataclass(frozen=True)
class WebhookSecret:
    """An account's Standard Webhooks signing secret (``whsec_…``); after a rotation the
    previous one also signs until ``previous_valid_until``."""

    secret: str
    previous_secret: str | None
    previous_valid_until: datetime | None
    created_at: datetime

    def signing_secrets(self, now: datetime) -> list[str]:
        keys = [self.secret]
        if self.previous_secret and self.previous_valid_until and now < self.previous_valid_until:
            keys.append(self.previous_secret)
        return keys


@dataclass(frozen=True)
class WebhookMessage:
    """One webhook waiting on the queue: the SQS message body is its JSON."""

    webhook_id: str
    account_id: str
    url: str
    event: str
    payload: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(self.__dict__, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> WebhookMessage:
        data = json.loads(raw)
        return cls(
            webhook_id=str(data["webhook_id"]),
            account_id=str(data["account_id"]),
            url=str(data["url"]),
            event=str(data["event"]),
            payload=dict(data["payload"]),
        )


@dataclass(frozen=True)
class WebhookAttempt:
    """The outcome of one attempt that needs no retry: delivered, or blocked for good
    (the URL now points somewhere we must not connect to)."""

    delivered: bool
    blocked: bool = False


class DeliveryFailed(Exception):
    """The receiver did not take the webhook; SQS will deliver it again after a backoff."""
