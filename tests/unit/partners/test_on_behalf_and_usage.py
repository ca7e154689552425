"""Act-on-behalf rules and usage by day, with no I/O (the routes are tested in-process)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from photocen.accounts.model import Account, end_user_account_id
from photocen.credits.model import Entry
from photocen.partners.model import usage_by_day, window_start
from photocen.partners.service import OnBehalf, require_partner
from photocen.platform.errors import Forbidden, NotFound
from photocen.platform.principal import Principal

PARTNER = Principal("acct_partner", "partner", "partner", key_id="key_partner")
USER_ID = end_user_account_id("acct_partner", "u-1")


class Directory:
    def __init__(self, *accounts: Account) -> None:
        self.accounts = {a.account_id: a for a in accounts}
        self.reads = 0

    def get(self, account_id: str) -> Account | None:
        self.reads += 1
        return self.accounts.get(account_id)


def end_user(account_id: str = USER_ID, partner_id: str = "acct_partner", **kw) -> Account:
    return Account(account_id, "user", "free", partner_id, None, datetime.now(UTC), **kw)


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_partner_acts_as_its_end_user_keeping_who_acts():
    resolve = OnBehalf(Directory(end_user()), ttl_seconds=60)  # type: ignore[arg-type]
    # (per-key limits keep counting the partner's own key)
    assert resolve(PARTNER, USER_ID) == Principal(
        USER_ID, "user", "free", "acct_partner", "key_partner", acting_partner_id="acct_partner"
    )


@pytest.mark.parametrize(
    "caller",
    [
        Principal("acct_user", "user", "free"),
        Principal(USER_ID, "user", "free", "acct_partner"),
        Principal(USER_ID, "user", "free", "acct_partner", acting_partner_id="acct_partner"),
    ],
    ids=["plain user", "end user", "already acting"],
)
def test_only_a_partner_key_acting_as_itself_may_act_on_behalf(caller):
    with pytest.raises(Forbidden):
        OnBehalf(Directory(end_user()), 60)(caller, USER_ID)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "account_id",
    [end_user_account_id("acct_other", "u-1"), "acct_0000000000000000", "acct_demo", "", "x" * 99],
)
def test_anything_but_its_own_end_user_is_the_same_not_found(account_id):
    directory = Directory(end_user(), end_user(account_id=account_id, partner_id="acct_other"))
    with pytest.raises(NotFound, match=r"^No end user .* for this partner\.$"):
        OnBehalf(directory, 60)(PARTNER, account_id)  # type: ignore[arg-type]


def test_a_suspended_end_user_cannot_be_acted_for():
    directory = Directory(end_user(status="suspended"))
    with pytest.raises(Forbidden, match="suspended"):
        OnBehalf(directory, 60)(PARTNER, USER_ID)  # type: ignore[arg-type]


def test_answers_are_cached_for_the_authorizers_ttl_then_read_again():
    directory, clock = Directory(end_user()), Clock()
    resolve = OnBehalf(directory, ttl_seconds=60, clock=clock)  # type: ignore[arg-type]
    resolve(PARTNER, USER_ID)
    resolve(PARTNER, USER_ID)
    assert directory.reads == 1
    # When the partner suspends the user, the cached answer stands until the TTL passes
    directory.accounts[USER_ID] = end_user(status="suspended")
    clock.now = 59
    resolve(PARTNER, USER_ID)
    clock.now = 61
    with pytest.raises(Forbidden):
        resolve(PARTNER, USER_ID)
    assert directory.reads == 2


def test_require_partner_refuses_everyone_else():
    assert require_partner(PARTNER) == "acct_partner"
    for caller in (Principal("a", "user", "free"), Principal("a", "user", "free", "acct_partner")):
        with pytest.raises(Forbidden):
            require_partner(caller)


def entry(day: int, key: str, amount: int, operation: str) -> Entry:
    return Entry(key, amount, operation, None, datetime(2026, 11, day, 12, tzinfo=UTC))  # type: ignore[arg-type]


def test_usage_by_day_counts_generations_spend_and_transfers_per_utc_day():
    entries = [
        entry(28, "transfer:t0", 5, "transfer"),  # before the window
        entry(29, "transfer:t1", 10, "transfer"),
        entry(29, "reserve:j1", -4, "reserve"),
        entry(29, "release:j1", 1, "settle"),  # charged 3
        entry(30, "reserve:j2", -2, "reserve"),
        entry(30, "release:j2", 2, "refund"),  # failed: charged 0
        entry(30, "reserve:j3", -1, "reserve"),  # still running
        entry(30, "transfer:t2", -3, "transfer"),
        entry(30, "grant:bonus", 2, "grant"),
    ]
    days = usage_by_day(entries, since=window_start(date(2026, 11, 30), 2))
    assert sorted(days) == [date(2026, 11, 29), date(2026, 11, 30)]
    first, second = days[date(2026, 11, 29)], days[date(2026, 11, 30)]
    assert (first.generations, first.credits_spent, first.credits_received) == (1, 3, 10)
    assert (second.generations, second.credits_spent) == (2, 1)
    assert (second.credits_received, second.credits_returned) == (2, 3)
