"""The sweeper with in-memory fakes of the jobs store, the ledger and the webhook queue."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from photocen.generation.model import Job
from photocen.generation.results import Notifier, Sweeper
from photocen.generation.view import JobViews

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _job(job_id: str, webhook_url: str | None) -> Job:
    return Job(
        job_id=job_id,
        account_id="acct",
        status="running",
        created_at=NOW,
        updated_at=NOW,
        completed_at=None,
        prompt="p",
        final_prompt="p",
        negative_prompt="",
        model="flux-schnell",
        style=None,
        width=512,
        height=512,
        steps=4,
        cfg=0.0,
        seed=1,
        count=1,
        region="global",
        region_source="default",
        searchable=True,
        cost_per_image=1,
        reserved=1,
        charged=None,
        webhook_url=webhook_url,
        webhook_enqueued=False,
        images=(),
        engine_ms=None,
        error_code=None,
        error_message=None,
        deadline=0,
    )


class FakeJobs:
    def __init__(self, jobs: list[Job]) -> None:
        self.jobs = {j.job_id: j for j in jobs}
        self.reads: list[str] = []

    def overdue(self, now_epoch: int, limit: int = 100) -> list[Job]:
        return [j for j in self.jobs.values() if not j.finished][:limit]

    def fail(self, job_id: str, code: str, message: str) -> bool:
        self.jobs[job_id] = replace(self.jobs[job_id], status="failed", error_code=code)
        return True

    def get(self, job_id: str) -> Job | None:
        self.reads.append(job_id)
        return self.jobs.get(job_id)

    def mark_webhook_enqueued(self, job_id: str) -> None:
        self.jobs[job_id] = replace(self.jobs[job_id], webhook_enqueued=True)


class RefundingLedger:
    def refund(self, account_id: str, job_id: str, reserved: int) -> Any:
        return SimpleNamespace(entry=SimpleNamespace(operation="refund"))


class NoImages:
    def image_url(self, key: str, ttl_seconds: int) -> str:
        raise AssertionError("a failed job has no images to link")


class FakeQueue:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def enqueue(self, message: Any) -> None:
        self.sent.append(message)


def test_the_sweeper_reads_a_failed_job_again_only_when_it_has_a_webhook():
    # Given two overdue jobs, one with a webhook_url and one without
    jobs = FakeJobs([_job("gen_quiet", None), _job("gen_hooked", "https://hooks.example.com")])
    queue = FakeQueue()
    notifier = Notifier(jobs, JobViews(NoImages(), 60), queue)  # type: ignore[arg-type]
    # When the sweeper fails and refunds both
    report = Sweeper(jobs=jobs, ledger=RefundingLedger(), notifier=notifier).sweep()
    # Then only the job with someone to tell is read again, and its webhook is queued
    assert (report.examined, report.failed) == (2, 2)
    assert jobs.reads == ["gen_hooked"]
    assert [m.webhook_id for m in queue.sent] == ["msg_gen_hooked_failed"]
