"""Webhooks, following Standard Webhooks (https://www.standardwebhooks.com).

- Secrets: one ``whsec_…`` per account, created on first use; a rotation keeps the previous
  secret signing for ``ROTATION_GRACE``.
- Delivery: from a queue, at least once. A failed attempt sets the message's visibility
  timeout to an exponential backoff and reports a partial batch failure, so SQS retries it
  with the same ``webhook-id`` and moves it to the dead-letter queue after the queue's
  ``maxReceiveCount`` (docs/decisions: webhook delivery).
- Every attempt checks the URL again (``photocen.platform.outbound``: https to public
  addresses only, loopback where ``webhook_allow_loopback`` is set) and connects to the
  address it checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

from photocen.platform.clock import utcnow
from photocen.platform.errors import ServiceUnavailable, ValidationFailed
from photocen.platform.observability import logger
from photocen.platform.outbound import ResolutionFailed, Resolver, check_url, system_resolver
from photocen.webhooks.model import DeliveryFailed, WebhookAttempt, WebhookMessage, WebhookSecret
from photocen.webhooks.ports import WebhookQueue, WebhookTransport
from photocen.webhooks.signing import backoff_seconds, new_secret, signature_headers
from photocen.webhooks.store import WebhookSecretStore

ROTATION_GRACE = timedelta(hours=24)
# The field a webhook URL arrives in: refusals name it.
URL_FIELD = "webhook_url"


class WebhookSecretService:
    """An account's signing secret: read (created on first use) and rotated."""

    def __init__(self, store: WebhookSecretStore, *, now: Callable[[], datetime] = utcnow) -> None:
        self._store = store
        self._now = now

    def get_or_create(self, account_id: str) -> WebhookSecret:
        found = self._store.get(account_id)
        if found is not None:
            return found
        created = WebhookSecret(new_secret(), None, None, self._now())
        if self._store.add(account_id, created):
            return created
        # Created concurrently: the stored one is the secret.
        stored = self._store.get(account_id)
        if stored is None:
            raise ServiceUnavailable("the secrets store did not answer")
        return stored

    def rotate(self, account_id: str) -> WebhookSecret:
        current = self.get_or_create(account_id)
        now = self._now()
        rotated = WebhookSecret(
            secret=new_secret(),
            previous_secret=current.secret,
            previous_valid_until=now + ROTATION_GRACE,
            created_at=now,
        )
        if not self._store.replace(account_id, rotated, current=current.secret):
            raise ServiceUnavailable("the secret was rotated concurrently; try again")
        return rotated


class WebhookSender:
    """One attempt to deliver a webhook: check the URL, sign, POST."""

    def __init__(
        self,
        secrets: WebhookSecretService,
        transport: WebhookTransport,
        *,
        allow_loopback: bool,
        timeout: float,
        resolver: Resolver = system_resolver,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._secrets = secrets
        self._transport = transport
        self._allow_loopback = allow_loopback
        self._timeout = timeout
        self._resolver = resolver
        self._now = now

    def send(self, message: WebhookMessage) -> WebhookAttempt:
        """One attempt. Raises ``DeliveryFailed`` when a retry may succeed."""
        try:
            target = check_url(
                message.url,
                field=URL_FIELD,
                allow_loopback=self._allow_loopback,
                resolver=self._resolver,
            )
        except ResolutionFailed as exc:
            raise DeliveryFailed(exc.message) from exc
        except ValidationFailed:
            # Never deliverable (now points somewhere private): retrying would not help.
            return WebhookAttempt(delivered=False, blocked=True)
        now = self._now()
        body = json.dumps(message.payload, separators=(",", ":"))
        keys = self._secrets.get_or_create(message.account_id).signing_secrets(now)
        headers = signature_headers(keys, message.webhook_id, int(now.timestamp()), body)
        try:
            status = self._transport.post(target, headers, body.encode(), self._timeout)
        except OSError as exc:
            raise DeliveryFailed(f"no answer from the receiver: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryFailed(f"the receiver answered {status}")
        return WebhookAttempt(delivered=True)


class WebhookDispatcher:
    """One SQS delivery of a queued webhook: one attempt, and the backoff when it fails.

    A failed attempt sets the message's visibility timeout to ``backoff_seconds`` of its
    receive count and raises ``DeliveryFailed``, so the batch reports it as an item failure:
    SQS delivers it again (same ``webhook-id``) after the backoff, and moves it to the
    dead-letter queue after the queue's ``maxReceiveCount``.
    """

    def __init__(
        self,
        sender: WebhookSender,
        queue: WebhookQueue,
        *,
        backoff_base_seconds: int,
        backoff_cap_seconds: int,
    ) -> None:
        self.sender = sender
        self.queue = queue
        self.backoff_base_seconds = backoff_base_seconds
        self.backoff_cap_seconds = backoff_cap_seconds

    def dispatch(self, body: str, receive_count: int, receipt_handle: str) -> str:
        """Deliver one queued message; returns ``delivered`` or ``blocked``."""
        message = WebhookMessage.from_json(body)
        try:
            attempt = self.sender.send(message)
        except DeliveryFailed:
            delay = backoff_seconds(
                receive_count, self.backoff_base_seconds, self.backoff_cap_seconds
            )
            self.queue.retry_later(receipt_handle, delay)
            logger.info(
                "webhook retry",
                extra={"webhook_id": message.webhook_id, "attempt": receive_count, "delay": delay},
            )
            raise
        if attempt.blocked:
            logger.warning("webhook target refused", extra={"webhook_id": message.webhook_id})
            return "blocked"
        return "delivered"
