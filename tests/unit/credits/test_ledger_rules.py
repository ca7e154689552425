"""The ledger's argument rules, checked before any I/O (the socket guard proves it).

The storage-side rules (conditions, replays, concurrency) are tested against moto in
``tests/integration/credits/test_ledger_*``; here is what needs no store at all.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.credits.model import release_key, reserve_key
from photocen.credits.store import DynamoLedger
from photocen.platform.errors import ValidationFailed

non_positive = st.integers(max_value=0)


class StorelessLedger(DynamoLedger):
    """The real ledger, built without binding a table: a rule checked only after a store
    call would hit the socket guard instead of raising ``ValidationFailed``."""

    def __init__(self) -> None:
        pass


ledger = StorelessLedger()


@given(non_positive)
def test_grant_reserve_refund_and_metered_charge_need_a_positive_amount(amount):
    for call in (
        lambda: ledger.grant("acct_1", amount, "k"),
        lambda: ledger.reserve("acct_1", amount, "job"),
        lambda: ledger.refund("acct_1", "job", amount),
        lambda: ledger.charge_metered("acct_1", amount),
    ):
        with pytest.raises(ValidationFailed):
            call()


@given(reserved=st.integers(-5, 50), actual=st.integers(-5, 60))
def test_settlement_must_charge_between_zero_and_the_reservation(reserved, actual):
    if 0 <= actual <= reserved:
        return  # valid: that one goes to the store (integration tests)
    with pytest.raises(ValidationFailed, match="between 0 and the reserved amount"):
        ledger.settle("acct_1", "job", reserved, actual)


class RecordingLedger(DynamoLedger):
    """The real reserve/settle/refund, with the store write replaced by a record of what it
    was asked to write (key, amount, and the reservation it must find)."""

    def __init__(self) -> None:
        self.writes: list[tuple[str, int, str | None, int | None]] = []

    def _apply(  # type: ignore[override]
        self, account_id, key, amount, operation, reference, *, requires=None, requires_amount=None
    ):
        self.writes.append((key, amount, requires, requires_amount))


@given(job=st.text(min_size=1, max_size=30), reserved=st.integers(1, 50), data=st.data())
def test_settle_and_refund_share_one_release_key_per_job(job, reserved, data):
    actual = data.draw(st.integers(0, reserved))
    # Given a job's reservation, its settlement and its refund, as the ledger writes them
    recording = RecordingLedger()
    recording.reserve("acct_1", reserved, job)
    recording.settle("acct_1", job, reserved, actual)
    recording.refund("acct_1", job, reserved)
    reserve, settle, refund = recording.writes

    # Then settle and refund write one and the same key, so whichever is written first makes
    # the other a replay (attribute_not_exists): never both, never twice
    assert settle[0] == refund[0] == release_key(job)
    assert reserve[0] == reserve_key(job) != release_key(job)
    # …and both require the job's reservation of exactly the reserved amount
    assert settle[2:] == refund[2:] == (reserve_key(job), -reserved)
    assert (reserve[1], settle[1], refund[1]) == (-reserved, reserved - actual, reserved)
    assert release_key(job) != reserve_key(job)
    assert release_key(job).endswith(job)
    assert reserve_key(job).endswith(job)
