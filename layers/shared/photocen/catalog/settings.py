"""Settings of the image catalog."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from photocen.platform.settings import BaseFunctionSettings


class CatalogSettings(BaseFunctionSettings):
    """The image catalog: its tables (images + header, recorded seeds) and its bucket."""

    catalog_table: str = Field(min_length=3)
    catalog_seeds_table: str = Field(min_length=3)
    catalog_bucket: str = Field(min_length=3)


class CatalogUrlSettings(BaseFunctionSettings):
    """Signed URLs of catalog images (search results, migrated generations).

    On AWS: CloudFront's domain (``https://dxxxx.cloudfront.net``), the key group's public
    key id and the Secrets Manager secret holding its private key (PEM). Locally: the local
    stack's base URL and an HMAC secret (``catalog_url_signer = "local"``)."""

    catalog_url_signer: Literal["cloudfront", "local"] = "cloudfront"
    catalog_url_base: str = Field(default="http://127.0.0.1:3000", min_length=8)
    catalog_url_key_pair_id: str = Field(default="local", min_length=1)
    catalog_url_private_key_secret: str | None = None
    catalog_url_hmac_secret: str | None = Field(default=None, min_length=16)
    # How long a signed catalog URL works (the document: "short-lived").
    catalog_url_ttl_seconds: int = Field(default=3600, ge=60, le=7 * 86_400)

    @model_validator(mode="after")
    def _signer_configured(self) -> CatalogUrlSettings:
        if self.catalog_url_signer == "cloudfront" and not self.catalog_url_private_key_secret:
            raise ValueError("catalog_url_private_key_secret is required for CloudFront URLs")
        if self.catalog_url_signer == "local" and not self.catalog_url_hmac_secret:
            raise ValueError("catalog_url_hmac_secret is required for local signed URLs")
        return self
