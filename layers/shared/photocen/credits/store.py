"""The credits table: balances and the ledger."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from photocen.platform.dynamo import UnboundMeta

# ---------------------------------------------------------------- credits
BALANCE_ENTRY = "balance"
LEDGER_PREFIX = "ledger#"


class BalanceRecord(Model):
    """The balance item of an account: ``entry == "balance"``.

    ``metered_total`` counts credits taken by metered deliveries, which change the balance
    with one conditional ``UpdateItem`` and write no ledger row. Invariant:
    ``balance + metered_total == sum(ledger amounts)``.

    Access patterns: get/update by ``(account_id, "balance")``.
    """

    class Meta(UnboundMeta):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True, default=BALANCE_ENTRY)
    balance = NumberAttribute(default=0)
    metered_total = NumberAttribute(default=0)


class LedgerRecord(Model):
    """An append-only ledger entry: ``entry == "ledger#<operation key>"``.

    The operation key makes each change idempotent: an entry is written with
    ``attribute_not_exists``, so replaying an operation changes nothing.

    Access patterns: get by key (replay detection); query ``begins_with(entry, "ledger#")``
    for an account's history.
    """

    class Meta(UnboundMeta):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)
    amount = NumberAttribute()  # signed: + grant/release, - reservation
    operation = UnicodeAttribute()  # grant | reserve | settle | refund
    reference = UnicodeAttribute(null=True)  # job id, operator note, …
    created_at = UTCDateTimeAttribute()
