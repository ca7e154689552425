"""Counting on moto: every window in one conditional write, refusals consume nothing, the
windows roll over by stamp, and parallel requests never overshoot a limit."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from photocen.limits.plans import PLANS
from photocen.limits.store import INFLIGHT, Add, Slot
from photocen.platform.errors import RateLimited
from photocen.platform.principal import Principal

FREE = PLANS["free"]


def user(account: str = "acct_limits", key: str = "key_a", plan: str = "free") -> Principal:
    return Principal(account, "user", plan, None, key)


def test_each_request_counts_once_in_every_window(limits, counters):
    # Given a free key that made three requests
    for _ in range(3):
        admission = limits.admit(user())
    # Then its minute, the account's day and month each count exactly three
    assert (admission.minute.used, admission.day.used, admission.month.used) == (3, 3, 3)
    assert admission.minute.remaining == FREE.requests_per_minute - 3
    item = counters.get("acct_limits")
    assert (item["kn_key_a"], item["dy_n"], item["mo_n"]) == (3, 3, 3)


def test_a_request_over_the_minute_is_refused_and_consumes_nothing(limits, counters, clock):
    # Given a key that used its whole minute
    for _ in range(FREE.requests_per_minute):
        limits.admit(user())
    before = counters.get("acct_limits")
    # When it asks once more
    with pytest.raises(RateLimited) as refused:
        limits.admit(user())
    # Then 429 names the minute window, says when to retry, and nothing was counted
    assert "per-minute limit of 60" in refused.value.message
    assert refused.value.details["retry_after"] == 53  # 10:15:07 → 10:16:00
    assert refused.value.headers["Retry-After"] == "53"
    assert refused.value.headers["X-RateLimit-Remaining"] == "0"
    assert counters.get("acct_limits") == before
    # And the next minute the key works again, from a fresh count
    clock.advance(minutes=1)
    assert limits.admit(user()).minute.used == 1


def test_the_minute_is_per_key_and_the_day_per_account(limits, clock, monkeypatch):
    # Given a plan of 2 per minute and 3 per day, mid-month
    clock.now = clock.now.replace(day=20)
    tiny = replace(FREE, requests_per_minute=2, requests_per_day=3)
    monkeypatch.setattr("photocen.limits.service.plan_of", lambda _: tiny)
    limits.admit(user(key="key_a"))
    limits.admit(user(key="key_a"))
    with pytest.raises(RateLimited):
        limits.admit(user(key="key_a"))
    # Then another key of the account still has its own minute, but shares the day
    assert limits.admit(user(key="key_b")).day.used == 3
    with pytest.raises(RateLimited) as refused:
        limits.admit(user(key="key_b"))
    assert "daily limit of 3 requests" in refused.value.message
    assert refused.value.details["retry_after"] == 13 * 3600 + 44 * 60 + 53  # to midnight UTC
    # And the next day starts from zero, the month keeps counting
    clock.advance(days=1)
    admission = limits.admit(user(key="key_b"))
    assert (admission.day.used, admission.month.used) == (1, 4)


def test_the_month_rolls_over_and_the_item_holds_a_ttl(limits, counters, clock):
    limits.admit(user())
    clock.advance(days=31)  # 2026-12-31
    admission = limits.admit(user())
    assert admission.month.used == 1
    assert admission.month.window.stamp == "202612"
    item = counters.get("acct_limits")
    assert int(item["expires_at"]) == int(clock.now.timestamp()) + 400 * 86400


def test_parallel_requests_admit_exactly_the_limit(limits, monkeypatch):
    # Given a limit of 7 per minute and 30 requests released at once
    monkeypatch.setattr(
        "photocen.limits.service.plan_of", lambda _: replace(FREE, requests_per_minute=7)
    )
    start = threading.Barrier(30)

    def one(_: int) -> str:
        start.wait()
        try:
            limits.admit(user())
        except RateLimited:
            return "refused"
        return "admitted"

    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = list(pool.map(one, range(30)))
    # Then exactly 7 are admitted (the check is inside the write's condition)
    assert outcomes.count("admitted") == 7
    assert limits.admit(user(key="key_other")).day.used == 8


def test_a_naive_read_then_write_counter_would_overshoot(counters, aws):
    """The parallel test can fail: a read-then-write counter admits more than the limit."""
    client = aws.client("dynamodb")
    table = aws.tables["counters"]
    start = threading.Barrier(20)

    def naive(_: int) -> bool:
        start.wait()
        item = counters.get("acct_naive")
        if int(item.get("n", 0)) >= 5:
            return False
        time.sleep(0.01)
        client.update_item(
            TableName=table,
            Key={"counter_id": {"S": "acct_naive"}},
            UpdateExpression="SET n = if_not_exists(n, :z) + :one",
            ExpressionAttributeValues={":z": {"N": "0"}, ":one": {"N": "1"}},
        )
        return True

    with ThreadPoolExecutor(max_workers=20) as pool:
        admitted = sum(pool.map(naive, range(20)))
    assert admitted > 5


def test_generations_hold_slots_until_they_finish(limits, counters):
    # Given a free account (2 jobs in flight) with two jobs running
    limits.start_generation(user(), "job_1", 1)
    limits.start_generation(user(), "job_2", 4)
    # When a third starts, it is refused and counts nothing
    with pytest.raises(RateLimited) as refused:
        limits.start_generation(user(), "job_3", 1)
    assert "2 generation jobs in flight" in refused.value.message
    assert refused.value.details["retry_after"] == 5
    item = counters.get("acct_limits")
    assert item[INFLIGHT] == {"job_1", "job_2"}
    assert item["dy_i"] == 5
    # Then a finished job frees its slot (twice is harmless)
    limits.finish_generation("acct_limits", "job_1")
    limits.finish_generation("acct_limits", "job_1")
    limits.start_generation(user(), "job_3", 1)
    assert counters.get("acct_limits")["dy_i"] == 6


def test_images_per_day_are_refused_past_the_quota(limits, counters):
    limits.start_generation(user(), "job_1", FREE.images_per_day - 1)
    limits.finish_generation("acct_limits", "job_1")
    with pytest.raises(RateLimited) as refused:
        limits.start_generation(user(), "job_2", 2)
    assert "daily limit of 50 generated images" in refused.value.message
    assert INFLIGHT not in counters.get("acct_limits") or not counters.get("acct_limits")[INFLIGHT]
    limits.start_generation(user(), "job_3", 1)


def test_finishing_a_job_of_an_account_without_counters_writes_nothing(limits, counters):
    limits.finish_generation("acct_nobody", "job_1")
    assert counters.get("acct_nobody") == {}


def test_a_store_slot_without_ceiling_just_counts(counters):
    slot = Slot("s", "1", (Add("c", 2, None),))
    counters.bump("acct_x", [slot], expires_at=1)
    assert counters.bump("acct_x", [slot], expires_at=1)["c"] == 4
