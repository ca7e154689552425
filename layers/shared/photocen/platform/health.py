"""Health: one check per component (tables, buckets); ``degraded`` if any fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import Field

from photocen.platform.aws import client
from photocen.platform.settings import BaseFunctionSettings


class MetaSettings(BaseFunctionSettings):
    """Health checks look at every table and bucket the deployment has."""

    health_tables: list[str] = Field(default_factory=list)
    health_buckets: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Check:
    component: str
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Health:
    status: Literal["healthy", "degraded"]
    checks: list[Check]


def check_health(settings: MetaSettings) -> Health:
    dynamodb = client("dynamodb", settings.aws_region, settings.aws_endpoint_url)
    s3 = client("s3", settings.aws_region, settings.aws_endpoint_url)
    checks = [
        _probe("table", name, partial(dynamodb.describe_table, TableName=name))
        for name in settings.health_tables
    ] + [
        _probe("bucket", name, partial(s3.head_bucket, Bucket=name))
        for name in settings.health_buckets
    ]
    healthy = all(c.ok for c in checks)
    return Health("healthy" if healthy else "degraded", checks)


def _probe(component: str, name: str, call: Callable[[], object]) -> Check:
    try:
        call()
    except ClientError as exc:
        return Check(component, name, False, exc.response.get("Error", {}).get("Code", "error"))
    except BotoCoreError as exc:
        return Check(component, name, False, type(exc).__name__)
    return Check(component, name, True, "ok")
