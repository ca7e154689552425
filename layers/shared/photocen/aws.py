"""boto3 clients, created lazily and cached per container (one per service)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str, region: str, endpoint_url: str | None = None) -> Any:
    import boto3  # imported here so functions that never need boto3 do not pay for it

    session = boto3.session.Session()
    return session.client(service, region_name=region, endpoint_url=endpoint_url)  # type: ignore[call-overload]
