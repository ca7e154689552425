"""Job <-> JobRecord and StyleMemory <-> ProfileRecord: one mapping each way, over shared
field lists, that keeps every value and writes the items the tables always held."""

from __future__ import annotations

from dataclasses import replace

from photocen.generation import store
from photocen.generation.model import Job
from photocen.generation.style_memory import StyleMemory, learn

from tests.unit.generation.fakes import completed, make_job


def test_a_job_comes_back_from_its_record_as_it_went_in():
    for job in (
        make_job(status="queued", deadline=1_700_000_000, webhook_url="https://hooks.example"),
        completed(make_job(count=3, cfg=7.5, style="noir"), 3),
        make_job(status="failed", charged=0, error_code="generation_timeout", error_message="m"),
        make_job(purpose="logo", quality="ultra", upscale=4),
    ):
        assert store._job(store._record(job)) == job


def test_numbers_come_back_as_the_types_the_job_declares():
    # DynamoDB hands numbers back in its own normal form: a cfg of 7.0 reads as 7
    record = store._record(make_job(cfg=7.0))
    record.cfg = 7
    record.width = 512.0
    job = store._job(record)
    assert isinstance(job.cfg, float)
    assert isinstance(job.width, int)


def test_a_new_jobs_item_has_the_attributes_it_always_had():
    job = Job.accept(
        make_job(),
        job_id="gen_new",
        account_id="acct",
        now=make_job().created_at,
        deadline=1_700_000_000,
    )
    item = store._record(job).serialize()
    assert set(item) == {
        "job_id",
        "account_id",
        "status",
        "created_at",
        "updated_at",
        "prompt",
        "final_prompt",
        "negative_prompt",
        "model",
        "width",
        "height",
        "steps",
        "cfg",
        "seed",
        "image_count",
        "region",
        "region_source",
        "searchable",
        "cost_per_image",
        "reserved",
        "webhook_enqueued",
        "pending",
        "deadline",
        # what the job asked of its finish (issue 11)
        "purpose",
        "quality",
        "upscale",
    }
    assert item["status"] == {"S": "queued"}
    assert item["pending"] == {"S": store.PENDING}
    # A finished job is off the sweeper's sparse index
    assert "pending" not in store._record(replace(job, status="failed")).serialize()


def test_a_style_memory_comes_back_from_its_record_as_it_went_in():
    memory = learn(
        StyleMemory(preset="noir", keywords=("rain", "neon"), default_region="jp"),
        "watercolor",
        "a lighthouse over a stormy harbour",
    )
    record = store._write(memory, store.ProfileRecord("acct"))
    assert store._memory(record) == memory
    # An empty memory leaves its lists and maps out of the item
    empty = store._write(StyleMemory(), store.ProfileRecord("acct")).serialize()
    assert not {"keywords", "learned_styles", "learned_keywords"} & set(empty)
