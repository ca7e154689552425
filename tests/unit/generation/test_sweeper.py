"""The sweeper with in-memory fakes of the jobs store, the ledger and the webhook queue."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from photocen.generation.results import Notifier, Sweeper
from photocen.generation.view import JobViews

from tests.unit.generation.fakes import FakeImages, InMemoryJobs, InMemoryLimits, make_job
from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture
from tests.unit.webhooks.fakes import FakeQueue

pytestmark = pytest.mark.usefixtures("no_sockets")


class RefundingLedger:
    def refund(self, account_id: str, job_id: str, reserved: int) -> Any:
        return SimpleNamespace(entry=SimpleNamespace(operation="refund"))


def test_the_sweeper_reads_a_failed_job_again_only_when_it_has_a_webhook():
    # Given two overdue jobs, one with a webhook_url and one without
    jobs = InMemoryJobs(
        [
            make_job(job_id="gen_quiet", webhook_url=None),
            make_job(job_id="gen_hooked", webhook_url="https://hooks.example.com"),
        ]
    )
    queue = FakeQueue()
    notifier = Notifier(jobs, JobViews(FakeImages(), 60), queue)  # type: ignore[arg-type]
    # When the sweeper fails and refunds both
    limits = InMemoryLimits()
    limits.in_flight = {"gen_quiet": 1, "gen_hooked": 1}
    report = Sweeper(
        jobs=jobs,
        ledger=RefundingLedger(),  # type: ignore[arg-type]
        notifier=notifier,
        limits=limits,
    ).sweep()
    # Then only the job with someone to tell is read again, and its webhook is queued
    assert (report.examined, report.failed) == (2, 2)
    assert jobs.reads == ["gen_hooked"]
    assert [m.webhook_id for m in queue.sent] == ["msg_gen_hooked_failed"]
    # And both jobs leave the plan's in-flight slots
    assert limits.in_flight == {}
