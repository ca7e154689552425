"""Settings of the image catalog."""

from __future__ import annotations

from pydantic import Field

from photocen.platform.settings import BaseFunctionSettings


class CatalogSettings(BaseFunctionSettings):
    """The image catalog: its tables (images + header, recorded seeds) and its bucket."""

    catalog_table: str = Field(min_length=3)
    catalog_seeds_table: str = Field(min_length=3)
    catalog_bucket: str = Field(min_length=3)
