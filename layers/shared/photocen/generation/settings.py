"""Settings of the generation functions (generate, jobs, sweeper).

Built from the shared mixins of ``photocen.settings``; field ``<logical>_table`` ↔ env
``PHOTOCEN_<LOGICAL>_TABLE``, ``<logical>_bucket`` ↔ ``PHOTOCEN_<LOGICAL>_BUCKET``,
``<logical>_queue_url`` ↔ ``PHOTOCEN_<LOGICAL>_QUEUE_URL``, ``<logical>_topic_arn`` ↔
``PHOTOCEN_<LOGICAL>_TOPIC_ARN``.
"""

from __future__ import annotations

from pydantic import Field, PositiveInt

from photocen.accounts.settings import AccountSettings
from photocen.catalog.settings import CatalogSettings, CatalogUrlSettings
from photocen.limits.settings import LimitsSettings
from photocen.webhooks.settings import (
    WebhookQueueSettings,
    WebhookSecretsSettings,
    WebhookTargetSettings,
)


class JobsTableSettings(LimitsSettings):
    """The jobs table and cache bucket, the credits table, and the counters (images per
    day and month, jobs in flight: every generation function keeps them)."""

    jobs_table: str = Field(min_length=3)
    cache_bucket: str = Field(min_length=3)
    # How long an image URL handed to a caller stays valid (presigned cache URL).
    image_url_ttl_seconds: PositiveInt = 3600


class InferenceTimingSettings(JobsTableSettings):
    """The endpoint's limits, which also decide when the sweeper calls a job lost.

    ``RequestTTLSeconds`` (time a request may wait in the endpoint's queue, SageMaker max 6 h)
    and ``InvocationTimeoutSeconds`` (time the container may take, max 1 h) are sent with every
    invocation; a job not finished by created + both + ``sweep_grace_seconds`` is failed and
    refunded by the sweeper.
    """

    inference_queue_ttl_seconds: int = Field(default=3600, ge=1, le=21_600)
    inference_timeout_seconds: int = Field(default=900, ge=1, le=3600)
    sweep_grace_seconds: int = Field(default=300, ge=0)


class RetirementSettings(CatalogSettings, CatalogUrlSettings):
    """What deleting a migrated generation touches: the catalog (record, objects), the
    renditions bucket, and (through the search settings) the index; and the signed
    catalog URLs a migrated job answers with."""

    renditions_bucket: str = Field(min_length=3)


class GenerateSettings(
    InferenceTimingSettings, WebhookTargetSettings, WebhookSecretsSettings, RetirementSettings
):
    profiles_table: str = Field(min_length=3)
    idempotency_table: str = Field(min_length=3)
    sagemaker_io_bucket: str = Field(min_length=3)
    inference_endpoint: str = Field(min_length=1)
    # Region chain: use CloudFront-Viewer-Country only where the distribution forwards it.
    geo_region_enabled: bool = False
    idempotency_expires_seconds: PositiveInt = 86_400
    # Reference images given as URLs: plain http to loopback only where the local stack
    # allows it (as webhooks); each fetch has this long.
    reference_allow_loopback: bool = False
    reference_fetch_timeout_seconds: float = Field(default=5.0, gt=0, le=10)


class JobsSettings(JobsTableSettings, WebhookQueueSettings):
    profiles_table: str = Field(min_length=3)


class SweeperSettings(InferenceTimingSettings, WebhookQueueSettings):
    """Fails and refunds lost jobs, and queues their webhooks."""


class LifecycleSettings(JobsTableSettings, RetirementSettings, AccountSettings):
    """The cleanup function: migration (cache → catalog → index) and the private cleanup."""

    lifecycle_batch_size: int = Field(default=25, ge=1, le=1000)
