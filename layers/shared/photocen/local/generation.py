"""The generation part of the local stack: the inference runner, the two SQS event source
mappings (notifications → jobs, webhooks → webhooks) and the sweeper's schedule.

Local defaults differ from AWS only where waiting would make local work slow: shorter
sweeper deadlines and webhook backoff, and webhooks allowed to loopback. Each can be
overridden from the environment (tests do).
"""

from __future__ import annotations

import os

from photocen.local.event_sources import Invoker, Schedule, SqsPoller
from photocen.local.inference_runner import LocalInferenceRunner, LocalInferenceSettings
from photocen.messaging import INFERENCE_RESULTS, WEBHOOKS

LOCAL_DEFAULTS = {
    "PHOTOCEN_WEBHOOK_ALLOW_LOOPBACK": "true",
    "PHOTOCEN_WEBHOOK_BACKOFF_BASE_SECONDS": "1",
    "PHOTOCEN_WEBHOOK_BACKOFF_CAP_SECONDS": "30",
    "PHOTOCEN_INFERENCE_QUEUE_TTL_SECONDS": "60",
    "PHOTOCEN_INFERENCE_TIMEOUT_SECONDS": "60",
    "PHOTOCEN_SWEEP_GRACE_SECONDS": "10",
    "PHOTOCEN_LOCAL_SWEEP_INTERVAL_SECONDS": "5",
}


def local_defaults() -> dict[str, str]:
    """Local settings, unless the environment already says otherwise."""
    return {name: os.environ.get(name, value) for name, value in LOCAL_DEFAULTS.items()}


def services(invoker: Invoker) -> list[object]:
    """What the stack runs beside the gateway for generation (environment already set)."""
    settings = LocalInferenceSettings()  # type: ignore[call-arg]
    region, endpoint = settings.aws_region, settings.aws_endpoint_url
    interval = float(os.environ.get("PHOTOCEN_LOCAL_SWEEP_INTERVAL_SECONDS", "5"))
    return [
        LocalInferenceRunner(settings),
        SqsPoller(
            invoker,
            INFERENCE_RESULTS.consumer,
            os.environ[INFERENCE_RESULTS.env_var],
            region=region,
            endpoint_url=endpoint,
        ),
        SqsPoller(
            invoker,
            WEBHOOKS.consumer,
            os.environ[WEBHOOKS.env_var],
            region=region,
            endpoint_url=endpoint,
        ),
        Schedule(invoker, "sweeper", interval),
    ]
