"""A webhook receiver on loopback gets generation.completed, signed the Standard way."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from tests.integration.generation.helpers import generate


class Receiver:
    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.calls: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/photocen"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver([])
    yield made
    made.server.shutdown()


def test_receiver_gets_completed_event_and_the_signature_verifies(api, new_account, flow, receiver):
    caller = new_account()
    job_id = generate(
        api, caller.token, {"prompt": "a windmill", "webhook_url": receiver.url}
    ).json()["job_id"]
    flow.run()
    assert flow.deliver_webhooks() == 1
    headers, body = receiver.calls[0]
    secret = api.get("/v1/webhooks/secret", token=caller.token).json()["secret"]
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "generation.completed"
    assert payload["data"]["job_id"] == job_id
    assert payload["data"]["images"][0]["url"].startswith("http")
    assert headers["webhook-id"] == f"msg_{job_id}_completed"


def test_failed_generation_sends_generation_failed(api, new_account, flow_factory, receiver):
    flow = flow_factory(local_inference_failure_rate=1.0)
    caller = new_account()
    generate(api, caller.token, {"prompt": "x", "webhook_url": receiver.url})
    flow.run()
    flow.deliver_webhooks()
    payload = json.loads(receiver.calls[0][1])
    assert payload["type"] == "generation.failed"
    assert payload["data"]["error"]["code"] == "generation_failed"


def test_a_failed_delivery_is_retried_after_a_backoff_with_the_same_webhook_id(
    api, new_account, flow
):
    receiver = Receiver([500])
    try:
        caller = new_account()
        generate(api, caller.token, {"prompt": "retry me", "webhook_url": receiver.url})
        flow.run()
        flow.deliver_webhooks()  # answered 500: the message waits out its backoff (1 s here)
        assert len(receiver.calls) == 1
        assert flow.deliver_webhooks() == 0  # not visible yet
        time.sleep(1.2)
        flow.deliver_webhooks()
        assert len(receiver.calls) == 2
        assert receiver.calls[0][0]["webhook-id"] == receiver.calls[1][0]["webhook-id"]
    finally:
        receiver.server.shutdown()


def test_rotating_the_secret_keeps_the_old_one_signing_for_a_day(api, new_account, flow, receiver):
    caller = new_account()
    old = api.get("/v1/webhooks/secret", token=caller.token).json()["secret"]
    rotated = api.post("/v1/webhooks/secret/rotate", token=caller.token).json()
    assert rotated["secret"] != old
    assert rotated["previous_secret"] == old
    generate(api, caller.token, {"prompt": "rotation", "webhook_url": receiver.url})
    flow.run()
    flow.deliver_webhooks()
    headers, body = receiver.calls[0]
    Webhook(old).verify(body, headers)
    Webhook(rotated["secret"]).verify(body, headers)


def test_a_batch_whose_every_delivery_fails_reports_each_and_is_no_lambda_error(
    aws, api, new_account, flow
):
    # Given two queued webhooks and a receiver that is down (answers 503)
    receiver = Receiver([503, 503])
    try:
        caller = new_account()
        for n in range(2):
            generate(api, caller.token, {"prompt": f"down {n}", "webhook_url": receiver.url})
        flow.run()
        sqs, url = aws.client("sqs"), flow.webhooks.queue_url
        messages: list[dict] = []
        for _ in range(20):
            if len(messages) == 2:
                break
            messages += sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
            ).get("Messages", [])
        # When one invocation gets both and both deliveries fail
        event = {"Records": [flow.webhooks._record(m) for m in messages]}
        result = flow.functions.invoke("webhooks", event)
        # Then the function returns (no error) and names every record as a failure
        assert len(receiver.calls) == 2
        assert sorted(f["itemIdentifier"] for f in result["batchItemFailures"]) == sorted(
            m["MessageId"] for m in messages
        )
        # And SQS retries them after their backoff, as before, with the same webhook-ids
        time.sleep(1.2)
        assert flow.deliver_webhooks() == 2
        assert len(receiver.calls) == 4
        assert {c[0]["webhook-id"] for c in receiver.calls[:2]} == {
            c[0]["webhook-id"] for c in receiver.calls[2:]
        }
    finally:
        receiver.server.shutdown()
