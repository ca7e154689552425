"""Idempotency-Key: one job and one reservation per key, whatever happens."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from photocen.generation.idempotency import IdempotentSubmitter
from photocen.generation.model import GenerationRequest
from photocen.generation.wiring import generate_services
from photocen.platform.errors import IdempotencyInProgress, ServiceUnavailable
from photocen.platform.principal import Principal

from devstack.gateway import LambdaContext
from tests.integration.generation.helpers import assert_books_balance, generate


def _reservations(ledger, account_id):
    return [e for e in ledger.entries(account_id) if e.operation == "reserve"]


def test_same_key_and_body_answer_the_original_response_without_a_second_charge(
    api, new_account, ledger
):
    caller = new_account()
    key = str(uuid.uuid4())
    body = {"prompt": "a red bicycle", "settings": {"count": 2}}
    first = generate(api, caller.token, body, key)
    again = generate(api, caller.token, body, key)
    assert first.status == again.status == 202
    assert first.json() == again.json()
    assert len(_reservations(ledger, caller.account_id)) == 1
    assert assert_books_balance(ledger, caller.account_id) == 8


def test_same_key_with_another_body_is_idempotency_key_reused(api, new_account, ledger):
    caller = new_account()
    key = str(uuid.uuid4())
    assert generate(api, caller.token, {"prompt": "one"}, key).status == 202
    reused = generate(api, caller.token, {"prompt": "two"}, key)
    assert reused.status == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert len(_reservations(ledger, caller.account_id)) == 1


def test_keys_are_per_account(api, new_account, ledger):
    first, second = new_account(), new_account()
    key = str(uuid.uuid4())
    a = generate(api, first.token, {"prompt": "same"}, key).json()
    b = generate(api, second.token, {"prompt": "same"}, key).json()
    assert a["job_id"] != b["job_id"]


def test_a_refused_request_can_be_retried_with_its_key(api, new_account, ledger):
    caller = new_account()
    key = str(uuid.uuid4())
    body = {"prompt": "big", "model": "flux-2-dev", "settings": {"width": 1024, "height": 1024}}
    assert generate(api, caller.token, body, key).status == 402
    ledger.grant(caller.account_id, 100, "test:topup")
    assert generate(api, caller.token, body, key).status == 202


def test_ten_concurrent_requests_with_one_key_make_one_job_and_one_reservation(
    api, new_account, ledger
):
    # Given ten requests racing with the same key and body, as ten Lambda containers would
    caller = new_account()
    generate(api, caller.token, {"prompt": "warm-up"})  # cold start out of the race
    services = generate_services()
    principal = Principal(caller.account_id, "user", "studio")
    key = str(uuid.uuid4())
    body = {"prompt": "a lighthouse"}
    start = threading.Barrier(10)
    results: list[object] = []
    lock = threading.Lock()

    def request() -> None:
        start.wait()
        try:
            outcome: object = services.submit_idempotently(
                account_id=caller.account_id,
                idempotency_key=key,
                body=body,
                lambda_context=LambdaContext("generate"),
                principal=principal,
                single=GenerationRequest(prompt="a lighthouse"),
            )
        except IdempotencyInProgress as exc:
            outcome = exc
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=request) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then every thread answered (a crashed one would be missing), each with the one job or
    # "in progress", and one reservation was made
    assert len(results) == 10
    job_ids = {r["job_id"] for r in results if isinstance(r, dict)}
    assert len(job_ids) == 1
    assert all(isinstance(r, dict | IdempotencyInProgress) for r in results)
    assert len(_reservations(ledger, caller.account_id)) == 2  # the warm-up and this one
    listed = api.get("/v1/generations", token=caller.token).json()["data"]
    assert len([g for g in listed if g["prompt"] == "a lighthouse"]) == 1
    # And once it finished, the same key answers the stored response
    replay = generate(api, caller.token, body, key)
    assert replay.status == 202
    assert replay.json()["job_id"] in job_ids


def test_a_job_the_endpoint_took_is_accepted_even_when_marking_it_running_fails(
    api, new_account, ledger, flow, monkeypatch
):
    # Given a jobs store that fails to record "running" once the endpoint has taken the job
    caller = new_account()

    def unavailable(job_id: str) -> bool:
        raise ServiceUnavailable("the jobs store did not answer")

    monkeypatch.setattr(generate_services().service.jobs, "mark_running", unavailable)
    key = str(uuid.uuid4())
    body = {"prompt": "a kite"}
    # When a keyed request is sent, then retried with the same key
    first = generate(api, caller.token, body, key)
    again = generate(api, caller.token, body, key)
    # Then both answer 202 with the one job (still queued), reserved once
    assert first.status == again.status == 202
    assert first.json()["status"] == "queued"
    assert again.json()["job_id"] == first.json()["job_id"]
    assert len(_reservations(ledger, caller.account_id)) == 1
    # And a batch item in the same situation is accepted, not reported refused
    batch = generate(api, caller.token, {"items": [{"prompt": "a boat"}]}).json()
    assert (batch["accepted"], batch["refused"]) == (1, 0)
    assert batch["items"][0]["success"] is True
    # And both jobs finish and are settled as usual
    flow.run()
    for job_id in (first.json()["job_id"], batch["items"][0]["job_id"]):
        job = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
        assert job["status"] == "completed"
    assert assert_books_balance(ledger, caller.account_id) == 8


def test_the_idempotency_layer_is_built_on_the_first_keyed_request_not_at_cold_start(
    api, new_account, monkeypatch
):
    built: list[object] = []
    original = IdempotentSubmitter.__init__

    def counting(self: IdempotentSubmitter, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(IdempotentSubmitter, "__init__", counting)
    caller = new_account()
    # Given a cold container (a fresh composition root) serving reads and an unkeyed generate
    generate_services.cache_clear()
    assert api.get("/v1/generations", token=caller.token).status == 200
    assert generate(api, caller.token, {"prompt": "no key"}).status == 202
    # Then no idempotency layer was built
    assert built == []
    # When keyed requests come, the first builds it and the next reuses it
    assert generate(api, caller.token, {"prompt": "one"}, str(uuid.uuid4())).status == 202
    assert generate(api, caller.token, {"prompt": "two"}, str(uuid.uuid4())).status == 202
    assert len(built) == 1
