"""Composition of generation: settings → stores and adapters → services.

The three functions' roots are built once per container (``functools.cache``) at cold
start, after their settings validated; handlers and routes call these and nothing below
them. Every store is built from its table or bucket name and the function's ``AwsTarget``,
and binds its own models.

- ``generate_services()``: the generate function (submit, generations, style memory,
  webhook secrets; the idempotency layer on the first keyed request);
- ``result_processor()``: the jobs function (one SageMaker notification at a time);
- ``sweeper()``: the sweeper function (lost jobs failed and refunded).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from photocen.credits.wiring import ledger_from
from photocen.generation.adapters.sagemaker import SageMakerAsyncEndpoint, SageMakerOutputs
from photocen.generation.model import GenerationRequest
from photocen.generation.results import Notifier, ResultProcessor, Sweeper
from photocen.generation.service import Generations, GenerationService, StyleMemoryService
from photocen.generation.settings import (
    GenerateSettings,
    JobsSettings,
    JobsTableSettings,
    SweeperSettings,
)
from photocen.generation.store import ImageCache, JobStore, ProfileStore
from photocen.generation.view import JobViews
from photocen.limits.wiring import limits_service_from
from photocen.platform.aws import AwsTarget, client
from photocen.platform.principal import Principal
from photocen.platform.settings import load
from photocen.webhooks.service import WebhookSecretService
from photocen.webhooks.wiring import webhook_queue, webhook_secret_service

if TYPE_CHECKING:
    from photocen.generation.idempotency import IdempotentSubmitter


# ---------------------------------------------------------------- parts
def job_store(settings: JobsTableSettings) -> JobStore:
    return JobStore(settings.jobs_table, AwsTarget.of(settings))


def image_cache(settings: JobsTableSettings) -> ImageCache:
    return ImageCache(AwsTarget.of(settings), settings.cache_bucket)


def job_views(settings: JobsTableSettings) -> JobViews:
    """Views of jobs with image URLs presigned for the configured lifetime."""
    return JobViews(image_cache(settings), settings.image_url_ttl_seconds)


def _notifier(settings: JobsSettings | SweeperSettings, jobs: JobStore) -> Notifier:
    return Notifier(jobs, job_views(settings), webhook_queue(settings))


# ---------------------------------------------------------------- the generate function
@dataclass(frozen=True)
class GenerateServices:
    settings: GenerateSettings
    service: GenerationService
    generations: Generations
    style_memory: StyleMemoryService
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

    def submit(
        self,
        *,
        principal: Principal,
        single: GenerationRequest | None = None,
        batch: list[GenerationRequest] | None = None,
        viewer_country: str | None,
        idempotency_key: str | None,
        body: Any,
        lambda_context: Any,
    ) -> dict[str, Any]:
        """A generate request (``service.submit_request``), at most once per
        ``idempotency_key`` when the caller sent one (``body`` is what the key's record
        is compared with)."""
        arguments: dict[str, Any] = {
            "principal": principal,
            "single": single,
            "batch": batch,
            "viewer_country": viewer_country,
        }
        if idempotency_key is None:
            return self.service.submit_request(**arguments)
        return self.submit_idempotently(
            account_id=principal.account_id,
            idempotency_key=idempotency_key,
            body=body,
            lambda_context=lambda_context,
            **arguments,
        )


@cache
def generate_services() -> GenerateServices:
    settings = load(GenerateSettings)
    target = AwsTarget.of(settings)
    jobs = job_store(settings)
    views = job_views(settings)
    profiles = ProfileStore(settings.profiles_table, target)
    endpoint = SageMakerAsyncEndpoint(
        target,
        endpoint_name=settings.inference_endpoint,
        io_bucket=settings.sagemaker_io_bucket,
        queue_ttl_seconds=settings.inference_queue_ttl_seconds,
        timeout_seconds=settings.inference_timeout_seconds,
    )
    service = GenerationService(
        settings,
        jobs=jobs,
        ledger=ledger_from(settings),
        profiles=profiles,
        endpoint=endpoint,
        views=views,
        limits=limits_service_from(settings),
    )
    return GenerateServices(
        settings,
        service,
        Generations(jobs, views.images, views),
        StyleMemoryService(profiles),
        webhook_secret_service(settings),
    )


# ---------------------------------------------------------------- jobs and sweeper
@cache
def result_processor() -> ResultProcessor:
    settings = load(JobsSettings)
    target = AwsTarget.of(settings)
    jobs = job_store(settings)
    notifier = _notifier(settings, jobs)
    return ResultProcessor(
        jobs=jobs,
        ledger=ledger_from(settings),
        outputs=SageMakerOutputs(target),
        images=notifier.views.images,
        style_memory=StyleMemoryService(ProfileStore(settings.profiles_table, target)),
        notifier=notifier,
        limits=limits_service_from(settings),
    )


@cache
def sweeper() -> Sweeper:
    settings = load(SweeperSettings)
    jobs = job_store(settings)
    return Sweeper(
        jobs=jobs,
        ledger=ledger_from(settings),
        notifier=_notifier(settings, jobs),
        limits=limits_service_from(settings),
    )
