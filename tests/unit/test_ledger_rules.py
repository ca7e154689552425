"""The ledger's argument rules, checked before any I/O (the socket guard proves it).

The storage-side rules (conditions, replays, concurrency) are tested against moto in
``tests/integration/test_ledger_*``; here is what needs no store at all.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.errors import ValidationFailed
from photocen.ledger import DynamoLedger, release_key, reserve_key

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

non_positive = st.integers(max_value=0)
ledger = DynamoLedger()


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


@given(st.text(min_size=1, max_size=30))
def test_settle_and_refund_share_one_release_key_per_job(job):
    # One key for both is what makes them mutually exclusive (attribute_not_exists).
    assert release_key(job) != reserve_key(job)
    assert release_key(job).endswith(job)
    assert reserve_key(job).endswith(job)
