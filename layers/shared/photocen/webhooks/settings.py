"""Settings mixins of webhooks: the parts a function composes into its one settings model.

Field ``webhook_secrets_table`` ↔ env ``PHOTOCEN_WEBHOOK_SECRETS_TABLE``,
``webhooks_queue_url`` ↔ ``PHOTOCEN_WEBHOOKS_QUEUE_URL``.
"""

from __future__ import annotations

from pydantic import Field, PositiveInt

from photocen.platform.settings import BaseFunctionSettings


class WebhookTargetSettings(BaseFunctionSettings):
    # Local development only: let webhook_url point at loopback (http allowed there too).
    webhook_allow_loopback: bool = False


class WebhookSecretsSettings(BaseFunctionSettings):
    """Reading and rotating accounts' signing secrets (``wiring.webhook_secret_service``)."""

    webhook_secrets_table: str = Field(min_length=3)


class WebhookQueueSettings(BaseFunctionSettings):
    """Queueing webhooks to be sent (``wiring.webhook_queue``)."""

    webhooks_queue_url: str = Field(min_length=3)


class WebhookSettings(WebhookTargetSettings, WebhookSecretsSettings, WebhookQueueSettings):
    """The webhooks function: only what sending webhooks needs, the secrets table and the
    webhook queue."""

    # Exponential backoff: attempt n waits base * 2**(n-1) seconds, at most the cap; SQS moves
    # the message to the DLQ after the queue's maxReceiveCount deliveries.
    webhook_backoff_base_seconds: PositiveInt = 30
    webhook_backoff_cap_seconds: PositiveInt = 4 * 3600
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
