"""Composition of webhooks: settings → stores and adapters → services.

``webhook_services()`` is the webhooks function's root, built once per container
(``functools.cache``) at cold start. ``webhook_secret_service`` and ``webhook_queue`` build
the parts other capabilities' roots use (the generate function's secret routes, the jobs
and sweeper functions' notifier) from those functions' own validated settings; their
callers are cached, so they are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from photocen.platform.aws import AwsTarget
from photocen.platform.settings import load
from photocen.webhooks.adapters.http import HttpTransport
from photocen.webhooks.adapters.sqs import SqsWebhookQueue
from photocen.webhooks.ports import WebhookQueue
from photocen.webhooks.service import WebhookDispatcher, WebhookSecretService, WebhookSender
from photocen.webhooks.settings import (
    WebhookQueueSettings,
    WebhookSecretsSettings,
    WebhookSettings,
)
from photocen.webhooks.store import WebhookSecretStore


def webhook_secret_service(settings: WebhookSecretsSettings) -> WebhookSecretService:
    """Accounts' signing secrets, in the function's webhook secrets table."""
    store = WebhookSecretStore(AwsTarget.of(settings), settings.webhook_secrets_table)
    return WebhookSecretService(store)


def webhook_queue(settings: WebhookQueueSettings) -> WebhookQueue:
    """The queue webhooks wait on until the webhooks function sends them."""
    return SqsWebhookQueue(AwsTarget.of(settings), settings.webhooks_queue_url)


@dataclass(frozen=True)
class WebhookServices:
    settings: WebhookSettings
    dispatcher: WebhookDispatcher


@cache
def webhook_services() -> WebhookServices:
    """The webhooks function: one attempt per queued webhook, with the backoff."""
    settings = load(WebhookSettings)
    sender = WebhookSender(
        webhook_secret_service(settings),
        HttpTransport(),
        allow_loopback=settings.webhook_allow_loopback,
        timeout=settings.webhook_timeout_seconds,
    )
    dispatcher = WebhookDispatcher(
        sender,
        webhook_queue(settings),
        backoff_base_seconds=settings.webhook_backoff_base_seconds,
        backoff_cap_seconds=settings.webhook_backoff_cap_seconds,
    )
    return WebhookServices(settings, dispatcher)
