"""An account's credit history, newest last, for ``GET /v1/account/ledger``.

Read-only data access over the ledger rows of the credits table (the ledger module owns the
writes); the ledger's sort key orders entries by operation key, so this sorts by time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import QueryError

from photocen.errors import ServiceUnavailable
from photocen.tables import LEDGER_PREFIX, LedgerRecord


@dataclass(frozen=True)
class HistoryEntry:
    key: str
    operation: str
    amount: int
    reference: str | None
    created_at: datetime


class LedgerHistory:
    def entries(self, account_id: str, limit: int = 100) -> list[HistoryEntry]:
        """The ``limit`` most recent entries, oldest first."""
        try:
            rows = [
                HistoryEntry(
                    key=r.entry.removeprefix(LEDGER_PREFIX),
                    operation=r.operation,
                    amount=int(r.amount),
                    reference=r.reference,
                    created_at=r.created_at,
                )
                for r in LedgerRecord.query(
                    account_id, LedgerRecord.entry.startswith(LEDGER_PREFIX)
                )
            ]
        except QueryError as exc:
            raise ServiceUnavailable("the credits store did not answer") from exc
        rows.sort(key=lambda e: (e.created_at, e.key))
        return rows[-limit:]
