"""The generation part of the local stack: the inference runner, the two SQS event source
mappings (notifications → jobs, webhooks → webhooks), the sweeper's schedule and the
cleanup function's two (migration and private cleanup, every
``PHOTOCEN_MIGRATION_INTERVAL_SECONDS`` / ``PHOTOCEN_CLEANUP_INTERVAL_SECONDS``, default 60:
hourly on AWS, but a newcomer should see it happen).

Local defaults differ from AWS only where waiting would make local work slow: shorter
sweeper deadlines and webhook backoff, and webhooks allowed to loopback. Each can be
overridden from the environment (tests do).
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import Any

from photocen.resources import INFERENCE_RESULTS, WEBHOOKS

from devstack.event_sources import Invoker, Schedule, SqsPoller
from devstack.inference_runner import LocalInferenceRunner, LocalInferenceSettings

LOCAL_DEFAULTS = {
    "PHOTOCEN_WEBHOOK_ALLOW_LOOPBACK": "true",
    "PHOTOCEN_REFERENCE_ALLOW_LOOPBACK": "true",
    "PHOTOCEN_WEBHOOK_BACKOFF_BASE_SECONDS": "1",
    "PHOTOCEN_WEBHOOK_BACKOFF_CAP_SECONDS": "30",
    "PHOTOCEN_INFERENCE_QUEUE_TTL_SECONDS": "60",
    "PHOTOCEN_INFERENCE_TIMEOUT_SECONDS": "60",
    "PHOTOCEN_SWEEP_GRACE_SECONDS": "10",
    "PHOTOCEN_LOCAL_SWEEP_INTERVAL_SECONDS": "5",
    "PHOTOCEN_MIGRATION_INTERVAL_SECONDS": "60",
    # Short runs, so a stopping stack never waits on a long one (AWS: 25 jobs per run).
    "PHOTOCEN_LIFECYCLE_BATCH_SIZE": "5",
    "PHOTOCEN_CLEANUP_INTERVAL_SECONDS": "60",
}


def local_defaults() -> dict[str, str]:
    """Local settings, unless the environment already says otherwise."""
    return {name: os.environ.get(name, value) for name, value in LOCAL_DEFAULTS.items()}


class Warmup:
    """Loads the generation functions and the engine in the background once the stack is up,
    as provisioned concurrency would, so the first generation does not pay the imports."""

    MODULES = (
        "functions.generate.handler",
        "functions.jobs.handler",
        "functions.webhooks.handler",
        "functions.sweeper.handler",
        "functions.cleanup.handler",
        "functions.search.handler",
        "model.engines.procedural",
    )

    def __init__(self, runner: LocalInferenceRunner) -> None:
        self.runner = runner

    def start(self) -> None:
        threading.Thread(target=self._warm, name="warmup", daemon=True).start()

    def stop(self) -> None:
        pass

    def _warm(self) -> None:
        for module in self.MODULES:
            importlib.import_module(module)
        self.runner.warm()


class GenerationServices:
    """Starts its parts in order and stops them together (the pollers' long polls end in
    parallel, so stopping takes one poll at most)."""

    def __init__(self, parts: list[Any]) -> None:
        self.parts = parts

    def start(self) -> None:
        for part in self.parts:
            part.start()

    def stop(self) -> None:
        for part in self.parts:
            if hasattr(part, "signal_stop"):
                part.signal_stop()
        for part in reversed(self.parts):
            part.stop()


def services(invoker: Invoker) -> list[object]:
    """What the stack runs beside the gateway for generation (environment already set)."""
    settings = LocalInferenceSettings()  # type: ignore[call-arg]
    region, endpoint = settings.aws_region, settings.aws_endpoint_url
    interval = float(os.environ.get("PHOTOCEN_LOCAL_SWEEP_INTERVAL_SECONDS", "5"))
    runner = LocalInferenceRunner(settings)
    parts: list[Any] = [
        runner,
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
        Schedule(
            invoker,
            "cleanup",
            float(os.environ.get("PHOTOCEN_MIGRATION_INTERVAL_SECONDS", "60")),
            payload={"task": "migrate"},
        ),
        Schedule(
            invoker,
            "cleanup",
            float(os.environ.get("PHOTOCEN_CLEANUP_INTERVAL_SECONDS", "60")),
            payload={"task": "cleanup"},
        ),
        Warmup(runner),
    ]
    return [GenerationServices(parts)]
