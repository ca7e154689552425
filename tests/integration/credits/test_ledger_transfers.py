"""Transfers between two ledger accounts (a partner's pool and its end users), against moto.

A hypothesis state machine moves credits between a pool and two users with small id pools
(so replays and reused ids happen often), spends them, and compares every step with the
reference model (``ledger_model``). After every step, for every account:
``balance >= 0`` and ``balance + metered_total == sum(ledger entries)``; across accounts,
transfers create and destroy nothing (the sum of balances and metered totals is the sum of
grants). Then the race the partner API must survive: 50 parallel pool → user transfers on a
pool of 10 move exactly 10.
"""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from photocen.credits import wiring as credits_wiring
from photocen.credits.ports import Ledger
from photocen.platform.errors import IdempotencyKeyReused, InsufficientCredits, ValidationFailed

from tests.integration.credits.ledger_model import ModelEntry, ReferenceLedger
from tests.integration.credits.test_ledger_concurrency import (
    PARALLEL,
    assert_invariant,
    run_in_parallel,
)
from tests.integration.credits.test_ledger_properties import outcome_of

SIDES = st.sampled_from(["pool", "user-a", "user-b"])
TRANSFER_IDS = st.sampled_from(["t1", "t2", "t3", "t4"])
AMOUNTS = st.integers(min_value=1, max_value=8)


def fresh(prefix: str) -> str:
    return f"{prefix}_" + uuid.uuid4().hex[:12]


class TransferMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = credits_wiring.ledger()
        self.accounts = {side: fresh("acct") for side in ("pool", "user-a", "user-b")}
        self.models = {side: ReferenceLedger() for side in self.accounts}
        self.granted = 0

    @rule(amount=AMOUNTS, key=st.sampled_from(["g1", "g2", "g3"]))
    def grant_to_pool(self, amount: int, key: str) -> None:
        real = outcome_of(lambda: self.ledger.grant(self.accounts["pool"], amount, key))
        model = outcome_of(lambda: self.models["pool"].grant(amount, key))
        assert real == model
        if real == (amount, "grant", False):
            self.granted += amount

    @rule(giver=SIDES, receiver=SIDES, amount=AMOUNTS, transfer_id=TRANSFER_IDS)
    def transfer(self, giver: str, receiver: str, amount: int, transfer_id: str) -> None:
        # (hypothesis reserves the argument name ``target``)
        real = outcome_of(
            lambda: self.ledger.transfer(
                self.accounts[giver], self.accounts[receiver], amount, transfer_id
            )
        )
        if giver == receiver:
            assert real == "ValidationFailed"
            return
        model = outcome_of(
            lambda: self.models[giver].transfer_to(self.models[receiver], amount, transfer_id)
        )
        assert real == model

    @rule(side=st.sampled_from(["user-a", "user-b"]), amount=st.integers(1, 3))
    def spend(self, side: str, amount: int) -> None:
        real = outcome_of(lambda: self.ledger.charge_metered(self.accounts[side], amount) and "ok")
        assert real == outcome_of(lambda: self.models[side].charge_metered(amount) or "ok")

    @invariant()
    def every_account_balances_and_transfers_create_nothing(self) -> None:
        total = 0
        for side, account in self.accounts.items():
            balance = self.ledger.balance(account)
            entries = self.ledger.entries(account)
            assert balance.balance >= 0
            assert balance.balance + balance.metered_total == sum(e.amount for e in entries)
            model = self.models[side]
            assert (balance.balance, balance.metered_total) == (model.balance, model.metered_total)
            assert {e.key: ModelEntry(e.amount, e.operation) for e in entries} == model.entries
            total += balance.balance + balance.metered_total
        assert total == self.granted


def test_random_transfers_keep_every_account_balanced(ledger):
    run_state_machine_as_test(
        TransferMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


# ---------------------------------------------------------------- the rules, one by one
@pytest.fixture
def pool(ledger: Ledger) -> str:
    account = fresh("acct")
    ledger.grant(account, 10, "pool-funding")
    return account


def test_a_transfer_moves_credits_and_names_the_other_side(ledger, pool):
    user = fresh("acct")
    outcome = ledger.transfer(pool, user, 4, "t-1")
    assert (outcome.entry.amount, outcome.entry.reference, outcome.replayed) == (-4, user, False)
    assert assert_invariant(ledger, pool).balance == 6
    assert assert_invariant(ledger, user).balance == 4
    [credit] = ledger.entries(user)
    assert (credit.key, credit.amount, credit.reference) == ("transfer:t-1", 4, pool)


def test_replaying_a_transfer_moves_nothing_more(ledger, pool):
    user = fresh("acct")
    ledger.transfer(pool, user, 4, "t-1")
    assert ledger.transfer(pool, user, 4, "t-1").replayed
    assert (ledger.balance(pool).balance, ledger.balance(user).balance) == (6, 4)


@pytest.mark.parametrize("change", ["amount", "target"])
def test_reusing_a_transfer_id_for_another_move_is_refused(ledger, pool, change):
    user, other = fresh("acct"), fresh("acct")
    ledger.transfer(pool, user, 4, "t-1")
    target, amount = (user, 5) if change == "amount" else (other, 4)
    with pytest.raises(IdempotencyKeyReused):
        ledger.transfer(pool, target, amount, "t-1")
    assert (ledger.balance(pool).balance, ledger.balance(user).balance) == (6, 4)
    assert ledger.balance(other).balance == 0


def test_a_transfer_beyond_the_source_is_refused_and_changes_nothing(ledger, pool):
    user = fresh("acct")
    with pytest.raises(InsufficientCredits):
        ledger.transfer(pool, user, 11, "t-1")
    assert (ledger.balance(pool).balance, ledger.balance(user).balance) == (10, 0)
    assert ledger.entries(user) == []
    # The id was not used up by the refusal: it can carry a transfer that fits.
    assert not ledger.transfer(pool, user, 10, "t-1").replayed


@pytest.mark.parametrize("amount", [0, -3])
def test_a_transfer_of_nothing_or_less_is_refused(ledger, pool, amount):
    with pytest.raises(ValidationFailed):
        ledger.transfer(pool, fresh("acct"), amount, "t-1")
    assert ledger.balance(pool).balance == 10


def test_credits_spent_by_the_user_cannot_be_taken_back(ledger, pool):
    user = fresh("acct")
    ledger.transfer(pool, user, 3, "t-in")
    ledger.charge_metered(user, 2)
    with pytest.raises(InsufficientCredits):
        ledger.transfer(user, pool, 2, "t-out")
    ledger.transfer(user, pool, 1, "t-out")
    assert assert_invariant(ledger, user) == type(ledger.balance(user))(0, 2)
    assert assert_invariant(ledger, pool).balance == 8


# ---------------------------------------------------------------- under concurrency
def test_fifty_parallel_transfers_on_a_pool_of_ten_move_exactly_ten(ledger, pool):
    # Given a pool of 10 and an end user holding nothing
    user = fresh("acct")
    assert ledger.balance(pool).balance == 10  # (and the client is warm before the race)
    # When 50 transfers of 1 credit, each with its own id, race
    results = Counter(run_in_parallel(PARALLEL, lambda i: ledger.transfer(pool, user, 1, f"t-{i}")))
    # Then exactly 10 went through and 40 were refused; both books balance
    assert results == {"ok": 10, "insufficient": 40}
    assert assert_invariant(ledger, pool).balance == 0
    assert assert_invariant(ledger, user).balance == 10
    assert len(ledger.entries(user)) == 10


def test_parallel_transfers_to_many_users_never_overdraw_the_pool(ledger, pool):
    users = [fresh("acct") for _ in range(5)]
    results = Counter(
        run_in_parallel(30, lambda i: ledger.transfer(pool, users[i % 5], 1 + i % 2, f"t-{i}"))
    )
    moved = sum(ledger.balance(u).balance for u in users)
    assert moved + assert_invariant(ledger, pool).balance == 10
    assert results["ok"] >= 5
    for user in users:
        assert_invariant(ledger, user)


def test_parallel_replays_of_one_transfer_move_once(ledger, pool):
    user = fresh("acct")
    outcomes = []
    run_in_parallel(20, lambda _: outcomes.append(ledger.transfer(pool, user, 3, "t-same")))
    assert sorted(o.replayed for o in outcomes) == [False] + [True] * 19
    assert (ledger.balance(pool).balance, ledger.balance(user).balance) == (7, 3)
