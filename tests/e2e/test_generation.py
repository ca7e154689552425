"""Generation over HTTP against the local stack, the way a user calls it."""

from __future__ import annotations

import io
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PIL import Image
from standardwebhooks import Webhook

from tests.conftest import LocalStack, start_local_stack, stop_local_stack


def call(
    stack: LocalStack,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        stack.base_url + path,
        data=data,
        method=method,
        headers={
            "Authorization": f"Bearer {stack.token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_finished(stack: LocalStack, job_id: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status, job = call(stack, "GET", f"/v1/images/jobs/{job_id}")
        assert status == 200
        if job["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.02)


def test_generate_then_poll_completes_in_under_two_seconds(local_stack):
    # Given the running stack (one throw-away job warms its containers, as a user's first
    # request would)
    _, warm = call(local_stack, "POST", "/v1/images/generate", {"prompt": "warm up"})
    wait_finished(local_stack, warm["job_id"], timeout=10)
    # When a 512x512 image is asked for and polled
    started = time.monotonic()
    status, accepted = call(
        local_stack,
        "POST",
        "/v1/images/generate",
        {"prompt": "a seaside cafe at golden hour", "settings": {"width": 512, "height": 512}},
        {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 202
    job = wait_finished(local_stack, accepted["job_id"], timeout=10)
    elapsed = time.monotonic() - started
    # Then it completed in under 2 s and its URL downloads the picture
    assert job["status"] == "completed"
    assert elapsed < 2.0, f"generate → completed took {elapsed:.2f} s"
    with urllib.request.urlopen(job["images"][0]["url"], timeout=10) as response:
        picture = Image.open(io.BytesIO(response.read()))
    assert picture.size == (512, 512)
    # And the ledger shows the reservation, then the settlement
    status, history = call(local_stack, "GET", "/v1/account/ledger")
    ops = [e["operation"] for e in history["entries"] if e["reference"] == accepted["job_id"]]
    assert ops == ["reserve", "settle"]


def test_ten_concurrent_requests_with_one_key_make_one_job(local_stack):
    key = str(uuid.uuid4())
    body = {"prompt": f"a lighthouse {key}"}
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def send() -> None:
        answer = call(local_stack, "POST", "/v1/images/generate", body, {"Idempotency-Key": key})
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=send) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = {a["job_id"] for s, a in answers if s == 202}
    assert len(accepted) == 1
    assert all(s in (202, 409) for s, _ in answers)
    job_id = accepted.pop()
    _, history = call(local_stack, "GET", "/v1/account/ledger?limit=500")
    reserves = [e for e in history["entries"] if e["operation"] == "reserve"]
    assert [e["reference"] for e in reserves].count(job_id) == 1
    _, page = call(local_stack, "GET", "/v1/generations?limit=100")
    assert [g["prompt"] for g in page["data"]].count(body["prompt"]) == 1


class Receiver:
    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()
                receiver.arrived.set()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()


def test_a_loopback_receiver_gets_a_verifiable_generation_completed(local_stack, receiver):
    status, accepted = call(
        local_stack,
        "POST",
        "/v1/images/generate",
        {"prompt": "a red bicycle", "webhook_url": receiver.url},
    )
    assert status == 202
    assert receiver.arrived.wait(10)
    headers, body = receiver.calls[0]
    _, secret = call(local_stack, "GET", "/v1/webhooks/secret")
    payload = Webhook(secret["secret"]).verify(body, headers)
    assert payload["type"] == "generation.completed"
    assert payload["data"]["job_id"] == accepted["job_id"]


def test_with_fault_injection_every_failed_or_lost_inference_is_refunded(tmp_path):
    # Given a stack whose runner fails or drops most inferences and whose sweeper gives up
    # on a job two seconds after it was accepted
    stack = start_local_stack(
        tmp_path,
        PHOTOCEN_AUTHORIZER_CACHE_TTL="0",
        PHOTOCEN_LOCAL_INFERENCE_FAILURE_RATE="0.3",
        PHOTOCEN_LOCAL_INFERENCE_DROP_RATE="0.3",
        PHOTOCEN_LOCAL_FAULT_SEED="11",
        PHOTOCEN_INFERENCE_QUEUE_TTL_SECONDS="1",
        PHOTOCEN_INFERENCE_TIMEOUT_SECONDS="1",
        PHOTOCEN_SWEEP_GRACE_SECONDS="0",
        PHOTOCEN_LOCAL_SWEEP_INTERVAL_SECONDS="0.5",
    )
    try:
        job_ids = []
        for n in range(10):
            status, accepted = call(stack, "POST", "/v1/images/generate", {"prompt": f"job {n}"})
            assert status == 202
            job_ids.append(accepted["job_id"])
        # When every job has finished one way or another
        jobs = [wait_finished(stack, job_id, timeout=15) for job_id in job_ids]
        statuses = {j["status"] for j in jobs}
        # Then failed ones charged nothing, and the balance is the ledger's sum
        assert statuses == {"completed", "failed"}
        assert all(j["credits_charged"] == 0 for j in jobs if j["status"] == "failed")
        codes = {j["error"]["code"] for j in jobs if j["status"] == "failed"}
        assert codes == {"generation_failed", "generation_timeout"}
        _, history = call(stack, "GET", "/v1/account/ledger?limit=500")
        assert history["credits"] == sum(e["amount"] for e in history["entries"])
        charged = sum(j["credits_charged"] for j in jobs)
        assert history["credits"] == 1000 - charged
    finally:
        stop_local_stack(stack)
