"""The ledger under parallel requests to moto's server: conditional writes, not luck.

The assertions live in helpers so the same check can be run against a deliberately naive
read-then-write ledger, which must fail it: proof that these tests can catch a lost update.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from photocen.credits.model import Balance
from photocen.credits.store import (
    BALANCE_ENTRY,
    LEDGER_PREFIX,
    BalanceRecord,
    DynamoLedger,
    LedgerRecord,
)
from photocen.platform.clock import utcnow
from photocen.platform.errors import InsufficientCredits

PARALLEL = 50


def run_in_parallel(calls: int, call: Callable[[int], object]) -> list[str]:
    """Run ``call(i)`` for i in range(calls) on as many threads, released together."""
    start = threading.Barrier(calls)

    def one(i: int) -> str:
        start.wait()
        try:
            call(i)
        except InsufficientCredits:
            return "insufficient"
        return "ok"

    with ThreadPoolExecutor(max_workers=calls) as pool:
        return list(pool.map(one, range(calls)))


def assert_invariant(ledger: DynamoLedger, account: str) -> Balance:
    balance = ledger.balance(account)
    assert balance.balance >= 0
    assert balance.balance + balance.metered_total == sum(e.amount for e in ledger.entries(account))
    return balance


def assert_exactly_the_balance_is_spent_by_parallel_metered_charges(ledger: DynamoLedger) -> None:
    # Given an account holding 10 credits
    account = "acct_" + uuid.uuid4().hex[:12]
    ledger.grant(account, 10, "signup")
    assert ledger.balance(account).balance == 10  # (and the client is warm before the race)
    # When 50 metered deliveries charge it at the same moment
    results = Counter(run_in_parallel(PARALLEL, lambda _: ledger.charge_metered(account)))
    # Then exactly 10 are paid for, 40 are refused, and the books balance at zero
    assert results == {"ok": 10, "insufficient": 40}
    balance = assert_invariant(ledger, account)
    assert (balance.balance, balance.metered_total) == (0, 10)


def test_parallel_metered_charges_spend_exactly_the_balance(ledger):
    assert_exactly_the_balance_is_spent_by_parallel_metered_charges(ledger)


def test_parallel_reservations_never_overdraw(ledger):
    # Given 10 credits
    account = "acct_" + uuid.uuid4().hex[:12]
    ledger.grant(account, 10, "signup")
    # When 30 jobs reserve 1 credit each at the same moment
    results = Counter(run_in_parallel(30, lambda i: ledger.reserve(account, 1, f"job-{i}")))
    # Then 10 reservations exist, 20 were refused, and each success left its ledger entry
    assert results == {"ok": 10, "insufficient": 20}
    balance = assert_invariant(ledger, account)
    assert balance.balance == 0
    reservations = [e for e in ledger.entries(account) if e.operation == "reserve"]
    assert len(reservations) == 10


def test_parallel_replays_of_one_reservation_reserve_once(ledger):
    # Given 10 credits
    account = "acct_" + uuid.uuid4().hex[:12]
    ledger.grant(account, 10, "signup")
    outcomes = []
    # When 20 duplicate deliveries of the same job reserve 3 credits at once
    run_in_parallel(20, lambda _: outcomes.append(ledger.reserve(account, 3, "job-same")))
    # Then exactly one was applied, the rest are replays, and 3 credits are held once
    assert sorted(o.replayed for o in outcomes) == [False] + [True] * 19
    assert assert_invariant(ledger, account).balance == 7


def fill_credits_table(rows: int) -> None:
    """Other accounts' history: a realistic table, and one that moto copies slowly (§6)."""
    with LedgerRecord.batch_write() as batch:
        for i in range(rows):
            batch.save(
                LedgerRecord(
                    f"acct_other{i % 50}",
                    f"{LEDGER_PREFIX}grant:filler-{i}",
                    amount=1,
                    operation="grant",
                    created_at=utcnow(),
                )
            )


def test_parallel_settle_and_refund_of_one_job_release_once(ledger):
    # Repeated over a busy table: a racing transaction that loses another's write shows up
    # in some rounds, not all.
    fill_credits_table(400)
    account = "acct_" + uuid.uuid4().hex[:12]
    ledger.grant(account, 10, "signup")
    for round_ in range(5):
        job = f"job-{round_}"
        # Given a job holding a 6-credit reservation
        ledger.reserve(account, 6, job)
        # When its success and failure notifications race (10 of each)
        run_in_parallel(
            20,
            lambda i, job=job: (
                ledger.settle(account, job, 6, 2) if i % 2 else ledger.refund(account, job, 6)
            ),
        )
        # Then exactly one release exists and the balance moved by it alone
        releases = [e for e in ledger.entries(account) if e.key == f"release:{job}"]
        assert len(releases) == 1
        assert assert_invariant(ledger, account).balance == 10 - 6 + releases[0].amount
        if (missing := 10 - ledger.balance(account).balance) > 0:
            ledger.grant(account, missing, f"refill-{round_}")


def test_parallel_metered_charges_and_reservations_share_the_balance(ledger):
    account = "acct_" + uuid.uuid4().hex[:12]
    ledger.grant(account, 20, "signup")
    results = run_in_parallel(
        40,
        lambda i: (
            ledger.reserve(account, 1, f"job-{i}") if i % 2 else ledger.charge_metered(account)
        ),
    )
    balance = assert_invariant(ledger, account)
    assert results.count("ok") == 20
    assert balance.balance == 0
    reserved = sum(1 for e in ledger.entries(account) if e.operation == "reserve")
    assert reserved + balance.metered_total == 20


# ---------------------------------------------------------------- the tests have teeth
class ReadThenWriteLedger(DynamoLedger):
    """The classic bug: read the balance, check it in Python, write the new value back."""

    def charge_metered(self, account_id: str, amount: int = 1) -> Balance:
        now = self.balance(account_id)
        if now.balance < amount:
            raise InsufficientCredits()
        time.sleep(0.02)  # the network round trip between the read and the write
        BalanceRecord(
            account_id,
            BALANCE_ENTRY,
            balance=now.balance - amount,
            metered_total=now.metered_total + amount,
        ).save()
        return Balance(now.balance - amount, now.metered_total + amount)


def test_the_concurrency_check_catches_a_read_then_write_ledger(aws):
    # Given a ledger that reads, checks and writes without a condition
    # When the same parallel check runs against it
    # Then the check fails: it would have caught the lost updates
    with pytest.raises(AssertionError):
        assert_exactly_the_balance_is_spent_by_parallel_metered_charges(
            ReadThenWriteLedger(aws.tables["credits"], aws.target)
        )
