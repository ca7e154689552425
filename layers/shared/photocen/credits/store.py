"""The credits table: balances and the ledger, and ``DynamoLedger`` over it.

Every change except a metered delivery is one DynamoDB transaction of
(1) the balance update, conditional on enough credits, and
(2) an append-only ledger entry keyed by the operation (``attribute_not_exists``),
so replaying an operation with the same key changes nothing.

A metered delivery (the hot path) is one conditional ``UpdateItem`` of the balance item that
also bumps ``metered_total``: no transaction and no ledger row per image. Invariant:
``balance >= 0`` and ``balance + metered_total == sum(ledger)``.

A release (settle or refund, under ``release_key(job)``: see ``credits.model``) is
conditional on the reservation entry holding exactly the amount it names, so a job never
gives back more than it took.
"""

from __future__ import annotations

import time

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import GetError, QueryError, TransactWriteError, UpdateError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from photocen.credits.model import (
    Balance,
    Entry,
    NoReservation,
    Operation,
    Outcome,
    release_key,
    reserve_key,
    transfer_key,
)
from photocen.platform.aws import AwsTarget
from photocen.platform.clock import utcnow
from photocen.platform.dynamo import UnboundMeta, bind, transaction_connection
from photocen.platform.errors import (
    IdempotencyKeyReused,
    InsufficientCredits,
    ServiceUnavailable,
    ValidationFailed,
)

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


# ---------------------------------------------------------------- the ledger
_CONDITION_FAILED = "ConditionalCheckFailed"
_TRANSACTION_ATTEMPTS = 6


class DynamoLedger:
    """The ledger on the credits table (``BalanceRecord`` + ``LedgerRecord``)."""

    def __init__(self, table_name: str, target: AwsTarget) -> None:
        bind((BalanceRecord, LedgerRecord), table_name, target)

    def balance(self, account_id: str) -> Balance:
        try:
            item = BalanceRecord.get(account_id, BALANCE_ENTRY, consistent_read=True)
        except BalanceRecord.DoesNotExist:
            return Balance(0, 0)
        except GetError as exc:
            raise ServiceUnavailable("the credits store did not answer") from exc
        return Balance(int(item.balance), int(item.metered_total))

    def entries(self, account_id: str) -> list[Entry]:
        """Every ledger entry of the account, oldest first (the sort key orders by
        operation key, not by time)."""
        try:
            rows = [
                _entry(record)
                for record in LedgerRecord.query(
                    account_id,
                    LedgerRecord.entry.startswith(LEDGER_PREFIX),
                    consistent_read=True,
                )
            ]
        except QueryError as exc:
            raise ServiceUnavailable("the credits store did not answer") from exc
        return sorted(rows, key=lambda e: (e.created_at, e.key))

    def grant(
        self, account_id: str, amount: int, key: str, reference: str | None = None
    ) -> Outcome:
        _require_positive(amount)
        return self._apply(account_id, f"grant:{key}", amount, "grant", reference)

    def reserve(self, account_id: str, amount: int, job_id: str) -> Outcome:
        _require_positive(amount)
        return self._apply(account_id, reserve_key(job_id), -amount, "reserve", job_id)

    def settle(self, account_id: str, job_id: str, reserved: int, actual: int) -> Outcome:
        if not 0 <= actual <= reserved:
            raise ValidationFailed("a settlement must charge between 0 and the reserved amount")
        return self._apply(
            account_id,
            release_key(job_id),
            reserved - actual,
            "settle",
            job_id,
            requires=reserve_key(job_id),
            requires_amount=-reserved,
        )

    def refund(self, account_id: str, job_id: str, reserved: int) -> Outcome:
        _require_positive(reserved)
        return self._apply(
            account_id,
            release_key(job_id),
            reserved,
            "refund",
            job_id,
            requires=reserve_key(job_id),
            requires_amount=-reserved,
        )

    def transfer(self, source: str, target: str, amount: int, transfer_id: str) -> Outcome:
        """Move ``amount`` credits from ``source`` to ``target`` in one transaction: the two
        balance updates (the source's conditional on holding the amount) and two ledger
        entries under ``transfer_key(transfer_id)``, each ``reference`` naming the other side.
        Replaying the same transfer id changes nothing; reusing it for another move is
        ``IdempotencyKeyReused``. Returns the source's entry (``amount`` negative)."""
        _require_positive(amount)
        if source == target:
            raise ValidationFailed("a transfer needs two different accounts")
        key = transfer_key(transfer_id)
        now = utcnow()
        debit = LedgerRecord(
            source,
            LEDGER_PREFIX + key,
            amount=-amount,
            operation="transfer",
            reference=target,
            created_at=now,
        )
        credit = LedgerRecord(
            target,
            LEDGER_PREFIX + key,
            amount=amount,
            operation="transfer",
            reference=source,
            created_at=now,
        )
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                with TransactWrite(connection=transaction_connection(BalanceRecord)) as tx:
                    tx.save(debit, condition=LedgerRecord.entry.does_not_exist())
                    tx.save(credit, condition=LedgerRecord.entry.does_not_exist())
                    tx.update(
                        BalanceRecord(source, BALANCE_ENTRY),
                        actions=[
                            BalanceRecord.balance.add(-amount),
                            BalanceRecord.metered_total.add(0),
                        ],
                        condition=BalanceRecord.balance >= amount,
                    )
                    tx.update(
                        BalanceRecord(target, BALANCE_ENTRY),
                        actions=[
                            BalanceRecord.balance.add(amount),
                            BalanceRecord.metered_total.add(0),
                        ],
                    )
                return Outcome(_entry(debit), replayed=False)
            except TransactWriteError as exc:
                existing = _find_entry(source, key)
                if existing is not None:
                    if (existing.amount, existing.reference) != (-amount, target):
                        raise IdempotencyKeyReused(
                            "This transfer id was used for another transfer."
                        ) from exc
                    return Outcome(existing, replayed=True)
                if _find_entry(target, key) is not None:
                    # The id names a transfer in which this target was the source.
                    raise IdempotencyKeyReused(
                        "This transfer id was used for another transfer."
                    ) from exc
                codes = {r.code for r in exc.cancellation_reasons if r is not None}
                if _CONDITION_FAILED in codes:
                    raise InsufficientCredits() from exc
                time.sleep(0.005 * 2**attempt)
        raise ServiceUnavailable("the credits store is too busy; try again")

    def charge_metered(self, account_id: str, amount: int = 1) -> Balance:
        _require_positive(amount)
        item = BalanceRecord(account_id, BALANCE_ENTRY)
        try:
            item.update(
                actions=[
                    BalanceRecord.balance.add(-amount),
                    BalanceRecord.metered_total.add(amount),
                ],
                condition=BalanceRecord.balance >= amount,
            )
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise InsufficientCredits() from exc
            raise ServiceUnavailable("the credits store did not answer") from exc
        return Balance(int(item.balance), int(item.metered_total))

    # ------------------------------------------------------------ internals
    def _apply(
        self,
        account_id: str,
        key: str,
        amount: int,
        operation: Operation,
        reference: str | None,
        *,
        requires: str | None = None,
        requires_amount: int | None = None,
    ) -> Outcome:
        entry = LedgerRecord(
            account_id,
            LEDGER_PREFIX + key,
            amount=amount,
            operation=operation,
            reference=reference,
            created_at=utcnow(),
        )
        balance_item = BalanceRecord(account_id, BALANCE_ENTRY)
        # A debit needs the credits to be there; a credit only needs the item (created by ADD).
        balance_condition = BalanceRecord.balance >= -amount if amount < 0 else None
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                with TransactWrite(connection=transaction_connection(BalanceRecord)) as tx:
                    if requires is not None:
                        # The release must name the amount really reserved, or a caller
                        # could give back more than the job took (and mint credits).
                        tx.condition_check(
                            LedgerRecord,
                            account_id,
                            LEDGER_PREFIX + requires,
                            condition=LedgerRecord.entry.exists()
                            & (LedgerRecord.amount == requires_amount),
                        )
                    tx.save(entry, condition=LedgerRecord.entry.does_not_exist())
                    tx.update(
                        balance_item,
                        actions=[
                            BalanceRecord.balance.add(amount),
                            BalanceRecord.metered_total.add(0),
                        ],
                        condition=balance_condition,
                    )
                return Outcome(_entry(entry), replayed=False)
            except TransactWriteError as exc:
                # Cancellation reasons come in PynamoDB's reordered item order (checks,
                # puts, updates), so rather than index them we read what is true now.
                existing = _find_entry(account_id, key)
                if existing is not None:
                    return Outcome(existing, replayed=True)
                codes = {r.code for r in exc.cancellation_reasons if r is not None}
                if _CONDITION_FAILED in codes:
                    if requires is not None:
                        _explain_release_refusal(account_id, requires, requires_amount or 0, exc)
                    raise InsufficientCredits() from exc
                # TransactionConflict with a concurrent writer of the same item: try again.
                time.sleep(0.005 * 2**attempt)
        raise ServiceUnavailable("the credits store is too busy; try again")


def _explain_release_refusal(account_id: str, requires: str, amount: int, cause: Exception) -> None:
    """Raise why a release's condition check failed: no reservation, or not that amount."""
    reservation = _find_entry(account_id, requires)
    if reservation is None:
        raise NoReservation(f"no reservation {requires!r} to release") from cause
    if reservation.amount != amount:
        raise ValidationFailed(
            f"reserved: {requires!r} holds {-reservation.amount} credits, not {-amount}"
        ) from cause


def _find_entry(account_id: str, key: str) -> Entry | None:
    try:
        return _entry(LedgerRecord.get(account_id, LEDGER_PREFIX + key, consistent_read=True))
    except LedgerRecord.DoesNotExist:
        return None


def _entry(record: LedgerRecord) -> Entry:
    return Entry(
        key=record.entry.removeprefix(LEDGER_PREFIX),
        amount=int(record.amount),
        operation=record.operation,  # type: ignore[arg-type]
        reference=record.reference,
        created_at=record.created_at,
    )


def _require_positive(amount: int) -> None:
    if amount <= 0:
        raise ValidationFailed("a credit amount must be a positive whole number")
