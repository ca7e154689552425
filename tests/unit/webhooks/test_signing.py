"""Webhook signatures verify with the Standard Webhooks reference implementation."""

import base64
import itertools
import json
import time

import pytest
from photocen.webhooks.signing import (
    backoff_seconds,
    new_secret,
    sign,
    signature_headers,
    webhook_id_for,
)
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def test_secret_has_the_whsec_prefix_and_enough_entropy():
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) >= 24
    assert new_secret() != secret


def test_signature_verifies_with_the_reference_algorithm():
    secret = new_secret()
    body = json.dumps({"type": "generation.completed", "data": {"job_id": "gen_1"}})
    headers = signature_headers([secret], "msg_gen_1_completed", int(time.time()), body)
    assert Webhook(secret).verify(body, headers)["data"]["job_id"] == "gen_1"


def test_the_spec_example_vector():
    # The example of the Standard Webhooks specification.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected


def test_a_tampered_body_or_the_wrong_secret_fails_verification():
    secret = new_secret()
    body = '{"a": 1}'
    headers = signature_headers([secret], "msg_x", int(time.time()), body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify('{"a": 2}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)


def test_during_rotation_both_secrets_sign():
    old, new = new_secret(), new_secret()
    body = "{}"
    headers = signature_headers([new, old], "msg_y", int(time.time()), body)
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(body, headers)
    Webhook(new).verify(body, headers)


def test_the_headers_carry_the_spec_vector_and_a_rotation_appends_the_old_signature():
    # The Standard Webhooks specification's example, as headers; then with a newer secret
    # first, as during the day after a rotation.
    old = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    headers = signature_headers([old], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert headers["webhook-id"] == "msg_p5jXN8AQM9LWM0D4loKWxJek"
    assert headers["webhook-timestamp"] == "1614265330"
    assert headers["webhook-signature"] == expected
    rotated = signature_headers(
        [new_secret(), old], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body
    )
    assert rotated["webhook-signature"].split(" ")[1] == expected


def test_webhook_id_is_stable_per_job_and_event():
    # A fixed value, so a re-enqueued message (another process, another day) has the same id
    assert webhook_id_for("gen_1", "generation.completed") == "msg_gen_1_completed"
    assert webhook_id_for("gen_1", "generation.failed") == "msg_gen_1_failed"
    assert webhook_id_for("gen_1", "generation.completed") != webhook_id_for(
        "gen_1", "generation.failed"
    )


def test_backoff_doubles_then_caps():
    delays = [backoff_seconds(n, 30, 4 * 3600) for n in range(1, 12)]
    assert delays[:4] == [30, 60, 120, 240]
    assert all(b >= a for a, b in itertools.pairwise(delays))
    assert max(delays) == 4 * 3600
