"""The credits ledger against moto: random sequences of operations keep the money right.

A hypothesis state machine drives the real ``DynamoLedger`` and a plain-Python reference
model (``ledger_model``) side by side, with small key pools so that replays of the same
grant, reservation and release happen often. After every step:

- ``balance >= 0`` and ``balance + metered_total == sum(ledger entries)`` (docs/decisions/0001);
- the real ledger agrees with the model, entry by entry;
- a job is released (settled *or* refunded) at most once, only after it was reserved, and
  never gives back more than it reserved.

Example counts are modest: every operation is an HTTP call to moto's server.
"""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from photocen.credits import wiring as credits_wiring
from photocen.credits.model import NoReservation, Outcome
from photocen.credits.ports import Ledger
from photocen.platform.errors import InsufficientCredits, PhotoCenError, ValidationFailed

from tests.integration.credits.ledger_model import ModelEntry, ReferenceLedger

GRANT_KEYS = st.sampled_from(["signup", "topup-1", "topup-2"])
JOBS = st.sampled_from(["job-a", "job-b", "job-c", "job-d"])
AMOUNTS = st.integers(min_value=1, max_value=12)


def fresh_account() -> str:
    return "acct_" + uuid.uuid4().hex[:12]


def outcome_of(call):  # type: ignore[no-untyped-def]
    """What an operation did, comparable between the real ledger and the model."""
    try:
        result = call()
    except PhotoCenError as exc:
        return type(exc).__name__
    if isinstance(result, str):
        return result
    if isinstance(result, Outcome):
        return (result.entry.amount, result.entry.operation, result.replayed)
    entry, replayed = result
    return (entry.amount, entry.operation, replayed)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = credits_wiring.ledger()
        self.account = fresh_account()
        self.model = ReferenceLedger()

    def _reserved(self, job: str, honest: bool, other: int) -> int:
        """The amount a caller claims was reserved: the true one, or a wrong one."""
        true = self.model.reservation(job)
        return true if honest and true is not None else other

    # ------------------------------------------------------------ operations
    @rule(key=GRANT_KEYS, amount=AMOUNTS)
    def grant(self, key: str, amount: int) -> None:
        real = outcome_of(lambda: self.ledger.grant(self.account, amount, key))
        assert real == outcome_of(lambda: self.model.grant(amount, key))

    @rule(job=JOBS, amount=AMOUNTS)
    def reserve(self, job: str, amount: int) -> None:
        real = outcome_of(lambda: self.ledger.reserve(self.account, amount, job))
        assert real == outcome_of(lambda: self.model.reserve(amount, job))

    @rule(job=JOBS, honest=st.booleans(), other=AMOUNTS, actual=st.integers(-1, 13))
    def settle(self, job: str, honest: bool, other: int, actual: int) -> None:
        reserved = self._reserved(job, honest, other)
        actual = min(actual, reserved) if honest else actual
        real = outcome_of(lambda: self.ledger.settle(self.account, job, reserved, actual))
        assert real == outcome_of(lambda: self.model.settle(job, reserved, actual))

    @rule(job=JOBS, honest=st.booleans(), other=AMOUNTS)
    def refund(self, job: str, honest: bool, other: int) -> None:
        reserved = self._reserved(job, honest, other)
        real = outcome_of(lambda: self.ledger.refund(self.account, job, reserved))
        assert real == outcome_of(lambda: self.model.refund(job, reserved))

    @rule(amount=st.integers(min_value=1, max_value=4))
    def charge_metered(self, amount: int) -> None:
        real = outcome_of(lambda: self.ledger.charge_metered(self.account, amount) and "ok")
        assert real == outcome_of(lambda: self.model.charge_metered(amount) or "ok")

    # ------------------------------------------------------------ invariants
    @invariant()
    def money_adds_up_and_matches_the_model(self) -> None:
        balance = self.ledger.balance(self.account)
        entries = self.ledger.entries(self.account)
        assert balance.balance >= 0
        assert balance.balance + balance.metered_total == sum(e.amount for e in entries)
        assert (balance.balance, balance.metered_total) == (
            self.model.balance,
            self.model.metered_total,
        )
        assert {e.key: ModelEntry(e.amount, e.operation) for e in entries} == self.model.entries
        by_key = {e.key: e for e in entries}
        for entry in entries:
            if entry.key.startswith("release:"):
                job = entry.key.removeprefix("release:")
                reservation = by_key.get(f"reserve:{job}")
                assert reservation is not None, f"{job} released without a reservation"
                assert entry.operation in ("settle", "refund")
                assert reservation.amount + entry.amount <= 0, f"{job} gave back more than it took"


def test_random_operation_sequences_keep_the_ledger_invariants(ledger):
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


# ---------------------------------------------------------------- the rules, one by one
@pytest.fixture
def account(ledger: Ledger) -> str:
    account = fresh_account()
    ledger.grant(account, 10, "signup")
    return account


def totals(ledger: Ledger, account: str) -> tuple[int, int, int]:
    balance = ledger.balance(account)
    return balance.balance, balance.metered_total, sum(e.amount for e in ledger.entries(account))


def test_replaying_a_grant_changes_nothing(ledger, account):
    # Given a grant of 5 under key "topup"
    first = ledger.grant(account, 5, "topup")
    # When it is replayed, even with another amount
    again = ledger.grant(account, 50, "topup")
    # Then the first one stands and the balance moved once
    assert not first.replayed
    assert again.replayed
    assert again.entry == first.entry
    assert totals(ledger, account) == (15, 0, 15)


def test_replaying_a_reservation_reserves_once(ledger, account):
    ledger.reserve(account, 4, "job-1")
    assert ledger.reserve(account, 4, "job-1").replayed
    assert totals(ledger, account) == (6, 0, 6)


def test_settle_releases_the_unused_part_of_the_reservation(ledger, account):
    ledger.reserve(account, 6, "job-1")
    outcome = ledger.settle(account, "job-1", reserved=6, actual=4)
    assert outcome.entry.amount == 2
    assert totals(ledger, account) == (6, 0, 6)


def test_settle_and_refund_of_one_job_are_mutually_exclusive(ledger, account):
    # Given a reservation that was settled
    ledger.reserve(account, 6, "job-1")
    ledger.settle(account, "job-1", reserved=6, actual=6)
    # When a late failure notification refunds it
    refund = ledger.refund(account, "job-1", reserved=6)
    # Then the refund is a replay of the settlement and no credits come back
    assert refund.replayed
    assert refund.entry.operation == "settle"
    assert totals(ledger, account) == (4, 0, 4)


def test_refund_then_settle_keeps_the_refund(ledger, account):
    ledger.reserve(account, 6, "job-1")
    ledger.refund(account, "job-1", reserved=6)
    settle = ledger.settle(account, "job-1", reserved=6, actual=1)
    assert settle.replayed
    assert settle.entry.operation == "refund"
    assert totals(ledger, account) == (10, 0, 10)


def release(ledger: Ledger, account: str, how: str, job: str, reserved: int) -> Outcome:
    if how == "settle":
        return ledger.settle(account, job, reserved=reserved, actual=0)
    return ledger.refund(account, job, reserved=reserved)


@pytest.mark.parametrize("how", ["settle", "refund"])
def test_release_without_reservation_is_rejected(ledger, account, how):
    with pytest.raises(NoReservation, match="no reservation"):
        release(ledger, account, how, "never-reserved", 3)
    assert totals(ledger, account) == (10, 0, 10)


@pytest.mark.parametrize("how", ["settle", "refund"])
def test_a_job_cannot_release_more_than_it_reserved(ledger, account, how):
    # Given a reservation of 2 credits
    ledger.reserve(account, 2, "job-1")
    # When the release claims 9 were reserved
    with pytest.raises(ValidationFailed, match="holds 2 credits, not 9") as refused:
        release(ledger, account, how, "job-1", 9)
    assert not isinstance(refused.value, NoReservation)  # the sweeper must not mistake it
    # Then no credits are minted, and the honest release still works
    assert totals(ledger, account) == (8, 0, 8)
    ledger.refund(account, "job-1", reserved=2)
    assert totals(ledger, account) == (10, 0, 10)


def test_reservation_beyond_the_balance_is_refused_and_changes_nothing(ledger, account):
    with pytest.raises(InsufficientCredits):
        ledger.reserve(account, 11, "job-1")
    assert totals(ledger, account) == (10, 0, 10)
    assert ledger.entries(account)[0].key == "grant:signup"


def test_metered_charges_count_beside_the_ledger(ledger, account):
    ledger.charge_metered(account)
    ledger.charge_metered(account, 3)
    assert totals(ledger, account) == (6, 4, 10)
    with pytest.raises(InsufficientCredits):
        ledger.charge_metered(account, 7)
    assert totals(ledger, account) == (6, 4, 10)


def test_an_account_without_a_balance_item_has_nothing_to_spend(ledger):
    account = fresh_account()
    assert totals(ledger, account) == (0, 0, 0)
    with pytest.raises(InsufficientCredits):
        ledger.charge_metered(account)
    with pytest.raises(InsufficientCredits):
        ledger.reserve(account, 1, "job-1")
    assert totals(ledger, account) == (0, 0, 0)


@pytest.mark.parametrize("amount", [0, -1])
def test_non_positive_amounts_are_rejected(ledger, account, amount):
    for call in (
        lambda: ledger.grant(account, amount, "k"),
        lambda: ledger.reserve(account, amount, "j"),
        lambda: ledger.refund(account, "j", amount),
        lambda: ledger.charge_metered(account, amount),
    ):
        with pytest.raises(ValidationFailed):
            call()
    assert totals(ledger, account) == (10, 0, 10)


def test_a_credits_store_failure_reading_the_balance_is_service_unavailable(
    ledger, account, monkeypatch
):
    # Given a credits table that does not answer (here: the model points at no table)
    from photocen.credits.store import BalanceRecord
    from photocen.platform.errors import ServiceUnavailable

    monkeypatch.setattr(BalanceRecord.Meta, "table_name", "no-such-credits-table")
    monkeypatch.setattr(BalanceRecord, "_connection", None)
    # Then reading a balance is a retryable 503, never an unhandled 500
    with pytest.raises(ServiceUnavailable):
        ledger.balance(account)
