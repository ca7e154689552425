"""Composition of generation: settings → stores and adapters → services.

The three functions' roots are built once per container (``functools.cache``) at cold
start, after their settings validated; handlers and routes call these and nothing below
them. Every store is built from its table or bucket name and the function's ``AwsTarget``,
and binds its own models.

- ``generate_services()``: the generate function (submit, generations, style memory,
  webhook secrets; the idempotency layer on the first keyed request);
- ``result_processor()``: the jobs function (one SageMaker notification at a time);
- ``sweeper()``: the sweeper function (lost jobs failed and refunded);
- ``lifecycle()``: the cleanup function (migration to the catalog and index, the private
  cleanup); ``search_ports()``: the embedder and vector index, one per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from photocen.accounts.wiring import account_service_from
from photocen.catalog.wiring import catalog, catalog_from, url_signer_from
from photocen.credits.wiring import ledger_from
from photocen.delivery.params import rendition_prefixes
from photocen.generation.adapters.catalog_references import CatalogReferences
from photocen.generation.adapters.reference_fetch import HttpReferenceFetcher
from photocen.generation.adapters.sagemaker import SageMakerAsyncEndpoint, SageMakerOutputs
from photocen.generation.lifecycle import Cleanup, Migration, Retirement
from photocen.generation.model import GenerationRequest
from photocen.generation.region import resolve_region
from photocen.generation.results import Notifier, ResultProcessor, Sweeper
from photocen.generation.service import Generations, GenerationService, StyleMemoryService
from photocen.generation.settings import (
    GenerateSettings,
    JobsSettings,
    JobsTableSettings,
    LifecycleSettings,
    RetirementSettings,
    SweeperSettings,
)
from photocen.generation.store import ImageCache, JobStore, ProfileStore
from photocen.generation.view import JobViews
from photocen.limits.wiring import limits_service_from
from photocen.platform.aws import AwsTarget, client
from photocen.platform.objects import S3ObjectStore
from photocen.platform.principal import Principal
from photocen.platform.settings import BaseFunctionSettings, load
from photocen.search import wiring as search_wiring
from photocen.search.service import SearchService
from photocen.search.settings import SearchApiSettings
from photocen.webhooks.service import WebhookSecretService
from photocen.webhooks.wiring import webhook_queue, webhook_secret_service

if TYPE_CHECKING:
    from photocen.generation.idempotency import IdempotentSubmitter
    from photocen.search.ports import Embedder, VectorIndex


# ---------------------------------------------------------------- parts
def job_store(settings: JobsTableSettings) -> JobStore:
    return JobStore(settings.jobs_table, AwsTarget.of(settings))


def image_cache(settings: JobsTableSettings) -> ImageCache:
    return ImageCache(AwsTarget.of(settings), settings.cache_bucket)


def profile_store(table_name: str, settings: BaseFunctionSettings) -> ProfileStore:
    return ProfileStore(table_name, AwsTarget.of(settings))


def job_views(settings: JobsTableSettings) -> JobViews:
    """Views of jobs with image URLs presigned for the configured lifetime; with settings
    that name the catalog's URL signer, migrated images answer with signed catalog URLs."""
    if isinstance(settings, RetirementSettings):
        return JobViews(
            image_cache(settings),
            settings.image_url_ttl_seconds,
            url_signer_from(settings),
            settings.catalog_url_ttl_seconds,
        )
    return JobViews(image_cache(settings), settings.image_url_ttl_seconds)


def search_ports() -> tuple[Embedder, VectorIndex]:
    """The process's embedder and vector index (``photocen.search.wiring``), built when
    first needed: a generate function that never deletes a migrated image never loads them."""
    return search_wiring.search_ports()


def retirement_from(settings: RetirementSettings) -> Retirement:
    return Retirement(
        catalog_from(settings),
        S3ObjectStore(AwsTarget.of(settings)),
        settings.renditions_bucket,
        index=lambda: search_ports()[1],
        rendition_prefixes=rendition_prefixes,
    )


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
        fetcher=HttpReferenceFetcher(),
        catalog=CatalogReferences(catalog),
        limits=limits_service_from(settings),
    )
    return GenerateServices(
        settings,
        service,
        Generations(jobs, views.images, views, retirement_from(settings)),
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


# ---------------------------------------------------------------- the cleanup function
@dataclass(frozen=True)
class Lifecycle:
    settings: LifecycleSettings
    migration: Migration
    cleanup: Cleanup


def lifecycle_from(
    settings: LifecycleSettings, ports: tuple[Embedder, VectorIndex] | None = None
) -> Lifecycle:
    """The migration and the cleanup on the stores these settings name (``ports``: the
    embedder and index, else the process's)."""
    embedder, index = ports or search_ports()
    jobs, cache_ = job_store(settings), image_cache(settings)
    accounts = account_service_from(settings)

    def author_of(account_id: str) -> str:
        account = accounts.get_account(account_id)
        return account.name or account.account_id

    retirement = retirement_from(settings)
    migration = Migration(
        jobs=jobs,
        cache=cache_,
        catalog=retirement.catalog,
        embedder=embedder,
        index=index,
        author_of=author_of,
        retirement=retirement,
    )
    return Lifecycle(settings, migration, Cleanup(jobs=jobs, cache=cache_))


@cache
def lifecycle() -> Lifecycle:
    return lifecycle_from(load(LifecycleSettings))


# ---------------------------------------------------------------- the search function
# Composed here, not in photocen.search: the search service filters by the caller's applied
# region, which is generation's region chain over its style memory; search knows no
# generation (the dependency points one way: generation → search).
def search_service_from(settings: SearchApiSettings) -> SearchService:
    embedder, index = search_ports()
    memories = StyleMemoryService(profile_store(settings.profiles_table, settings))

    def region_of(account_id: str, viewer_country: str | None) -> str:
        """The caller's applied region, as generation resolves it (no request link)."""
        memory = memories.get(account_id)
        return resolve_region(
            None,
            memory.default_region,
            memory.billing_country,
            viewer_country,
            geo_enabled=settings.geo_region_enabled,
        ).region

    return SearchService(
        embedder=embedder,
        index=index,
        catalog=catalog_from(settings, metadata_ttl=60),
        urls=url_signer_from(settings),
        url_ttl_seconds=settings.catalog_url_ttl_seconds,
        region_of=region_of,
    )


@cache
def search_service() -> SearchService:
    """The search function's service (validates its settings on first use)."""
    return search_service_from(load(SearchApiSettings))
