"""Composition of search: settings → embedder, index, catalog, URL signer → services."""

from __future__ import annotations

from functools import cache

from photocen.catalog.wiring import catalog_from, url_signer_from
from photocen.generation.region import resolve_region
from photocen.generation.service import StyleMemoryService
from photocen.generation.wiring import profile_store, search_ports
from photocen.platform.settings import load
from photocen.search.service import SearchService
from photocen.search.settings import SearchApiSettings


def search_service_from(settings: SearchApiSettings) -> SearchService:
    embedder, index = search_ports()
    memories = StyleMemoryService(profile_store(settings.profiles_table, settings))

    def region_of(account_id: str, viewer_country: str | None) -> str:
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
