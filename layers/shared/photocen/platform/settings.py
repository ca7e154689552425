"""Configuration: one validated pydantic settings model per function, built from mixins.

A missing table name is a start-up error (``SettingsError`` at cold start), never a silent
default. Business code receives settings objects; it never reads ``os.environ``.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, TypeVar

from pydantic import AliasChoices, Field, ValidationError
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
