"""The generation flow in-process: generate (through the API) → local inference runner →
SNS → SQS → jobs function, driven step by step so tests decide when each part runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from photocen.resources import INFERENCE_RESULTS, WEBHOOKS

from devstack.event_sources import SqsPoller
from devstack.inference_runner import LocalInferenceRunner, LocalInferenceSettings


@dataclass
class Flow:
    runner: LocalInferenceRunner
    results: SqsPoller
    webhooks: SqsPoller
    functions: Any

    def run(self) -> None:
        """Let SageMaker's part and the jobs consumer finish everything pending."""
        self.runner.drain()
        self.results.drain()

    def deliver_webhooks(self) -> int:
        return self.webhooks.drain()


def make_flow(api: Any, **runner_settings: Any) -> Flow:
    settings = LocalInferenceSettings(**runner_settings)  # type: ignore[call-arg]
    runner = LocalInferenceRunner(settings, background=False)
    runner.start()
    functions = api.gateway.functions
    region, endpoint = settings.aws_region, settings.aws_endpoint_url
    return Flow(
        runner,
        SqsPoller(
            functions,
            "jobs",
            os.environ[INFERENCE_RESULTS.env_var],
            region=region,
            endpoint_url=endpoint,
        ),
        SqsPoller(
            functions,
            "webhooks",
            os.environ[WEBHOOKS.env_var],
            region=region,
            endpoint_url=endpoint,
        ),
        functions,
    )


@pytest.fixture
def aws(aws: Any) -> Any:
    """The shared fixture's clean moto state, plus the topics and queues of the generation
    flow (only these tests pay for creating them)."""
    from devstack import bootstrap

    bootstrap.create_messaging(aws.client("sns"), aws.client("sqs"))
    return aws


@pytest.fixture
def flow(api: Any) -> Iterator[Flow]:
    made = make_flow(api)
    yield made
    made.runner.stop()


@pytest.fixture
def flow_factory(api: Any) -> Iterator[Any]:
    made: list[Flow] = []

    def factory(**settings: Any) -> Flow:
        made.append(make_flow(api, **settings))
        return made[-1]

    yield factory
    for f in made:
        f.runner.stop()


@pytest.fixture
def new_account(accounts: Any) -> Any:
    """Factory: a fresh account, on the studio plan unless told otherwise. These tests keep
    many jobs in flight at once (the free plan allows 2); the plans' own limits are tested in
    tests/integration/limits and tests/unit/generation/test_submit.py."""
    from tests.conftest import Caller

    def make(**kwargs: Any) -> Caller:
        kwargs.setdefault("plan", "studio")
        account, key = accounts.create_account(**kwargs)
        return Caller(account.account_id, key.token, key.key_id)

    return make
