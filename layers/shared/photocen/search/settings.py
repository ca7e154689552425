"""Settings of the search function."""

from __future__ import annotations

from pydantic import Field

from photocen.catalog.settings import CatalogSettings, CatalogUrlSettings


class SearchApiSettings(CatalogSettings, CatalogUrlSettings):
    """``POST /v1/images/search``: the catalog (hits → images), signed catalog URLs, and
    the region chain's inputs (the profiles table; IP geo when the deployment enables it)."""

    profiles_table: str = Field(min_length=3)
    # Region chain: use CloudFront-Viewer-Country only where the deployment forwards it.
    geo_region_enabled: bool = False
