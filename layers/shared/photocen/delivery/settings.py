"""Settings of the delivery function."""

from __future__ import annotations

from pydantic import Field, NonNegativeInt, PositiveInt

from photocen.catalog.settings import CatalogSettings
from photocen.credits.settings import CreditsTableSettings


class DeliverySettings(CatalogSettings, CreditsTableSettings):
    """The delivery function: catalog, credits (metering) and the renditions bucket."""

    renditions_bucket: str = Field(min_length=3)
    # Outputs above this many bytes are stored and answered with a redirect: a Lambda
    # response is at most 6 MB, and base64 makes 4.5 MB of image into 6 MB of JSON.
    delivery_max_inline_bytes: PositiveInt = 4_500_000
    delivery_redirect_ttl_seconds: PositiveInt = 300
    # The in-process LRU of rendered variants (per warm container).
    delivery_lru_bytes: NonNegativeInt = 64 * 1024 * 1024
    # Catalog items and the header are cached in-process this long (a removed image stops
    # being served by warm containers within it).
    delivery_metadata_ttl_seconds: NonNegativeInt = 300
