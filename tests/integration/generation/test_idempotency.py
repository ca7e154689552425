"""Idempotency-Key: one job and one reservation per key, whatever happens."""

from __future__ import annotations

import threading
import uuid

from photocen.accounts import Principal
from photocen.errors import IdempotencyInProgress
from photocen.generation.model import ItemRequest
from photocen.generation.wiring import generate_services

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
    principal = Principal(caller.account_id, "user", "free")
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
                lambda_context=None,
                principal=principal,
                single=ItemRequest(prompt="a lighthouse"),
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
    # Then every answer is the one job or "in progress", and one reservation was made
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
