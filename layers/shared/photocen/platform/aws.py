"""boto3 clients, created lazily and cached per container (one per service)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol


class _HasAwsSettings(Protocol):
    @property
    def aws_region(self) -> str: ...
    @property
    def aws_endpoint_url(self) -> str | None: ...


@dataclass(frozen=True)
class AwsTarget:
    """Where a store's AWS calls go: the region, and moto's endpoint on the local stack.
    Every store, DynamoDB or S3, is built from one (in its capability's wiring)."""

    region: str
    endpoint_url: str | None = None

    @classmethod
    def of(cls, settings: _HasAwsSettings) -> AwsTarget:
        return cls(settings.aws_region, settings.aws_endpoint_url)


@cache
def client(service: str, region: str, endpoint_url: str | None = None) -> Any:
    import boto3  # imported here so functions that never need boto3 do not pay for it

    session = boto3.session.Session()
    return session.client(service, region_name=region, endpoint_url=endpoint_url)  # type: ignore[call-overload]
