"""The SDK's Standard Webhooks verifier against the server's signer (the layer's
``photocen.webhooks.signing``) and the reference library (``standardwebhooks``)."""

from __future__ import annotations

import json
import time

import pytest
from photocen.webhooks import signing
from photocen_sdk.webhooks import WebhookVerificationError, verify
from standardwebhooks import Webhook

BODY = json.dumps({"type": "generation.completed", "data": {"job_id": "gen_1"}})


def _signed(secrets: list[str], body: str = BODY, at: int | None = None) -> dict[str, str]:
    return signing.signature_headers(secrets, "msg_gen_1_completed", at or int(time.time()), body)


def test_sdk_verifies_what_the_server_signs() -> None:
    secret = signing.new_secret()
    payload = verify(secret, BODY.encode(), _signed([secret]))
    assert payload["data"]["job_id"] == "gen_1"


def test_either_secret_verifies_during_a_rotation() -> None:
    old, new = signing.new_secret(), signing.new_secret()
    headers = _signed([new, old])
    assert verify(old, BODY, headers) == verify(new, BODY, headers)


def test_the_sdk_signer_agrees_with_the_reference_library() -> None:
    from photocen_sdk.webhooks import sign

    secret = signing.new_secret()
    now = int(time.time())
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(now),
        "webhook-signature": sign(secret, "msg_1", now, BODY),
    }
    assert Webhook(secret).verify(BODY, headers) == json.loads(BODY)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h, b: (h, b.replace("gen_1", "gen_2")),  # body altered
        lambda h, b: ({**h, "webhook-id": "msg_other"}, b),  # id swapped
        lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b),
        lambda h, b: ({**h, "webhook-timestamp": str(int(h["webhook-timestamp"]) - 3600)}, b),
    ],
    ids=["body", "id", "no-signature", "timestamp"],
)
def test_a_forged_or_altered_webhook_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    secret = signing.new_secret()
    headers, body = tamper(_signed([secret]), BODY)
    with pytest.raises(WebhookVerificationError):
        verify(secret, body, headers)


def test_another_accounts_secret_does_not_verify() -> None:
    with pytest.raises(WebhookVerificationError):
        verify(signing.new_secret(), BODY, _signed([signing.new_secret()]))


def test_a_stale_webhook_is_refused_even_when_correctly_signed() -> None:
    secret = signing.new_secret()
    headers = _signed([secret], at=int(time.time()) - 600)
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify(secret, BODY, headers)
