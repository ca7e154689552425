"""Self-service keys and usage over the real authorizer and handlers (moto behind)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import assert_envelope


def test_a_created_key_is_shown_once_then_listed_without_its_token(api, new_account):
    # Given an account
    caller = new_account()
    # When it creates a named key
    created = api.post("/v1/keys", token=caller.token, body={"name": "ci runner"})
    assert created.status == 201
    key = created.json()
    assert key["name"] == "ci runner"
    assert key["token"].startswith("pc_live_")
    assert key["prefix"] == key["token"][:12]
    # Then the new token works, and the listing shows both keys, never a token
    assert api.get("/v1/account", token=key["token"]).status == 200
    listed = api.get("/v1/keys", token=caller.token)
    assert listed.status == 200
    keys = listed.json()["keys"]
    assert [k["key_id"] for k in keys] == [caller.key_id, key["key_id"]]
    assert set(keys[1]) == {"key_id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}
    assert caller.token not in listed.body.decode()
    assert key["token"] not in listed.body.decode()
    # And each key's last use is known to the minute, with no write of its own
    used = datetime.fromisoformat(keys[1]["last_used_at"])
    assert (datetime.now(UTC) - used).total_seconds() < 120


def test_revoking_the_last_working_key_needs_confirmation(api, new_account, ledger):
    caller = new_account()
    refused = api.request("DELETE", f"/v1/keys/{caller.key_id}", token=caller.token)
    message = assert_envelope(refused.status, refused.headers, refused.body, 409, "conflict")
    assert "last working key" in message
    assert api.get("/v1/account", token=caller.token).status == 200
    confirmed = api.request(
        "DELETE", f"/v1/keys/{caller.key_id}?confirm=last_key", token=caller.token
    )
    assert confirmed.status == 200
    assert confirmed.json()["revoked_at"]
    # A revoked key is 401 (the in-process gateway caches no authorizer answer)
    assert_envelope(*_triple(api.get("/v1/account", token=caller.token)), 401, "unauthorized")


def test_a_second_key_is_revoked_without_confirmation(api, new_account):
    caller = new_account()
    spare = api.post("/v1/keys", token=caller.token, body={"name": "spare"}).json()
    answer = api.request("DELETE", f"/v1/keys/{spare['key_id']}", token=caller.token)
    assert answer.status == 200
    assert api.get("/v1/account", token=spare["token"]).status == 401


def test_rotation_gives_a_new_token_and_the_old_one_stops(api, new_account):
    caller = new_account()
    rotated = api.post(f"/v1/keys/{caller.key_id}/rotate", token=caller.token)
    assert rotated.status == 201
    body = rotated.json()
    assert body["replaces"] == caller.key_id
    assert api.get("/v1/account", token=body["token"]).status == 200
    assert api.get("/v1/account", token=caller.token).status == 401


@pytest.mark.parametrize("method", ["DELETE", "POST"])
def test_another_accounts_key_is_not_found(api, new_account, method):
    owner, other = new_account(), new_account()
    path = f"/v1/keys/{owner.key_id}" + ("/rotate" if method == "POST" else "")
    answer = api.request(method, path, token=other.token)
    assert_envelope(*_triple(answer), 404, "not_found")
    assert api.get("/v1/account", token=owner.token).status == 200


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "a\nb"}, {"name": "x" * 65}])
def test_a_bad_key_name_is_422_and_creates_nothing(api, new_account, body):
    caller = new_account()
    answer = api.post("/v1/keys", token=caller.token, body=body)
    assert_envelope(*_triple(answer), 422, "validation_error")
    assert len(api.get("/v1/keys", token=caller.token).json()["keys"]) == 1


def test_usage_counts_requests_and_deliveries_of_today_and_this_month(
    api: Any, add_images: Any, new_account: Any, aws: Any
) -> None:
    from photocen.delivery.wiring import delivery_service

    delivery_service.cache_clear()
    add_images(1)
    caller = new_account()
    # Given two deliveries and one account read
    assert api.get("/id/1/20/20", token=caller.token).status == 200
    assert api.get("/id/1/20/30", token=caller.token).status == 200
    assert api.get("/v1/account", token=caller.token).status == 200
    # When it reads its usage (the fourth request)
    usage = api.get("/v1/usage", token=caller.token).json()
    # Then today and this month show them, with the free plan's limits and what remains
    for period in ("today", "this_month"):
        assert usage[period]["requests"] == 4
        assert usage[period]["images_delivered"] == 2
        assert usage[period]["credits_spent"] == 2
        assert usage[period]["images_generated"] == 0
    assert usage["today"]["requests_remaining"] == 1000 - 4
    assert usage["this_month"]["requests_limit"] == 10_000
    assert usage["plan"]["name"] == "free"
    assert usage["plan"]["requests_per_minute"] == 60
    assert usage["jobs_in_flight"] == 0
    # And the account shows the same usage
    account = api.get("/v1/account", token=caller.token).json()
    assert account["usage"]["today"]["requests"] == 5
    assert account["usage"]["images_delivered"] == 2
    delivery_service.cache_clear()


def _triple(response: Any) -> tuple[int, dict[str, str], bytes]:
    return response.status, response.headers, response.body
