"""A reference model of the credits ledger in plain Python: the oracle the stateful tests
compare the real ``DynamoLedger`` against. It states the ledger's rules
(docs/decisions/0001) as directly as possible, with no storage concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from photocen.credits.model import NoReservation
from photocen.platform.errors import IdempotencyKeyReused, InsufficientCredits, ValidationFailed


@dataclass
class ModelEntry:
    amount: int
    operation: str


@dataclass
class ReferenceLedger:
    balance: int = 0
    metered_total: int = 0
    entries: dict[str, ModelEntry] = field(default_factory=dict)
    # transfer key → the ledger on the other side of that transfer
    counterparts: dict[str, ReferenceLedger] = field(default_factory=dict)

    # Each method returns (entry, replayed) like the real ledger, or raises what it raises.
    def grant(self, amount: int, key: str) -> tuple[ModelEntry, bool]:
        _positive(amount)
        return self._apply(f"grant:{key}", amount, "grant")

    def reserve(self, amount: int, job: str) -> tuple[ModelEntry, bool]:
        _positive(amount)
        return self._apply(f"reserve:{job}", -amount, "reserve")

    def settle(self, job: str, reserved: int, actual: int) -> tuple[ModelEntry, bool]:
        if not 0 <= actual <= reserved:
            raise ValidationFailed()
        return self._release(job, reserved, reserved - actual, "settle")

    def refund(self, job: str, reserved: int) -> tuple[ModelEntry, bool]:
        _positive(reserved)
        return self._release(job, reserved, reserved, "refund")

    def charge_metered(self, amount: int) -> None:
        _positive(amount)
        if self.balance < amount:
            raise InsufficientCredits()
        self.balance -= amount
        self.metered_total += amount

    def transfer_to(
        self, other: ReferenceLedger, amount: int, transfer_id: str
    ) -> tuple[ModelEntry, bool]:
        """Move ``amount`` from this ledger to ``other``: both entries, or neither."""
        _positive(amount)
        key = f"transfer:{transfer_id}"
        if key in self.entries:
            if self.entries[key].amount != -amount or self.counterparts[key] is not other:
                raise IdempotencyKeyReused()
            return self.entries[key], True
        if key in other.entries:  # the id names a transfer the other way
            raise IdempotencyKeyReused()
        if self.balance < amount:
            raise InsufficientCredits()
        self.entries[key] = ModelEntry(-amount, "transfer")
        other.entries[key] = ModelEntry(amount, "transfer")
        self.counterparts[key], other.counterparts[key] = other, self
        self.balance -= amount
        other.balance += amount
        return self.entries[key], False

    def reservation(self, job: str) -> int | None:
        entry = self.entries.get(f"reserve:{job}")
        return -entry.amount if entry else None

    # ------------------------------------------------------------ rules
    def _release(
        self, job: str, reserved: int, amount: int, operation: str
    ) -> tuple[ModelEntry, bool]:
        key = f"release:{job}"
        if key in self.entries:  # settled or refunded already: whichever came first stands
            return self.entries[key], True
        if self.reservation(job) is None:
            raise NoReservation()
        if self.reservation(job) != reserved:  # a job gives back at most what it took
            raise ValidationFailed()
        return self._apply(key, amount, operation)

    def _apply(self, key: str, amount: int, operation: str) -> tuple[ModelEntry, bool]:
        if key in self.entries:
            return self.entries[key], True
        if self.balance + amount < 0:
            raise InsufficientCredits()
        self.entries[key] = ModelEntry(amount, operation)
        self.balance += amount
        return self.entries[key], False


def _positive(amount: int) -> None:
    if amount <= 0:
        raise ValidationFailed()
