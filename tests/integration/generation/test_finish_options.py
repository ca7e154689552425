"""``quality``, ``upscale`` and ``purpose``: priced by the documented formula, upscale only
on the plans that sell it, sent to the engine; bad values are 422 and charge nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.generation.helpers import assert_books_balance, generate


def _input_document(aws: Any, job_id: str) -> dict[str, Any]:
    """What the endpoint was sent for a job (the generate function's S3 input)."""
    import os

    bucket = os.environ["PHOTOCEN_SAGEMAKER_IO_BUCKET"]
    body = aws.client("s3").get_object(Bucket=bucket, Key=f"input/{job_id}.json")["Body"]
    return json.loads(body.read())


@pytest.mark.parametrize(
    ("fields", "cost"),
    [
        ({}, 1),  # 512² x 4 steps: the least
        ({"quality": "hd", "width": 1024, "height": 1024, "steps": 10}, 3),  # 4 x 0.4 x 1.5 = 2.4
        ({"quality": "ultra", "width": 1024, "height": 1024, "steps": 10}, 4),  # 3.2
        ({"upscale": True, "width": 1024, "height": 1024, "steps": 10}, 4),  # 1.6 x 2 = 3.2
        ({"upscale": 4, "quality": "ultra", "width": 1024, "height": 1024, "steps": 10}, 7),
    ],
)
def test_quality_and_upscale_are_priced_by_the_formula(
    api, aws, new_account, accounts, fields, cost
):
    caller = new_account(plan="studio")
    answer = generate(api, caller.token, {"prompt": "a red bicycle", **fields})
    assert answer.status == 202, answer.json()
    body = answer.json()
    assert body["estimated_cost"] == body["credits_reserved"] == cost
    sent = _input_document(aws, body["job_id"])
    assert sent["quality"] == fields.get("quality", "standard")
    assert sent["upscale"] == (4 if fields.get("upscale") in (True, 4) else 1)
    assert body["upscale"] == sent["upscale"]


def test_upscale_is_refused_403_on_a_plan_without_it(api, new_account, ledger):
    caller = new_account(plan="pro")
    answer = generate(api, caller.token, {"prompt": "a fox", "upscale": True})
    assert answer.status == 403
    error = answer.json()["error"]
    assert error["code"] == "forbidden"
    assert "upscale" in error["message"]
    assert "studio" in error["message"]
    assert assert_books_balance(ledger, caller.account_id) == 10


def test_products_and_logos_are_the_same_request_with_their_own_defaults(api, aws, new_account):
    caller = new_account()
    for purpose, words in (("product", "clean seamless background"), ("logo", "flat vector")):
        answer = generate(api, caller.token, {"prompt": "a coffee cup", "purpose": purpose})
        assert answer.status == 202
        assert answer.json()["purpose"] == purpose
        sent = _input_document(aws, answer.json()["job_id"])
        assert sent["purpose"] == purpose
        assert sent["prompt"].startswith("a coffee cup")
        assert words in sent["prompt"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quality": "max"}, "quality"),
        ({"quality": 3}, "quality"),
        ({"upscale": 2}, "upscale"),
        ({"upscale": "yes"}, "upscale"),
        ({"purpose": "banner"}, "purpose"),
        ({"upscale": True, "width": 2048, "height": 1024}, "body.width: with upscale"),
        ({"items": [{"prompt": "a", "quality": "max"}]}, "items.0.quality"),
    ],
)
def test_bad_finish_options_are_422_and_charge_nothing(api, new_account, ledger, fields, field):
    caller = new_account(plan="studio")
    body = {"prompt": "a lamp", **fields}
    if "items" in fields:
        body.pop("prompt")
    answer = generate(api, caller.token, body)
    assert answer.status == 422, answer.json()
    assert answer.json()["error"]["code"] == "validation_error"
    assert field in answer.json()["error"]["message"]
    assert assert_books_balance(ledger, caller.account_id) == 10


def test_models_say_how_quality_and_upscale_are_priced(api):
    models = api.get("/v1/models").json()
    assert models["quality_factors"] == {"standard": 1.0, "hd": 1.5, "ultra": 2.0}
    assert models["upscale_factor"] == 2.0
    assert models["upscale_plans"] == ["studio", "partner"]
    assert models["max_output_edge"] == 4096
    assert "quality_factor" in models["pricing"]


def test_the_documents_example_without_a_model_runs_on_a_model_it_fits(api, new_account):
    # The PhotoCen document's generate example names no model and asks 30 steps at cfg 7
    caller = new_account()
    answer = generate(
        api,
        caller.token,
        {
            "prompt": "a seaside cafe at golden hour",
            "negative_prompt": "blurry, watermark",
            "region": "jp",
            "settings": {"width": 1024, "height": 1024, "steps": 30, "seed": None, "cfg": 7},
            "style": {"use_style_memory": True, "style_override": None},
            "options": {"not_searchable": False},
        },
    )
    assert answer.status == 202, answer.json()
    body = answer.json()
    assert body["model"] == "stable-diffusion-xl"
    assert body["estimated_cost"] == 8  # 4 x 1.2 x 1.5 = 7.2
