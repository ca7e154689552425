"""Composition roots of the generation functions: settings → adapters → domain services.

Each is built once per container (``functools.cache``) at cold start, after its settings
validated; handlers call these and nothing below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from photocen.aws import client
from photocen.generation.config import (
    GenerateSettings,
    JobsSettings,
    SweeperSettings,
    WebhookSettings,
)
from photocen.generation.idempotency import IdempotentSubmitter
from photocen.generation.jobs import JobStore
from photocen.generation.profiles import ProfileStore
from photocen.generation.results import Notifier, ResultProcessor, Sweeper
from photocen.generation.service import GenerationService
from photocen.generation.storage import AwsTarget, InferenceEndpoint, ObjectStore
from photocen.generation.webhooks import (
    HttpTransport,
    WebhookQueue,
    WebhookSecretStore,
    WebhookSender,
)
from photocen.ledger import DynamoLedger
from photocen.settings import load
from photocen.tables import bind_settings


@dataclass(frozen=True)
class GenerateServices:
    settings: GenerateSettings
    service: GenerationService
    submit_idempotently: IdempotentSubmitter
    jobs: JobStore
    store: ObjectStore
    profiles: ProfileStore
    secrets: WebhookSecretStore


@cache
def generate_services() -> GenerateServices:
    settings = load(GenerateSettings)
    bind_settings(settings)
    target = AwsTarget(settings.aws_region, settings.aws_endpoint_url)
    jobs, profiles, ledger = JobStore(), ProfileStore(), DynamoLedger()
    store = ObjectStore(
        target, io_bucket=settings.sagemaker_io_bucket, cache_bucket=settings.cache_bucket
    )
    service = GenerationService(
        settings,
        jobs=jobs,
        ledger=ledger,
        profiles=profiles,
        store=store,
        endpoint=InferenceEndpoint(target, settings.inference_endpoint),
    )
    submitter = IdempotentSubmitter(
        service.submit_request,
        table_name=settings.idempotency_table,
        dynamodb_client=client("dynamodb", settings.aws_region, settings.aws_endpoint_url),
        expires_after_seconds=settings.idempotency_expires_seconds,
    )
    return GenerateServices(
        settings, service, submitter, jobs, store, profiles, WebhookSecretStore()
    )


def _notifier(settings: JobsSettings | SweeperSettings, jobs: JobStore) -> Notifier:
    target = AwsTarget(settings.aws_region, settings.aws_endpoint_url)
    store = ObjectStore(target, io_bucket=None, cache_bucket=settings.cache_bucket)
    return Notifier(
        jobs,
        store,
        WebhookQueue(target, settings.webhooks_queue_url),
        settings.image_url_ttl_seconds,
    )


@cache
def result_processor() -> ResultProcessor:
    settings = load(JobsSettings)
    bind_settings(settings)
    jobs = JobStore()
    notifier = _notifier(settings, jobs)
    return ResultProcessor(
        jobs=jobs,
        ledger=DynamoLedger(),
        store=notifier.store,
        profiles=ProfileStore(),
        notifier=notifier,
    )


@cache
def sweeper() -> Sweeper:
    settings = load(SweeperSettings)
    bind_settings(settings)
    jobs = JobStore()
    return Sweeper(jobs=jobs, ledger=DynamoLedger(), notifier=_notifier(settings, jobs))


@dataclass(frozen=True)
class WebhookServices:
    settings: WebhookSettings
    sender: WebhookSender
    queue: WebhookQueue


@cache
def webhook_services() -> WebhookServices:
    settings = load(WebhookSettings)
    bind_settings(settings)
    target = AwsTarget(settings.aws_region, settings.aws_endpoint_url)
    sender = WebhookSender(
        WebhookSecretStore(),
        HttpTransport(),
        allow_loopback=settings.webhook_allow_loopback,
        timeout=settings.webhook_timeout_seconds,
    )
    return WebhookServices(settings, sender, WebhookQueue(target, settings.webhooks_queue_url))
