"""POST /v1/prompt/enhance and /v1/prompt/build through the gateway: a token is needed,
nothing is charged, the writer is honestly named, bad input is a 422."""

from __future__ import annotations

import pytest


def test_enhance_and_build_answer_a_prompt_labelled_rules_and_charge_nothing(
    api, new_account, ledger
):
    caller = new_account()
    enhanced = api.post(
        "/v1/prompt/enhance",
        token=caller.token,
        body={"prompt": "robot reading a book", "tone": "anime, cozy"},
    )
    assert enhanced.status == 200, enhanced.json()
    assert enhanced.json()["engine"] == "rules"
    assert enhanced.json()["prompt"].startswith("robot reading a book, anime, cozy")
    built = api.post(
        "/v1/prompt/build",
        token=caller.token,
        body={"subject": "fox in a scarf", "setting": "snowy forest", "art_style": "watercolor"},
    )
    assert built.status == 200
    assert built.json() == {
        "prompt": "watercolor of fox in a scarf in snowy forest",
        "engine": "rules",
    }
    # The written prompt is one generate takes
    assert (
        api.post(
            "/v1/images/generate", token=caller.token, body={"prompt": built.json()["prompt"]}
        ).status
        == 202
    )
    assert ledger.balance(caller.account_id).balance == 9  # the generation only


def test_the_prompt_tools_need_a_token(api):
    assert api.post("/v1/prompt/enhance", body={"prompt": "a cat"}).status == 401
    assert api.post("/v1/prompt/build", body={"subject": "a cat"}).status == 401


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/prompt/enhance", {}, "prompt"),
        ("/v1/prompt/enhance", {"prompt": ""}, "prompt"),
        ("/v1/prompt/enhance", {"prompt": "   "}, "prompt"),
        ("/v1/prompt/enhance", {"prompt": "a\x00"}, "prompt"),
        ("/v1/prompt/enhance", {"prompt": "a" * 2001}, "prompt"),
        ("/v1/prompt/enhance", {"prompt": "a", "tone": "t" * 201}, "tone"),
        ("/v1/prompt/enhance", {"prompt": "a", "style": "x"}, "style"),
        ("/v1/prompt/build", {}, "at least one of subject"),
        ("/v1/prompt/build", {"subject": "  "}, "at least one of subject"),
        ("/v1/prompt/build", {"subject": 3}, "subject"),
        ("/v1/prompt/build", {"camera": "c" * 301}, "camera"),
        ("/v1/prompt/build", {"mood": "\x1b[0m"}, "mood"),
        ("/v1/prompt/build", {"colour": "red"}, "colour"),
    ],
)
def test_bad_prompt_requests_are_422(api, new_account, ledger, path, body, field):
    caller = new_account()
    answer = api.post(path, token=caller.token, body=body)
    assert answer.status == 422, answer.json()
    assert answer.json()["error"]["code"] == "validation_error"
    assert field in answer.json()["error"]["message"]
    assert ledger.balance(caller.account_id).balance == 10
