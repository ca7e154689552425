"""Configuration: one validated pydantic settings model per function, built from mixins.

A missing table name is a start-up error (ValidationError at cold start), never a silent
default. Business code receives settings objects; it never reads ``os.environ``.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, TypeVar

from pydantic import AliasChoices, Field
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


class AdminSettings(AccountTablesSettings, CreditsTableSettings):
    """The operator CLI works on the same tables as the functions."""


S = TypeVar("S", bound=BaseSettings)


@cache
def load(settings_type: type[S]) -> S:
    """Validate the environment once per container for the given settings model."""
    return settings_type()  # type: ignore[call-arg]
