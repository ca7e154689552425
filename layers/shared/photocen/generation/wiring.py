"""Composition roots of the generation functions: settings → adapters → domain services.

Each is built once per container (``functools.cache``) at cold start, after its settings
validated (the generate function's idempotency layer on first use); handlers call these and
nothing below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from photocen.credits.wiring import ledger_from
from photocen.generation.profiles import ProfileStore
from photocen.generation.results import Notifier, ResultProcessor, Sweeper
from photocen.generation.service import GenerationService
from photocen.generation.settings import GenerateSettings, JobsSettings, SweeperSettings
from photocen.generation.storage import InferenceEndpoint, ObjectStore
from photocen.generation.store import JobStore
from photocen.platform.aws import AwsTarget, client
from photocen.platform.settings import load
from photocen.resources import bind_settings
from photocen.webhooks.service import WebhookSecretService
from photocen.webhooks.wiring import webhook_queue, webhook_secret_service

if TYPE_CHECKING:
    from photocen.generation.idempotency import IdempotentSubmitter


@dataclass(frozen=True)
class GenerateServices:
    settings: GenerateSettings
    service: GenerationService
    jobs: JobStore
    store: ObjectStore
    profiles: ProfileStore
    secrets: WebhookSecretService

    @cached_property
    def submit_idempotently(self) -> IdempotentSubmitter:
        """``service.submit_request`` at most once per (account, Idempotency-Key).

        Built on the first request with an Idempotency-Key, not at cold start: GET routes
        (and generate without a key) never pay for Powertools' idempotency layer and client.
        """
        from photocen.generation.idempotency import IdempotentSubmitter

        settings = self.settings
        return IdempotentSubmitter(
            self.service.submit_request,
            table_name=settings.idempotency_table,
            dynamodb_client=client("dynamodb", settings.aws_region, settings.aws_endpoint_url),
            expires_after_seconds=settings.idempotency_expires_seconds,
        )


@cache
def generate_services() -> GenerateServices:
    settings = load(GenerateSettings)
    bind_settings(settings)
    target = AwsTarget(settings.aws_region, settings.aws_endpoint_url)
    jobs, profiles = JobStore(), ProfileStore()
    store = ObjectStore(
        target, io_bucket=settings.sagemaker_io_bucket, cache_bucket=settings.cache_bucket
    )
    service = GenerationService(
        settings,
        jobs=jobs,
        ledger=ledger_from(settings),
        profiles=profiles,
        store=store,
        endpoint=InferenceEndpoint(target, settings.inference_endpoint),
    )
    secrets = webhook_secret_service(settings)
    return GenerateServices(settings, service, jobs, store, profiles, secrets)


def _notifier(settings: JobsSettings | SweeperSettings, jobs: JobStore) -> Notifier:
    target = AwsTarget(settings.aws_region, settings.aws_endpoint_url)
    store = ObjectStore(target, io_bucket=None, cache_bucket=settings.cache_bucket)
    return Notifier(
        jobs,
        store,
        webhook_queue(settings),
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
        ledger=ledger_from(settings),
        store=notifier.store,
        profiles=ProfileStore(),
        notifier=notifier,
    )


@cache
def sweeper() -> Sweeper:
    settings = load(SweeperSettings)
    bind_settings(settings)
    jobs = JobStore()
    return Sweeper(jobs=jobs, ledger=ledger_from(settings), notifier=_notifier(settings, jobs))
