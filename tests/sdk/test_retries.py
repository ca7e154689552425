"""Retries, Retry-After, idempotency keys, timeouts and error mapping over a mocked transport
(respx): what the SDK sends, how often, and what it waits between tries."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import respx
from photocen_sdk import (
    APIConnectionError,
    APITimeoutError,
    AsyncPhotoCen,
    InsufficientCredits,
    JobFailed,
    NotFound,
    PhotoCen,
    RateLimited,
    RetryPolicy,
    ServiceUnavailable,
    Unauthorized,
    ValidationFailed,
)

from tests.sdk import payloads

BASE = "http://api.test"


@pytest.fixture
def mock():  # type: ignore[no-untyped-def]
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


@pytest.fixture
def client() -> PhotoCen:
    pc = PhotoCen(BASE, "pc_live_test", retry=RetryPolicy(max_retries=3))
    pc.slept: list[float] = []  # type: ignore[attr-defined, misc]
    pc._sleep = pc.slept.append  # type: ignore[attr-defined]
    return pc


def test_429_is_retried_after_the_retry_after_it_names(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.get("/v1/account").mock(
        side_effect=[
            httpx.Response(
                429, headers={"Retry-After": "2"}, json=payloads.envelope("rate_limited")
            ),
            httpx.Response(200, json=payloads.account(5)),
        ]
    )
    assert client.account().credits == 5
    assert route.call_count == 2
    assert client.slept == [2.0]


def test_the_envelopes_retry_after_wins_over_backoff(mock, client) -> None:  # type: ignore[no-untyped-def]
    mock.get("/v1/account").mock(
        side_effect=[
            httpx.Response(429, json=payloads.envelope("rate_limited", retry_after=4)),
            httpx.Response(200, json=payloads.account()),
        ]
    )
    client.account()
    assert client.slept == [4.0]


def test_retries_give_up_with_the_typed_error(mock, client) -> None:  # type: ignore[no-untyped-def]
    limited = httpx.Response(
        429, headers={"Retry-After": "1"}, json=payloads.envelope("rate_limited", "slow down")
    )
    route = mock.get("/v1/account").mock(return_value=limited)
    with pytest.raises(RateLimited) as raised:
        client.account()
    assert route.call_count == 4  # the first try and three retries
    assert raised.value.retry_after == 1
    assert raised.value.message == "slow down"


def test_a_retry_after_longer_than_the_policy_allows_is_raised_not_waited(mock) -> None:  # type: ignore[no-untyped-def]
    pc = PhotoCen(BASE, "t", retry=RetryPolicy(max_retry_after=30))
    pc._sleep = pytest.fail  # type: ignore[assignment]
    mock.get("/v1/account").respond(
        429, headers={"Retry-After": "3600"}, json=payloads.envelope("rate_limited")
    )
    with pytest.raises(RateLimited):
        pc.account()


def test_503_on_a_get_is_retried_with_backoff(mock, client) -> None:  # type: ignore[no-untyped-def]
    mock.get("/v1/images/jobs/gen_1").mock(
        side_effect=[
            httpx.Response(503, json=payloads.envelope("service_unavailable")),
            httpx.Response(503, json=payloads.envelope("service_unavailable")),
            httpx.Response(200, json=payloads.job()),
        ]
    )
    assert client.jobs.get("gen_1").status == "completed"
    assert len(client.slept) == 2
    assert client.slept[1] > client.slept[0] * 0.9 / 2  # jittered but growing: 0.25-0.5, 0.5-1


def test_generate_sends_an_idempotency_key_and_reuses_it_on_every_retry(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/images/generate").mock(
        side_effect=[
            httpx.Response(503, json=payloads.envelope("service_unavailable")),
            httpx.ReadTimeout("slow"),
            httpx.Response(202, json=payloads.accepted()),
        ]
    )
    accepted = client.generate("a fox")
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert accepted.job_id == "gen_1"
    assert route.call_count == 3
    assert len(keys) == 1
    assert len(next(iter(keys))) == 36  # a UUID


def test_a_post_without_an_idempotency_key_is_not_retried_on_503(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/webhooks/secret/rotate").respond(
        503, json=payloads.envelope("service_unavailable")
    )
    with pytest.raises(ServiceUnavailable):
        client.webhooks.rotate_secret()
    assert route.call_count == 1


def test_a_post_without_a_key_is_not_resent_after_a_read_timeout(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/webhooks/secret/rotate").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        client.webhooks.rotate_secret()
    assert route.call_count == 1


def test_a_connection_that_never_opened_is_retried_even_for_a_post(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/webhooks/secret/rotate").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(
                200,
                json={
                    "secret": "whsec_x",
                    "previous_secret": None,
                    "previous_valid_until": None,
                    "created_at": payloads.NOW,
                },
            ),
        ]
    )
    assert client.webhooks.rotate_secret().secret == "whsec_x"
    assert route.call_count == 2


def test_connection_failures_end_as_a_connection_error(mock, client) -> None:  # type: ignore[no-untyped-def]
    mock.get("/v1/account").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        client.account()
    assert len(client.slept) == 3


def test_a_caller_supplied_idempotency_key_is_sent_as_given(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/images/generate").respond(202, json=payloads.accepted())
    client.generate("a fox", idempotency_key="my-key-1", width=768, not_searchable=True)
    request = route.calls.last.request
    assert request.headers["Idempotency-Key"] == "my-key-1"
    import json

    assert json.loads(request.content) == {
        "prompt": "a fox",
        "width": 768,
        "options": {"not_searchable": True},
    }


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (401, "unauthorized", Unauthorized),
        (402, "insufficient_credits", InsufficientCredits),
        (404, "not_found", NotFound),
        (422, "validation_error", ValidationFailed),
    ],
)
def test_errors_are_not_retried_and_raise_their_class(mock, client, status, code, error) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/images/generate").respond(status, json=payloads.envelope(code))
    with pytest.raises(error) as raised:
        client.generate("a fox")
    assert route.call_count == 1
    assert raised.value.request_id == "req-1"
    assert raised.value.status == status


def test_generate_wait_uses_prefer_wait_and_returns_the_finished_job(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/images/generate").respond(200, json=payloads.job())
    job = client.generate("a fox", wait=True, timeout=10)
    assert job.status == "completed"
    assert route.calls.last.request.headers["Prefer"] == "wait=10"


def test_generate_wait_polls_when_the_server_answers_202(mock, client) -> None:  # type: ignore[no-untyped-def]
    mock.post("/v1/images/generate").respond(202, json=payloads.accepted())
    polls = mock.get("/v1/images/jobs/gen_1").mock(
        side_effect=[
            httpx.Response(200, json=payloads.job(status="running")),
            httpx.Response(200, json=payloads.job()),
        ]
    )
    job = client.generate("a fox", wait=True)
    assert job.images[0].width == 512
    assert polls.call_count == 2


def test_waiting_on_a_failed_job_raises_job_failed_with_the_job(mock, client) -> None:  # type: ignore[no-untyped-def]
    mock.get("/v1/images/jobs/gen_1").respond(200, json=payloads.job(status="failed"))
    with pytest.raises(JobFailed) as raised:
        client.jobs.wait("gen_1")
    assert raised.value.job.status == "failed"
    assert raised.value.code == "generation_failed"


def test_a_timeout_is_an_api_timeout_error(mock) -> None:  # type: ignore[no-untyped-def]
    pc = PhotoCen(BASE, "t", retry=RetryPolicy(max_retries=0))
    mock.get("/v1/account").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        pc.account()


def test_download_sends_the_token_only_to_the_api(mock, client) -> None:  # type: ignore[no-untyped-def]
    with respx.mock(assert_all_called=False) as outside:
        signed = outside.get("https://cache.example/gen_1_0.png").respond(200, content=b"PNG")
        own = outside.get(f"{BASE}/id/1/10").respond(200, content=b"JPG")
        assert client.download("https://cache.example/gen_1_0.png") == b"PNG"
        assert client.download("/id/1/10") == b"JPG"
    assert "Authorization" not in signed.calls.last.request.headers
    assert own.calls.last.request.headers["Authorization"] == "Bearer pc_live_test"


def test_async_client_retries_the_same_way(mock) -> None:  # type: ignore[no-untyped-def]
    slept: list[float] = []

    async def run() -> int:
        async with AsyncPhotoCen(BASE, "t") as pc:

            async def sleep(seconds: float) -> None:
                slept.append(seconds)

            pc._sleep = sleep
            return await pc.credits()

    route = mock.get("/v1/account").mock(
        side_effect=[
            httpx.Response(
                429, headers={"Retry-After": "3"}, json=payloads.envelope("rate_limited")
            ),
            httpx.Response(200, json=payloads.account(9)),
        ]
    )
    assert asyncio.run(run()) == 9
    assert route.call_count == 2
    assert slept == [3.0]


def test_the_partner_header_goes_with_an_account(mock) -> None:  # type: ignore[no-untyped-def]
    route = mock.get("/v1/account").respond(200, json=payloads.account())
    PhotoCen(BASE, "pc_partner_x", on_behalf_of="acct_end_user").account()
    assert route.calls.last.request.headers["PhotoCen-Account"] == "acct_end_user"


def test_a_degraded_health_report_is_read_not_retried_or_raised(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.get("/v1/health").respond(
        503,
        json={
            "status": "degraded",
            "checks": [{"component": "table", "name": "jobs", "status": "failing", "detail": "x"}],
        },
    )
    assert client.health().status == "degraded"
    assert route.call_count == 1


def test_the_latest_rate_limit_headers_are_kept(mock, client) -> None:  # type: ignore[no-untyped-def]
    headers = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59", "X-RateLimit-Reset": "99"}
    mock.get("/v1/account").respond(200, headers=headers, json=payloads.account())
    assert client.rate_limit is None
    client.account()
    assert (client.rate_limit.limit, client.rate_limit.remaining, client.rate_limit.reset) == (
        60,
        59,
        99,
    )


def test_a_credit_transfer_is_keyed_and_its_retries_reuse_the_key(mock, client) -> None:  # type: ignore[no-untyped-def]
    user = "acct_0123456789abcdef"
    transfer = {
        "transfer_id": "t", "user_id": user, "direction": "to_user", "amount": 5,
        "replayed": False, "pool_credits": 95, "user_credits": 5,
    }  # fmt: skip
    route = mock.post(f"/v1/partner/users/{user}/credits").mock(
        side_effect=[
            httpx.Response(503, json=payloads.envelope("service_unavailable")),
            httpx.Response(200, json=transfer),
        ]
    )
    assert client.partner.users.transfer(user, 5).pool_credits == 95
    keys = [call.request.headers["Idempotency-Key"] for call in route.calls]
    assert len(keys) == 2
    assert keys[0] == keys[1]


def test_a_search_is_a_post_that_is_safe_to_retry(mock, client) -> None:  # type: ignore[no-untyped-def]
    route = mock.post("/v1/images/search").mock(
        side_effect=[
            httpx.Response(503, json=payloads.envelope("service_unavailable")),
            httpx.Response(200, json={"data": [], "next_cursor": None, "applied_region": None}),
        ]
    )
    assert client.search("a fox", same_region_only=True).data == []
    import json

    assert json.loads(route.calls.last.request.content) == {
        "query": "a fox",
        "filters": {"same_region_only": True, "own_images_only": False},
    }
