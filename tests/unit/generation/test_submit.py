"""GenerationService over in-memory fakes: what a submission writes, reserves and sends,
and what it answers."""

from __future__ import annotations

from typing import Any

import pytest
from photocen.generation.model import GenerationRequest, StyleChoice
from photocen.generation.service import GenerationService
from photocen.generation.settings import GenerateSettings
from photocen.generation.view import JobViews
from photocen.platform.errors import (
    InsufficientCredits,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
)
from photocen.platform.principal import Principal

from tests.unit.generation.fakes import (
    NOW,
    FakeEndpoint,
    FakeImages,
    InMemoryJobs,
    InMemoryLedger,
    InMemoryLimits,
    NoProfiles,
)

PRINCIPAL = Principal("acct", "user", "free")
# Every value the service reads is given, so no environment variable can change them.
SETTINGS = GenerateSettings(
    credits_table="credits",
    counters_table="counters",
    jobs_table="jobs",
    cache_bucket="cache",
    profiles_table="profiles",
    idempotency_table="idempotency",
    sagemaker_io_bucket="sagemaker-io",
    inference_endpoint="endpoint",
    webhook_secrets_table="secrets",
    catalog_table="catalog",
    catalog_seeds_table="catalog-seeds",
    catalog_bucket="catalog",
    renditions_bucket="renditions",
    catalog_url_signer="local",
    catalog_url_hmac_secret="0123456789abcdef",
    inference_queue_ttl_seconds=3600,
    inference_timeout_seconds=900,
    sweep_grace_seconds=300,
    geo_region_enabled=False,
    webhook_allow_loopback=False,
)


def service(
    *,
    balance: int = 10,
    endpoint: FakeEndpoint | None = None,
    limits: InMemoryLimits | None = None,
) -> tuple[GenerationService, dict[str, Any]]:
    parts: dict[str, Any] = {
        "jobs": InMemoryJobs(),
        "ledger": InMemoryLedger(balance),
        "endpoint": endpoint or FakeEndpoint(),
        "limits": limits or InMemoryLimits(),
    }
    ids = iter(f"gen_{n}" for n in range(100))
    made = GenerationService(
        SETTINGS,
        profiles=NoProfiles(),  # type: ignore[arg-type]
        views=JobViews(FakeImages(), 60),  # type: ignore[arg-type]
        clock=lambda: NOW,
        new_id=lambda: next(ids),
        **parts,
    )
    return made, parts


def test_an_accepted_request_is_recorded_reserved_sent_and_answered_with_its_view():
    generate, parts = service()
    request = GenerationRequest(
        prompt="a cafe", style=StyleChoice(preset="watercolor"), seed=7, count=2, region="fr"
    )
    answer = generate.submit_request(principal=PRINCIPAL, single=request)
    job = parts["jobs"].jobs["gen_0"]
    # The job is recorded, running, with its deadline and the estimate reserved
    assert (job.status, job.reserved, job.count, job.region) == ("running", 2, 2, "fr")
    assert job.deadline == int(NOW.timestamp()) + 3600 + 900 + 300
    assert parts["ledger"].operations == [("reserve", "gen_0", -2)]
    # The engine gets the styled, localised prompt and one seed per image
    [(job_id, document)] = parts["endpoint"].submitted
    assert job_id == "gen_0"
    assert document["prompt"].startswith("a cafe, watercolor")
    assert document["prompt"].endswith("set in France, local details of France")
    assert document["seeds"] == [7, 8]
    # The answer is the job's view, as JSON
    assert answer["job_id"] == answer["id"] == "gen_0"
    assert (answer["status"], answer["credits_reserved"]) == ("running", 2)
    assert answer["created_at"] == "2026-01-01T00:00:00Z"


def test_a_job_the_endpoint_refuses_is_refunded_and_failed_at_once():
    generate, parts = service(endpoint=FakeEndpoint(refuses=True))
    with pytest.raises(ServiceUnavailable):
        generate.submit_request(principal=PRINCIPAL, single=GenerationRequest(prompt="x"))
    assert parts["ledger"].operations == [("reserve", "gen_0", -1), ("refund", "gen_0", 1)]
    assert parts["jobs"].jobs["gen_0"].status == "failed"
    assert parts["ledger"].balance == 10
    # and it holds no slot, nor counts its image, under the plan's limits
    assert (parts["limits"].in_flight, parts["limits"].counted) == ({}, 0)


def test_a_batch_is_checked_whole_then_each_item_accepted_or_refused_alone():
    generate, parts = service(balance=9)
    big = GenerationRequest(prompt="big", model="stable-diffusion-xl", width=1024, height=1024)
    small = GenerationRequest(prompt="small")
    # One invalid item refuses the request: nothing recorded, nothing charged
    with pytest.raises(ValidationFailed, match=r"^body\.items\.1\.model: "):
        generate.submit_request(
            principal=PRINCIPAL, batch=[small, GenerationRequest("x", model="?")]
        )
    assert parts["jobs"].jobs == {}
    # One item short of credits sinks no other
    answer = generate.submit_request(principal=PRINCIPAL, batch=[big, big, small])
    assert [i["success"] for i in answer["items"]] == [True, False, True]
    assert answer["items"][1] == {
        "index": 1,
        "success": False,
        "error": {
            "code": "insufficient_credits",
            "message": "Not enough credits for this request.",
        },
    }
    assert (answer["accepted"], answer["refused"], answer["credits_reserved"]) == (2, 1, 9)
    assert parts["ledger"].balance == 0
    # The refused item left no job behind
    assert sorted(parts["jobs"].jobs) == ["gen_0", "gen_2"]


def test_a_generation_over_the_plans_limits_is_refused_before_anything_is_recorded():
    # Given a plan with one job in flight already
    limits = InMemoryLimits(concurrent_jobs=1)
    generate, parts = service(limits=limits)
    generate.submit_request(principal=PRINCIPAL, single=GenerationRequest(prompt="first"))
    # When a second one is asked for
    with pytest.raises(RateLimited):
        generate.submit_request(principal=PRINCIPAL, single=GenerationRequest(prompt="second"))
    # Then no job is recorded, no credit reserved, nothing sent
    assert sorted(parts["jobs"].jobs) == ["gen_0"]
    assert parts["ledger"].operations == [("reserve", "gen_0", -1)]
    assert len(parts["endpoint"].submitted) == 1
    # And in a batch the refused item is answered alone, as rate_limited
    answer = generate.submit_request(principal=PRINCIPAL, batch=[GenerationRequest(prompt="b")])
    assert answer["items"][0]["error"]["code"] == "rate_limited"


def test_a_generation_short_of_credits_gives_back_its_slot_and_images():
    limits = InMemoryLimits()
    generate, parts = service(balance=0, limits=limits)
    with pytest.raises(InsufficientCredits):
        generate.submit_request(principal=PRINCIPAL, single=GenerationRequest(prompt="x", count=3))
    assert (limits.in_flight, limits.counted) == ({}, 0)
    assert parts["jobs"].jobs == {}


def test_a_job_accepted_by_the_endpoint_stays_accepted_when_marking_it_running_fails():
    generate, parts = service()
    parts["jobs"].running_fails = True
    answer = generate.submit_request(principal=PRINCIPAL, single=GenerationRequest(prompt="x"))
    assert answer["status"] == "queued"
    assert parts["ledger"].operations == [("reserve", "gen_0", -1)]


def test_wait_for_reads_with_a_growing_pause_until_the_job_finishes():
    # Given a job that finishes on the store's fourth read
    from photocen.generation.service import Generations
    from photocen.generation.view import JobViews

    from tests.unit.generation.fakes import FakeImages, InMemoryJobs, completed, make_job

    jobs = InMemoryJobs([make_job()])
    pauses: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        clock[0] += seconds
        if len(pauses) == 3:
            jobs.jobs["gen_1"] = completed(jobs.jobs["gen_1"])

    generations = Generations(jobs, FakeImages(), JobViews(FakeImages(), 60))  # type: ignore[arg-type]
    job = generations.wait_for("acct", "gen_1", 10, sleep=sleep, monotonic=lambda: clock[0])
    assert job is not None
    assert job.status == "completed"
    assert pauses == [0.05, 0.1, 0.2]


def test_wait_for_gives_up_at_its_deadline():
    from photocen.generation.service import Generations
    from photocen.generation.view import JobViews

    from tests.unit.generation.fakes import FakeImages, InMemoryJobs, make_job

    jobs = InMemoryJobs([make_job()])
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    generations = Generations(jobs, FakeImages(), JobViews(FakeImages(), 60))  # type: ignore[arg-type]
    assert generations.wait_for("acct", "gen_1", 3, sleep=sleep, monotonic=lambda: clock[0]) is None
    assert clock[0] == pytest.approx(3)
    # a read a second at most once the pause has grown
    assert len(jobs.reads) <= 8
