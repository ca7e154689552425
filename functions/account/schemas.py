"""HTTP shapes of the account function, and the one mapping from each domain shape."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from photocen.accounts.model import AccountSummary, CreditHistory
from photocen.credits.model import Entry, Operation
from pydantic import BaseModel, Field


class Usage(BaseModel):
    images_delivered: int = Field(description="Credits spent on metered deliveries, all time.")


class AccountOut(BaseModel):
    account_id: str
    kind: Literal["user", "partner"]
    plan: str
    partner_id: str | None = None
    credits: int = Field(description="Credits available now.")
    usage: Usage
    created_at: datetime

    @classmethod
    def of(cls, summary: AccountSummary) -> AccountOut:
        account, balance = summary.account, summary.balance
        return cls(
            account_id=account.account_id,
            kind=account.kind,
            plan=account.plan,
            partner_id=account.partner_id,
            credits=balance.balance,
            usage=Usage(images_delivered=balance.metered_total),
            created_at=account.created_at,
        )


class LedgerEntryOut(BaseModel):
    key: str = Field(
        description="The operation key, e.g. `reserve:job_…`, `grant:signup`, `transfer:…`."
    )
    operation: Operation
    amount: int = Field(description="Signed: + grant or release, - reservation.")
    reference: str | None
    created_at: datetime

    @classmethod
    def of(cls, entry: Entry) -> LedgerEntryOut:
        return cls(
            key=entry.key,
            operation=entry.operation,
            amount=entry.amount,
            reference=entry.reference,
            created_at=entry.created_at,
        )


class LedgerOut(BaseModel):
    credits: int
    entries: list[LedgerEntryOut] = Field(description="The most recent entries, oldest first.")

    @classmethod
    def of(cls, history: CreditHistory) -> LedgerOut:
        return cls(credits=history.credits, entries=[LedgerEntryOut.of(e) for e in history.entries])
