"""Names and environment of the local stack, derived from the same specs the CDK uses."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from photocen.resources import BUCKETS, ENDPOINT_ENV_VAR, QUEUES, TABLES, TOPICS

REGION = "us-east-1"
PREFIX = "photocen-local"
DEFAULT_STATE_FILE = Path(".photocen/local.json")
# The local CDN's URL-signing secret (CloudFront's key pair on AWS): new for each process,
# which is all it needs (the stack signs and verifies in one process).
_URL_SIGNING_SECRET = secrets.token_hex(32)


def local_name(logical_name: str) -> str:
    """The physical name of a local resource (S3 bucket names allow no underscores)."""
    return f"{PREFIX}-{logical_name}".replace("_", "-")


def table_names() -> dict[str, str]:
    return {spec.logical_name: local_name(spec.logical_name) for spec in TABLES}


def bucket_names() -> dict[str, str]:
    return {spec.logical_name: local_name(spec.logical_name) for spec in BUCKETS}


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
    env.update(messaging_environment(aws_endpoint_url))
    # Signed catalog URLs point at the local gateway, which stands in for CloudFront.
    port = os.environ.get("PHOTOCEN_PORT") or "3000"
    env.update(
        {
            "PHOTOCEN_CATALOG_URL_SIGNER": "local",
            "PHOTOCEN_CATALOG_URL_BASE": f"http://127.0.0.1:{port}",
            "PHOTOCEN_CATALOG_URL_HMAC_SECRET": os.environ.get(
                "PHOTOCEN_CATALOG_URL_HMAC_SECRET", _URL_SIGNING_SECRET
            ),
        }
    )
    from devstack.generation import local_defaults

    env.update(local_defaults())
    env.update(search_environment(aws_endpoint_url))
    return env


def search_environment(aws_endpoint_url: str) -> dict[str, str]:
    """The local adapters of search (decision 0011), unless the environment says otherwise:
    all-MiniLM-L6-v2 with numpy and the exact index, both 384 long. The index's file lies
    beside the state file, named after the stack's moto port: the stack and the operator CLI
    (another process, pointed at the same moto) share it, and two stacks (tests start several)
    never do."""
    port = urlsplit(aws_endpoint_url).port or 0
    path = state_file().parent.resolve() / f"search-index-{port}.npz"
    defaults = {
        "PHOTOCEN_EMBEDDER": "local",
        "PHOTOCEN_VECTOR_INDEX": "local",
        "PHOTOCEN_EMBEDDING_DIMENSION": "384",
    }
    chosen = {name: os.environ.get(name, value) for name, value in defaults.items()}
    # Always this stack's own file: an inherited path would be another stack's.
    return {**chosen, "PHOTOCEN_LOCAL_INDEX_PATH": str(path)}


def clear_search_index() -> None:
    """A stack starts and ends with an empty index, as its in-memory moto does with the
    catalog the vectors point into."""
    configured = os.environ.get("PHOTOCEN_LOCAL_INDEX_PATH")
    if not configured:
        return
    path = Path(configured)
    for stale in (path, path.with_name(f"{path.name}.lock")):
        stale.unlink(missing_ok=True)


MOTO_ACCOUNT = "123456789012"  # moto's default account: queue URLs and topic ARNs use it
INFERENCE_ENDPOINT = f"{PREFIX}-inference"


def queue_names() -> dict[str, str]:
    names = {}
    for spec in QUEUES:
        names[spec.logical_name] = local_name(spec.logical_name)
        names[spec.dlq_logical_name] = local_name(spec.dlq_logical_name)
    return names


def topic_names() -> dict[str, str]:
    return {spec.logical_name: local_name(spec.logical_name) for spec in TOPICS}


def queue_url(aws_endpoint_url: str, logical_name: str) -> str:
    return f"{aws_endpoint_url}/{MOTO_ACCOUNT}/{queue_names()[logical_name]}"


def topic_arn(logical_name: str) -> str:
    return f"arn:aws:sns:{REGION}:{MOTO_ACCOUNT}:{topic_names()[logical_name]}"


def messaging_environment(aws_endpoint_url: str) -> dict[str, str]:
    """Queue URLs, topic ARNs and the inference endpoint, as the CDK sets them."""
    env = {ENDPOINT_ENV_VAR: INFERENCE_ENDPOINT}
    for spec in QUEUES:
        env[spec.env_var] = queue_url(aws_endpoint_url, spec.logical_name)
        env[spec.dlq_env_var] = queue_url(aws_endpoint_url, spec.dlq_logical_name)
    for topic in TOPICS:
        env[topic.env_var] = topic_arn(topic.logical_name)
    return env


def state_file() -> Path:
    return Path(os.environ.get("PHOTOCEN_STATE_FILE") or DEFAULT_STATE_FILE)
