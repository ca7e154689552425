"""Every table, bucket, queue and topic of a deployment: the inventory that the CDK app
and the local bootstrap build from (functions find them through environment variables).
"""

from __future__ import annotations

from photocen.accounts.store import AccountRecord, ApiKeyRecord
from photocen.catalog.store import CatalogHeaderRecord, CatalogImageRecord, CatalogSeedRecord
from photocen.credits.store import BalanceRecord, LedgerRecord
from photocen.generation.store import JobRecord, ProfileRecord
from photocen.limits.store import CounterRecord
from photocen.platform.specs import (
    BucketSpec,
    KeySpec,
    QueueSpec,
    TableSpec,
    TopicSpec,
    spec_from_models,
)
from photocen.webhooks.store import WebhookSecretRecord

# ---------------------------------------------------------------- tables
ACCOUNTS = spec_from_models("accounts", AccountRecord)
API_KEYS = spec_from_models("api_keys", ApiKeyRecord)
CREDITS = spec_from_models("credits", BalanceRecord, LedgerRecord)
JOBS = spec_from_models("jobs", JobRecord)
PROFILES = spec_from_models("profiles", ProfileRecord)
WEBHOOK_SECRETS = spec_from_models("webhook_secrets", WebhookSecretRecord)
# Rate-limit and quota counters: one item per account, expiring when the account is idle.
COUNTERS = spec_from_models("counters", CounterRecord, ttl_attribute="expires_at")
# Powertools' idempotency records (its default attribute names): not a PynamoDB model.
IDEMPOTENCY = TableSpec("idempotency", KeySpec("id", "S"), ttl_attribute="expiration")

CATALOG_TABLE = spec_from_models("catalog", CatalogImageRecord, CatalogHeaderRecord)
CATALOG_SEEDS = spec_from_models("catalog_seeds", CatalogSeedRecord)

TABLES: tuple[TableSpec, ...] = (
    ACCOUNTS,
    API_KEYS,
    CREDITS,
    JOBS,
    PROFILES,
    WEBHOOK_SECRETS,
    COUNTERS,
    IDEMPOTENCY,
    CATALOG_TABLE,
    CATALOG_SEEDS,
)


# ---------------------------------------------------------------- buckets

CATALOG_BUCKET = BucketSpec(
    "catalog", "catalog images: searchable, served through CloudFront", versioned=True
)
CACHE_BUCKET = BucketSpec(
    "cache",
    "every new image; private ones expire after a day",
    expire_prefixes=(("private/", 1),),
)
RENDITIONS_BUCKET = BucketSpec(
    "renditions", "delivery variants, re-rendered on miss", expire_after_days=30
)

# The SageMaker async endpoint's input (``input/{job}.json``), output and failure files:
# transient by nature (a job outlives them by its queue TTL at most).
SAGEMAKER_IO_BUCKET = BucketSpec(
    "sagemaker_io", "asynchronous inference input, output and failure files", expire_after_days=1
)

BUCKETS: tuple[BucketSpec, ...] = (
    CATALOG_BUCKET,
    CACHE_BUCKET,
    RENDITIONS_BUCKET,
    SAGEMAKER_IO_BUCKET,
)


# ---------------------------------------------------------------- queues and topics
# SageMaker async success/error notifications for the jobs function.
INFERENCE_RESULTS = QueueSpec(
    "inference_results",
    visibility_timeout_seconds=180,
    max_receive_count=5,
    consumer="jobs",
)
# Webhook deliveries: exponential backoff through the visibility timeout, then the DLQ.
WEBHOOKS = QueueSpec(
    "webhooks",
    visibility_timeout_seconds=60,
    max_receive_count=10,
    consumer="webhooks",
)
# SageMaker async inference's SuccessTopic and ErrorTopic.
INFERENCE_SUCCESS = TopicSpec("inference_success", subscribers=("inference_results",))
INFERENCE_ERROR = TopicSpec("inference_error", subscribers=("inference_results",))

QUEUES: tuple[QueueSpec, ...] = (INFERENCE_RESULTS, WEBHOOKS)
TOPICS: tuple[TopicSpec, ...] = (INFERENCE_SUCCESS, INFERENCE_ERROR)

# The asynchronous inference endpoint's name reaches functions as this variable.
ENDPOINT_ENV_VAR = "PHOTOCEN_INFERENCE_ENDPOINT"
