"""Configuration: one validated pydantic settings model per function, built from mixins.

A missing table name is a start-up error (``SettingsError`` at cold start), never a silent
default. Business code receives settings objects; it never reads ``os.environ``.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, TypeVar

from pydantic import AliasChoices, Field, NonNegativeInt, PositiveInt, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["local", "aws", "test"]


class BaseFunctionSettings(BaseSettings):
    """What every function knows: where it runs and which region it talks to."""

    model_config = SettingsConfigDict(env_prefix="PHOTOCEN_", frozen=True, extra="ignore")

    environment: Environment = "aws"
    aws_region: str = Field(
        default="us-east-1",
        validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION"),
    )
    # Only the local stack sets this (moto's server); on AWS botocore resolves endpoints itself.
    aws_endpoint_url: str | None = Field(
        default=None, validation_alias=AliasChoices("AWS_ENDPOINT_URL")
    )
    # ["*"] = open CORS for the public API (the default); otherwise a strict origin list.
    cors_origins: list[str] = Field(default_factory=lambda: ["*"], min_length=1)


class AccountTablesSettings(BaseFunctionSettings):
    """The accounts and API-keys tables (authorizer, account, admin)."""

    accounts_table: str = Field(min_length=3)
    api_keys_table: str = Field(min_length=3)


class CreditsTableSettings(BaseFunctionSettings):
    """The credits table: one balance item per account plus its append-only ledger."""

    credits_table: str = Field(min_length=3)


class AuthorizerSettings(AccountTablesSettings):
    pass


class AccountSettings(AccountTablesSettings, CreditsTableSettings):
    pass


class MetaSettings(BaseFunctionSettings):
    """Health checks look at every table and bucket the deployment has."""

    health_tables: list[str] = Field(default_factory=list)
    health_buckets: list[str] = Field(default_factory=list)


class CatalogSettings(BaseFunctionSettings):
    """The image catalog: its tables (images + header, recorded seeds) and its bucket."""

    catalog_table: str = Field(min_length=3)
    catalog_seeds_table: str = Field(min_length=3)
    catalog_bucket: str = Field(min_length=3)


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


class AdminSettings(AccountTablesSettings, CreditsTableSettings):
    """The operator CLI works on the same tables as the functions."""


S = TypeVar("S", bound=BaseSettings)


class SettingsError(RuntimeError):
    """A function's configuration is invalid: ours to fix. Deliberately not pydantic's
    ValidationError (a ValueError), which the HTTP edge answers as the caller's 422."""


@cache
def load(settings_type: type[S]) -> S:
    """Validate the environment once per container for the given settings model."""
    try:
        return settings_type()  # type: ignore[call-arg]
    except ValidationError as exc:
        raise SettingsError(f"invalid configuration: {exc}") from exc
