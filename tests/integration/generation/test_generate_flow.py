"""Generate → local inference runner → SNS → SQS → jobs function, in-process against moto."""

from __future__ import annotations

import io
import urllib.request

import pytest
from PIL import Image

from tests.crafted_images import data_url, encoded, png_declaring
from tests.integration.generation.helpers import assert_books_balance, generate, operations

# The smallest PNG (1x1), as a reference image
_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_generation_completes_settles_and_serves_its_image(api, new_account, ledger, flow):
    # Given a new account with its 10 free credits
    caller = new_account()
    # When it asks for one 512x512 image
    accepted = generate(api, caller.token, {"prompt": "a seaside cafe at golden hour"})
    assert accepted.status == 202
    body = accepted.json()
    assert body["estimated_cost"] == body["credits_reserved"] == 1
    assert body["applied_region"] == "global"
    job_id = body["job_id"]
    # Then the credits are reserved while the job runs
    assert ledger.balance(caller.account_id).balance == 9
    assert operations(ledger, caller.account_id, job_id) == ["reserve"]
    # When SageMaker's part and the jobs function have run
    flow.run()
    job = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
    # Then the job is complete, settled, and its image URL serves the picture
    assert job["status"] == "completed"
    assert job["credits_charged"] == 1
    assert operations(ledger, caller.account_id, job_id) == ["reserve", "settle"]
    image = job["images"][0]
    assert (image["width"], image["height"]) == (512, 512)
    with urllib.request.urlopen(image["url"], timeout=10) as response:
        picture = Image.open(io.BytesIO(response.read()))
    assert picture.size == (512, 512)
    assert assert_books_balance(ledger, caller.account_id) == 9


def test_the_local_endpoint_answers_an_invocation_without_moto(api, aws, new_account, flow):
    # moto would record each InvokeEndpointAsync by creating an S3 bucket it never deletes
    s3 = aws.client("s3")
    buckets = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    caller = new_account()
    accepted = generate(api, caller.token, {"prompt": "a lighthouse"})
    assert accepted.status == 202
    assert {b["Name"] for b in s3.list_buckets()["Buckets"]} == buckets
    # and the job still runs end to end
    flow.run()
    job = api.get(f"/v1/images/jobs/{accepted.json()['job_id']}", token=caller.token).json()
    assert job["status"] == "completed"


def test_a_failed_inference_is_refunded(api, new_account, ledger, flow_factory):
    flow = flow_factory(local_inference_failure_rate=1.0)
    caller = new_account()
    job_id = generate(api, caller.token, {"prompt": "a forest"}).json()["job_id"]
    flow.run()
    job = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
    assert job["status"] == "failed"
    assert job["error"]["code"] == "generation_failed"
    assert job["credits_charged"] == 0
    assert operations(ledger, caller.account_id, job_id) == ["refund", "reserve"]
    assert assert_books_balance(ledger, caller.account_id) == 10


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"prompt": ""}, "prompt"),
        ({"prompt": "x" * 2001}, "prompt"),
        ({"prompt": "a", "settings": {"count": 11}}, "settings.count"),
        ({"prompt": "a", "settings": {"width": 8192}}, "settings.width"),
        ({"prompt": "a", "model": "stable-diffusion-xl", "settings": {"width": 256}}, "width"),
        ({"prompt": "a", "model": "flux-schnell", "settings": {"steps": 60}}, "settings.steps"),
        ({"prompt": "a", "settings": {"steps": 61}}, "settings.steps"),  # beyond every model
        ({"prompt": "a", "model": "no-such-model"}, "model"),
        ({"prompt": "a", "style": {"preset": "nope"}}, "style.preset"),
        ({"prompt": "a", "region": "zz"}, "region"),
        ({"prompt": "a", "webhook_url": "http://example.com/hook"}, "webhook_url"),
        ({"prompt": "a", "webhook_url": "https://[::a9fe:a9fe]/hook"}, "webhook_url"),
        ({"prompt": "a", "unknown_field": 1}, "unknown_field"),
        ({"prompt": "a", "items": [{"prompt": "b"}]}, "body"),
        ({"items": [{"prompt": "b"}, {"prompt": "c", "settings": {"count": 0}}]}, "items.1"),
        (
            {"items": [{"prompt": "b"}, {"prompt": "c", "settings": {"count": 0}}]},
            "body.items.1.settings.count",
        ),
        ({"prompt": "a", "reference_images": [{"image_id": "abc"}]}, "reference_images.0.image_id"),
        (
            {
                "items": [
                    {"prompt": "b", "reference_images": [{"data_url": _PNG}, {"image_id": "x"}]}
                ]
            },
            "body.items.0.reference_images.1.image_id",
        ),
        # Blank prompts and control characters in any text that reaches the engine
        ({"prompt": " \t\n "}, "body.prompt: must not be blank"),
        ({"prompt": "a\x00b"}, "body.prompt: must not contain control characters"),
        ({"prompt": "red\x1b[0m"}, "body.prompt: must not contain control characters"),
        ({"prompt": "a\x7f"}, "body.prompt: must not contain control characters"),
        ({"prompt": "a", "negative_prompt": "\x08"}, "body.negative_prompt: must not contain"),
        (
            {"prompt": "a", "style": {"style_override": "ink\x00"}},
            "body.style.StyleIn.style_override: must not contain",
        ),
        ({"items": [{"prompt": "b"}, {"prompt": "   "}]}, "body.items.1.prompt: must not be blank"),
        ({"items": [{"prompt": "b\x0c"}]}, "body.items.0.prompt: must not contain control"),
        (
            {"items": [{"prompt": "b"}], "negative_prompt": "\x00"},
            "body.negative_prompt: must not contain",
        ),
    ],
)
def test_invalid_requests_are_422_naming_the_field_and_never_charged(
    api, new_account, ledger, body, field
):
    caller = new_account()
    response = generate(api, caller.token, body)
    assert response.status == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["message"]
    assert ledger.balance(caller.account_id).balance == 10
    assert api.get("/v1/generations", token=caller.token).json()["data"] == []


def test_items_null_is_no_batch_and_the_single_generation_goes_ahead(api, new_account, ledger):
    caller = new_account()
    response = generate(api, caller.token, {"prompt": "a lighthouse", "items": None})
    assert response.status == 202, response.body
    assert response.json()["credits_reserved"] == 1
    assert ledger.balance(caller.account_id).balance == 9


def test_prompts_keep_their_line_breaks_and_tabs(api, new_account):
    caller = new_account()
    response = generate(api, caller.token, {"prompt": "a lighthouse,\n\tat dusk\r\n"})
    assert response.status == 202, response.body
    job = api.get(f"/v1/images/jobs/{response.json()['job_id']}", token=caller.token).json()
    assert job["prompt"] == "a lighthouse,\n\tat dusk\r\n"


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        (data_url("image/png", b"plain text, labelled a PNG"), "not a readable image/png image"),
        (data_url("image/jpeg", encoded("PNG")), "not a readable image/jpeg image"),
        (data_url("image/webp", encoded("PNG")), "not a readable image/webp image"),
        (data_url("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHD"), "not a readable"),
        # 77 bytes declaring 2.5 gigapixels (Pillow's own bomb check fires first)
        (data_url("image/png", png_declaring(50_000, 50_000)), "more than 16,777,216 pixels"),
        # under Pillow's limit, over ours
        (data_url("image/png", png_declaring(5000, 5000)), "declares 5000x5000"),
    ],
)
def test_a_reference_image_that_is_not_what_it_says_or_too_large_is_422_and_free(
    api, new_account, ledger, reference, reason
):
    # Given a new account with its 10 free credits
    caller = new_account()
    # When it sends a reference image whose bytes do not match its label or its size is absurd
    response = generate(
        api, caller.token, {"prompt": "a", "reference_images": [{"data_url": reference}]}
    )
    # Then it is refused at submission, naming the field, and nothing is charged or queued
    assert response.status == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("body.reference_images.0.data_url: ")
    assert reason in error["message"]
    assert ledger.balance(caller.account_id).balance == 10
    assert api.get("/v1/generations", token=caller.token).json()["data"] == []


def test_small_png_jpeg_and_webp_references_are_accepted(api, new_account, ledger):
    caller = new_account()
    references = [
        {"data_url": data_url("image/png", encoded("PNG"))},
        {"data_url": data_url("image/jpeg", encoded("JPEG"))},
        {"data_url": data_url("image/webp", encoded("WEBP"))},
    ]
    response = generate(api, caller.token, {"prompt": "a", "reference_images": references})
    assert response.status == 202
    assert ledger.balance(caller.account_id).balance == 9


def test_not_enough_credits_is_402_and_leaves_no_job(api, new_account, ledger):
    caller = new_account()
    response = generate(
        api,
        caller.token,
        {
            "prompt": "a",
            "model": "stable-diffusion-xl",
            "settings": {"width": 1024, "height": 1024},
        },
    )  # 8 credits per image
    assert response.status == 202
    second = generate(
        api,
        caller.token,
        {
            "prompt": "b",
            "model": "stable-diffusion-xl",
            "settings": {"width": 1024, "height": 1024},
        },
    )
    assert second.status == 402
    assert second.json()["error"]["code"] == "insufficient_credits"
    assert len(api.get("/v1/generations", token=caller.token).json()["data"]) == 1
    assert assert_books_balance(ledger, caller.account_id) == 2


def test_a_batch_answers_per_item_and_one_short_item_sinks_no_other(api, new_account, ledger, flow):
    caller = new_account()
    big = {"model": "stable-diffusion-xl", "settings": {"width": 1024, "height": 1024}}
    response = generate(
        api,
        caller.token,
        {
            "items": [
                {"prompt": "first", **big},
                {"prompt": "second", **big},
                {"prompt": "third", "width": 512, "height": 512},
            ]
        },
    )
    assert response.status == 202
    body = response.json()
    assert [i["success"] for i in body["items"]] == [True, False, True]
    assert body["items"][1]["error"]["code"] == "insufficient_credits"
    assert body["credits_reserved"] == 9
    flow.run()
    for item in (body["items"][0], body["items"][2]):
        job = api.get(f"/v1/images/jobs/{item['job_id']}", token=caller.token).json()
        assert job["status"] == "completed"
    assert assert_books_balance(ledger, caller.account_id) == 1


def test_count_makes_that_many_images_with_consecutive_seeds(api, new_account, flow):
    caller = new_account()
    body = generate(
        api, caller.token, {"prompt": "hills", "settings": {"count": 3, "seed": 100}}
    ).json()
    assert body["estimated_cost"] == 3
    flow.run()
    job = api.get(f"/v1/images/jobs/{body['job_id']}", token=caller.token).json()
    assert [i["seed"] for i in job["images"]] == [100, 101, 102]
    assert job["credits_charged"] == 3


def test_the_flat_form_of_other_image_apis_is_accepted(api, new_account):
    caller = new_account()
    response = generate(
        api,
        caller.token,
        {"prompt": "a neon samurai", "style": "cinematic", "width": 768, "height": 512},
    )
    assert response.status == 202
    body = response.json()
    assert body["style"] == "cinematic"
    assert (body["settings"]["width"], body["settings"]["height"]) == (768, 512)
