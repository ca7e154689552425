"""Jobs, and in-memory fakes of generation's stores and ports, for tests without I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from photocen.credits.model import Entry, Outcome
from photocen.generation.model import GeneratedImage, Job
from photocen.generation.style_memory import StyleMemory
from photocen.platform.errors import InsufficientCredits, ServiceUnavailable

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def make_job(**changes: Any) -> Job:
    """A running one-image job of account ``acct``; ``changes`` override any field."""
    job = Job(
        job_id="gen_1",
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
        webhook_url=None,
        webhook_enqueued=False,
        images=(),
        engine_ms=None,
        error_code=None,
        error_message=None,
        deadline=0,
    )
    return replace(job, **changes)


def completed(job: Job, images: int = 1) -> Job:
    """The job as its completion leaves it: images stored, charged, finished."""
    made = tuple(
        GeneratedImage(
            image_id=f"{job.job_id}_{n}",
            key=f"images/{job.account_id}/{job.job_id}/{n}.png",
            width=job.width,
            height=job.height,
            seed=job.seed + n,
            content_type="image/png",
            bytes=1234,
        )
        for n in range(images)
    )
    done = datetime(2026, 1, 1, 0, 0, 9, tzinfo=UTC)
    return replace(
        job,
        status="completed",
        images=made,
        charged=job.cost_per_image * images,
        completed_at=done,
        updated_at=done,
        engine_ms=41,
        deadline=None,
    )


class FakeImages:
    """``ImageCache``: URLs that say which key and lifetime they were signed for."""

    def __init__(self, stored: dict[str, bytes] | None = None) -> None:
        self.deleted: list[str] = []
        self.stored = dict(stored or {})

    def image_url(self, key: str, ttl_seconds: int) -> str:
        return f"https://cache.example/{key}?expires={ttl_seconds}"

    def delete_images(self, keys: list[str]) -> None:
        self.deleted.extend(keys)

    def read_image(self, key: str, max_bytes: int) -> bytes | None:
        data = self.stored.get(key)
        return data if data is not None and len(data) <= max_bytes else None


class InMemoryJobs:
    """``JobStore`` in a dict, with the same conditional transitions."""

    def __init__(self, jobs: list[Job] = ()) -> None:  # type: ignore[assignment]
        self.jobs = {j.job_id: j for j in jobs}
        self.reads: list[str] = []
        self.running_fails = False

    def create(self, job: Job) -> None:
        self.jobs[job.job_id] = job

    def get(self, job_id: str) -> Job | None:
        self.reads.append(job_id)
        return self.jobs.get(job_id)

    def get_owned(self, account_id: str, job_id: str) -> Job:
        from photocen.platform.errors import NotFound

        job = self.get(job_id)
        if job is None or job.account_id != account_id:
            raise NotFound(f"no job {job_id}")
        return job

    def discard(self, job_id: str) -> None:
        if self.jobs[job_id].status == "queued":
            del self.jobs[job_id]

    def mark_running(self, job_id: str) -> bool:
        if self.running_fails:
            raise ServiceUnavailable("the jobs store did not answer")
        return self._move(job_id, ("queued",), status="running")

    def fail(self, job_id: str, code: str, message: str) -> bool:
        return self._move(
            job_id, ("queued", "running"), status="failed", error_code=code, error_message=message
        )

    def overdue(self, now_epoch: int, limit: int = 100) -> list[Job]:
        return [j for j in self.jobs.values() if not j.finished][:limit]

    def mark_webhook_enqueued(self, job_id: str) -> None:
        self.jobs[job_id] = replace(self.jobs[job_id], webhook_enqueued=True)

    def _move(self, job_id: str, allowed: tuple[str, ...], **changes: Any) -> bool:
        job = self.jobs.get(job_id)
        if job is None or job.status not in allowed:
            return False
        self.jobs[job_id] = replace(job, **changes)
        return True


class InMemoryLedger:
    """The ``Ledger`` port's reserve and refund over one balance per account."""

    def __init__(self, balance: int) -> None:
        self.balance = balance
        self.operations: list[tuple[str, str, int]] = []

    def reserve(self, account_id: str, amount: int, job_id: str) -> Outcome:
        if amount > self.balance:
            raise InsufficientCredits()
        self.balance -= amount
        return self._entry("reserve", job_id, -amount)

    def refund(self, account_id: str, job_id: str, reserved: int) -> Outcome:
        self.balance += reserved
        return self._entry("refund", job_id, reserved)

    def _entry(self, operation: Any, job_id: str, amount: int) -> Outcome:
        self.operations.append((operation, job_id, amount))
        return Outcome(Entry(f"{operation}:{job_id}", amount, operation, job_id, NOW), False)


class NoProfiles:
    def get(self, account_id: str) -> StyleMemory | None:
        return None


class FakeEndpoint:
    """``InferenceEndpoint``: remembers what it was given, or refuses everything."""

    def __init__(self, *, refuses: bool = False) -> None:
        self.refuses = refuses
        self.submitted: list[tuple[str, dict[str, Any]]] = []

    def submit(self, job_id: str, document: dict[str, Any]) -> None:
        if self.refuses:
            raise ServiceUnavailable("the inference endpoint did not accept the job")
        self.submitted.append((job_id, document))


class InMemoryLimits:
    """The plan's generation limits: jobs in flight and images, counted in memory."""

    def __init__(self, concurrent_jobs: int = 10, images: int = 1_000) -> None:
        self.concurrent_jobs = concurrent_jobs
        self.images = images
        self.in_flight: dict[str, int] = {}  # job id → images
        self.counted = 0

    def start_generation(self, principal: Any, job_id: str, images: int) -> None:
        from photocen.platform.errors import RateLimited

        if len(self.in_flight) >= self.concurrent_jobs:
            raise RateLimited("jobs in flight", retry_after=5)
        if self.counted + images > self.images:
            raise RateLimited("images per day", retry_after=60)
        self.in_flight[job_id] = images
        self.counted += images

    def cancel_generation(self, account_id: str, job_id: str, images: int) -> None:
        if self.in_flight.pop(job_id, None) is not None:
            self.counted -= images

    def finish_generation(self, account_id: str, job_id: str) -> None:
        self.in_flight.pop(job_id, None)
