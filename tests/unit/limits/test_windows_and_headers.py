"""Window maths, header values and policy strings: pure functions, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.limits.model import Admission, Count, Refusal, Windows, minute_of_stamp, policy
from photocen.limits.plans import PLANS, plan_of

NOW = datetime(2026, 11, 30, 23, 59, 41, 500_000, tzinfo=UTC)


def test_windows_are_utc_minute_day_and_month_with_their_stamps():
    w = Windows.at(NOW)
    assert (w.minute.stamp, w.day.stamp, w.month.stamp) == ("202611302359", "20261130", "202611")
    assert w.minute.reset == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert w.day.reset == w.month.reset == w.minute.reset
    assert (w.minute.seconds, w.day.seconds, w.month.seconds) == (60, 86_400, 30 * 86_400)
    # 18.5 s to the turn of the minute, day and month: rounded up, never 0
    assert w.minute.seconds_left(NOW) == 19
    assert w.minute.seconds_left(w.minute.reset) == 1


def test_a_time_in_another_zone_is_counted_in_utc():
    paris = NOW.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    assert Windows.at(paris) == Windows.at(NOW)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_every_instant_lies_in_its_windows(naive):
    now = naive.replace(tzinfo=UTC)
    w = Windows.at(now)
    for window in (w.minute, w.day, w.month):
        assert window.start <= now < window.reset
    assert w.month.reset.day == 1
    assert w.month.seconds in {28 * 86_400, 29 * 86_400, 30 * 86_400, 31 * 86_400}
    assert minute_of_stamp(w.minute.stamp) == w.minute.start


def test_february_of_a_leap_year_is_29_days():
    assert Windows.at(datetime(2028, 2, 10, tzinfo=UTC)).month.seconds == 29 * 86_400


def test_headers_say_the_keys_minute_and_the_tightest_window():
    w = Windows.at(NOW)
    admission = Admission(
        Count(w.minute, 60, 19), Count(w.day, 1000, 998), Count(w.month, 10_000, 1_200), NOW
    )
    headers = admission.headers()
    assert headers["X-RateLimit-Limit"] == "60"
    assert headers["X-RateLimit-Remaining"] == "41"
    assert headers["X-RateLimit-Reset"] == str(int(w.minute.reset.timestamp()))
    assert headers["RateLimit-Policy"] == (
        '"minute";q=60;w=60, "day";q=1000;w=86400, "month";q=10000;w=2592000'
    )
    # the day has 2 left, fewer than the minute's 41: it is the one that matters now
    assert headers["RateLimit"] == '"day";r=2;t=19'


def test_remaining_never_goes_below_zero():
    w = Windows.at(NOW)
    count = Count(w.minute, 60, 75)
    assert count.remaining == 0
    assert (
        Admission(count, Count(w.day, 1, 1), Count(w.month, 1, 1), NOW).headers()[
            "X-RateLimit-Remaining"
        ]
        == "0"
    )


def test_policy_lists_every_window_in_order():
    w = Windows.at(NOW)
    assert policy((Count(w.minute, 10, 0),)) == '"minute";q=10;w=60'


@pytest.mark.parametrize(
    ("limit", "quota", "expected"),
    [
        ("minute", 60, "per-minute limit of 60 requests for this key"),
        ("day", 1000, "daily limit of 1000 requests"),
        ("month", 10_000, "monthly limit of 10000 requests"),
        ("images_day", 50, "daily limit of 50 generated images"),
        ("images_month", 300, "monthly limit of 300 generated images"),
    ],
)
def test_a_refusal_names_its_window_and_when_it_resets(limit, quota, expected):
    w = Windows.at(NOW)
    message = Refusal(limit, quota, w.day).message()
    assert expected in message
    assert "2026-12-01T00:00:00Z" in message


def test_a_concurrency_refusal_says_to_wait_for_a_job():
    assert "when a job finishes" in Refusal("concurrency", 2, None).message()


def test_plans_are_at_least_the_seeds_tiers_and_grow_with_the_plan():
    # the seeds' starter / pro / studio: 10 / 30 / 60 requests per minute
    assert PLANS["free"].requests_per_minute >= 10
    assert PLANS["pro"].requests_per_minute >= 30
    assert PLANS["studio"].requests_per_minute >= 60
    order = [PLANS[n] for n in ("free", "pro", "studio", "partner")]
    for field in (
        "requests_per_minute",
        "requests_per_day",
        "requests_per_month",
        "images_per_day",
        "images_per_month",
        "concurrent_jobs",
    ):
        values = [getattr(p, field) for p in order]
        assert values == sorted(values), field
    for plan in order:
        assert plan.requests_per_minute <= plan.requests_per_day <= plan.requests_per_month
        assert plan.images_per_day <= plan.images_per_month


def test_an_unknown_plan_is_limited_as_free_never_unlimited():
    assert plan_of("platinum") == PLANS["free"]


def test_refusal_time_is_rounded_up():
    w = Windows.at(NOW - timedelta(microseconds=1))
    assert w.minute.seconds_left(NOW) == 19
