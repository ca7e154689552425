"""One view of a job (photocen.generation.view): the API's answers and the webhook payload
are projections of it, and their shapes are the ones callers and receivers know."""

from __future__ import annotations

import json
from dataclasses import replace

from photocen.generation.view import DATA_URL_BUDGET_BYTES, JobViews
from photocen.webhooks.model import EVENT_COMPLETED, EVENT_FAILED

from functions.generate.schemas import BatchItemOut, GenerateAccepted, JobOut
from tests.unit.generation.fakes import FakeImages, completed, make_job

VIEWS = JobViews(FakeImages(), 900)  # type: ignore[arg-type]


def test_a_completed_jobs_webhook_payload_is_the_documented_one_key_for_key():
    job = completed(make_job(prompt="a windmill", cost_per_image=2, reserved=4, count=2), 2)
    payload = VIEWS.webhook_payload(job, EVENT_COMPLETED)
    # The exact JSON receivers get (keys in this order: the signature covers the bytes)
    assert json.dumps(payload) == json.dumps(
        {
            "type": "generation.completed",
            "timestamp": "2026-01-01T00:00:09Z",
            "data": {
                "job_id": "gen_1",
                "status": "completed",
                "model": "flux-schnell",
                "prompt": "a windmill",
                "applied_region": "global",
                "searchable": True,
                "credits_reserved": 4,
                "credits_charged": 4,
                "job_url": "/v1/images/jobs/gen_1",
                "images": [
                    {
                        "image_id": f"gen_1_{n}",
                        "url": f"https://cache.example/images/acct/gen_1/{n}.png?expires=900",
                        "width": 512,
                        "height": 512,
                        "seed": 1 + n,
                    }
                    for n in range(2)
                ],
            },
        }
    )


def test_a_failed_jobs_webhook_payload_carries_the_error_instead_of_images():
    job = make_job(
        status="failed",
        charged=0,
        error_code="generation_failed",
        error_message="The image engine could not render this job.",
        completed_at=completed(make_job()).completed_at,
    )
    payload = VIEWS.webhook_payload(job, EVENT_FAILED)
    assert payload["type"] == "generation.failed"
    assert list(payload["data"]) == [
        "job_id",
        "status",
        "model",
        "prompt",
        "applied_region",
        "searchable",
        "credits_reserved",
        "credits_charged",
        "job_url",
        "error",
    ]
    assert payload["data"]["credits_charged"] == 0
    assert payload["data"]["error"] == {
        "code": "generation_failed",
        "message": "The image engine could not render this job.",
    }


def test_get_job_shows_the_view_without_the_accepted_answers_extras():
    job = completed(make_job(negative_prompt="blurry", style="noir"))
    shown = JobOut.model_validate(VIEWS.of(job)).model_dump(mode="json")
    assert list(shown) == [
        "id",
        "job_id",
        "status",
        "created_at",
        "updated_at",
        "completed_at",
        "prompt",
        "negative_prompt",
        "model",
        "style",
        "purpose",
        "quality",
        "upscale",
        "applied_region",
        "settings",
        "searchable",
        "expires_at",
        "expired",
        "estimated_cost",
        "credits_reserved",
        "credits_charged",
        "images",
        "engine_ms",
        "error",
        "response_format",
        "data_urls_omitted",
    ]
    assert shown["settings"] == {
        "width": 512,
        "height": 512,
        "steps": 4,
        "seed": 1,
        "cfg": 0.0,
        "count": 1,
    }
    assert shown["images"] == [
        {
            "image_id": "gen_1_0",
            "url": "https://cache.example/images/acct/gen_1/0.png?expires=900",
            "url_expires_in": 900,
            "catalog_id": None,
            "width": 512,
            "height": 512,
            "seed": 1,
            "content_type": "image/png",
            "bytes": 1234,
            "searchable": True,
            "data_url": None,
        }
    ]
    assert (shown["credits_charged"], shown["engine_ms"], shown["error"]) == (1, 41, None)


def test_the_accepted_answer_is_the_view_of_the_new_job():
    job = make_job(status="queued", region="jp", region_source="profile", searchable=False)
    answer = VIEWS.of(replace(job, status="running")).model_dump(mode="json")
    shown = GenerateAccepted.model_validate(answer).model_dump(mode="json")
    assert shown == {
        "job_id": "gen_1",
        "status": "running",
        "estimated_cost": 1,
        "credits_reserved": 1,
        "applied_region": "jp",
        "region_source": "profile",
        "model": "flux-schnell",
        "style": None,
        "purpose": "image",
        "quality": "standard",
        "upscale": 1,
        "settings": {"width": 512, "height": 512, "steps": 4, "seed": 1, "cfg": 0.0, "count": 1},
        "searchable": False,
        "poll_url": "/v1/images/jobs/gen_1",
        "created_at": "2026-01-01T00:00:00Z",
    }
    # A batch item shows the same fields, with its index and success
    item = BatchItemOut.model_validate({"index": 0, "success": True, **answer})
    assert item.model_dump(mode="json", exclude={"index", "success", "error"}) == shown


def test_data_urls_stop_at_the_budget_and_say_how_many_were_left_out():
    # Given a finished job of three images whose bytes only two fit the answer's budget
    job = completed(make_job(count=3), images=3)
    half = DATA_URL_BUDGET_BYTES // 2 - 10
    sizes = [half, half, half]
    job = replace(
        job, images=tuple(replace(i, bytes=n) for i, n in zip(job.images, sizes, strict=True))
    )
    images = FakeImages({i.key: b"\x89PNG" + b"x" * (i.bytes - 4) for i in job.images})
    view = JobViews(images, 60).of(job, data_urls=True)
    # Then the first two are inline, the third keeps only its URL, and the answer says so
    inline = [i.data_url for i in view.images]
    assert inline[0] is not None
    assert inline[0].startswith("data:image/png;base64,")
    assert inline[1] is not None
    assert inline[2] is None
    assert view.data_urls_omitted == 1
    assert view.response_format == "data_url"
    assert all(i.url for i in view.images)


def test_without_data_urls_no_image_is_read():
    class Refusing(FakeImages):
        def read_image(self, key: str, max_bytes: int) -> bytes | None:
            raise AssertionError("read an image although no data URL was asked for")

    view = JobViews(Refusing(), 60).of(completed(make_job()))
    assert view.images[0].data_url is None
    assert view.response_format == "url"
