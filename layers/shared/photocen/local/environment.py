"""Names and environment of the local stack, derived from the same specs the CDK uses."""

from __future__ import annotations

import json
import os
from pathlib import Path

from photocen.buckets import BUCKETS
from photocen.tables import TABLES

REGION = "us-east-1"
PREFIX = "photocen-local"
DEFAULT_STATE_FILE = Path(".photocen/local.json")


def table_names() -> dict[str, str]:
    return {spec.logical_name: f"{PREFIX}-{spec.logical_name}".replace("_", "-") for spec in TABLES}


def bucket_names() -> dict[str, str]:
    return {spec.logical_name: f"{PREFIX}-{spec.logical_name}" for spec in BUCKETS}


def function_environment(aws_endpoint_url: str) -> dict[str, str]:
    """What the CDK would set on each function, for all of them at once, pointed at moto."""
    env = {
        "PHOTOCEN_ENVIRONMENT": "local",
        "AWS_ENDPOINT_URL": aws_endpoint_url,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",  # moto accepts any credentials
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        "POWERTOOLS_SERVICE_NAME": "photocen-local",
        "PHOTOCEN_HEALTH_TABLES": json.dumps(sorted(table_names().values())),
        "PHOTOCEN_HEALTH_BUCKETS": json.dumps(sorted(bucket_names().values())),
    }
    for spec in TABLES:
        env[spec.env_var] = table_names()[spec.logical_name]
    for bucket in BUCKETS:
        env[bucket.env_var] = bucket_names()[bucket.logical_name]
    return env


def state_file() -> Path:
    return Path(os.environ.get("PHOTOCEN_STATE_FILE") or DEFAULT_STATE_FILE)
