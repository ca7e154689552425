"""``Prefer: wait`` and ``response_format``: one request that answers the finished job."""

from __future__ import annotations

import base64
import io
import threading
from typing import Any

import pytest
from PIL import Image

from tests.integration.generation.helpers import assert_books_balance


def _generate(api: Any, token: str, body: dict[str, Any], **headers: str) -> Any:
    return api.post("/v1/images/generate", token=token, body=body, headers=headers or None)


class _Background:
    """SageMaker's part and the jobs consumer, run over and over while a request is held."""

    def __init__(self, flow: Any) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(flow,), daemon=True)
        self._thread.start()

    def _loop(self, flow: Any) -> None:
        while not self._stop.wait(0.1):
            flow.run()

    def join(self) -> None:
        self._stop.set()
        self._thread.join()


def _run_soon(flow: Any) -> _Background:
    return _Background(flow)


def test_prefer_wait_answers_200_with_the_finished_job(api, new_account, ledger, flow):
    caller = new_account()
    worker = _run_soon(flow)
    # When a generation is asked for with Prefer: wait=10
    answer = _generate(api, caller.token, {"prompt": "a red bicycle"}, Prefer="wait=10")
    worker.join()
    # Then the request was held until the job finished: 200 with its image
    assert answer.status == 200, answer.json()
    assert answer.headers["Preference-Applied"] == "wait=10"
    job = answer.json()
    assert job["status"] == "completed"
    assert job["credits_charged"] == 1
    assert job["images"][0]["url"].startswith("http")
    assert job["images"][0]["data_url"] is None
    assert assert_books_balance(ledger, caller.account_id) == 9


def test_data_url_answers_the_image_inline(api, new_account, flow):
    caller = new_account()
    worker = _run_soon(flow)
    body = {"prompt": "a lighthouse", "response_format": "data_url", "width": 256, "height": 256}
    answer = _generate(api, caller.token, body, Prefer="wait")
    worker.join()
    assert answer.status == 200
    assert answer.headers["Preference-Applied"] == "wait=25"
    job = answer.json()
    assert job["response_format"] == "data_url"
    assert job["data_urls_omitted"] == 0
    head, payload = job["images"][0]["data_url"].split(",", 1)
    assert head == "data:image/png;base64"
    assert Image.open(io.BytesIO(base64.b64decode(payload))).size == (256, 256)
    # and the job can be read back the same way
    again = api.get(
        f"/v1/images/jobs/{job['job_id']}?response_format=data_url", token=caller.token
    ).json()
    assert again["images"][0]["data_url"] == job["images"][0]["data_url"]


def test_a_job_not_finished_in_time_is_answered_202(api, new_account, flow):
    caller = new_account()
    # Nothing runs the endpoint's part: the job cannot finish within the second
    answer = _generate(api, caller.token, {"prompt": "a fox"}, Prefer="wait=1")
    assert answer.status == 202
    assert answer.headers["Preference-Applied"] == "wait=1"
    assert answer.json()["status"] in ("queued", "running")


def test_an_idempotent_replay_waits_the_same_way(api, new_account, ledger, flow):
    caller = new_account()
    key = "9d0c7f5e-1b6e-4d55-9a38-0c1a4e2f7a10"
    first = _generate(api, caller.token, {"prompt": "a cat"}, Prefer="wait=1")
    assert first.status == 202
    flow.run()
    # When the same request is sent again with its key... (first without a key: send both)
    keyed = _generate(
        api, caller.token, {"prompt": "a dog"}, Prefer="wait=1", **{"Idempotency-Key": key}
    )
    assert keyed.status == 202
    flow.run()
    replay = _generate(
        api, caller.token, {"prompt": "a dog"}, Prefer="wait=5", **{"Idempotency-Key": key}
    )
    # Then the replay is the same job, now answered finished, and nothing more was charged
    assert replay.status == 200
    assert replay.json()["job_id"] == keyed.json()["job_id"]
    assert assert_books_balance(ledger, caller.account_id) == 8


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"prompt": "a"}, {"Prefer": "wait=abc"}, "header.Prefer"),
        ({"prompt": "a"}, {"Prefer": "wait=0"}, "header.Prefer"),
        ({"prompt": "a"}, {"Prefer": "wait=-3"}, "header.Prefer"),
        ({"prompt": "a", "response_format": "b64_json"}, {}, "response_format"),
        ({"prompt": "a", "response_format": None}, {}, "response_format"),
        ({"items": [{"prompt": "a", "response_format": "data_url"}]}, {}, "response_format"),
    ],
)
def test_bad_wait_or_format_is_422_and_charges_nothing(
    api, new_account, ledger, body, headers, field
):
    caller = new_account()
    answer = _generate(api, caller.token, body, **headers)
    assert answer.status == 422, answer.json()
    error = answer.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["message"]
    assert assert_books_balance(ledger, caller.account_id) == 10
