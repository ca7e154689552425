"""Small helpers for the generation tests."""

from __future__ import annotations

from typing import Any

from photocen.credits.ports import Ledger


def generate(api: Any, token: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else None
    return api.post("/v1/images/generate", token=token, body=body, headers=headers)


def assert_books_balance(ledger: Ledger, account_id: str) -> int:
    """balance + metered_total == sum(ledger) and balance >= 0; returns the balance."""
    balance = ledger.balance(account_id)
    total = sum(e.amount for e in ledger.entries(account_id))
    assert balance.balance >= 0
    assert balance.balance + balance.metered_total == total
    return balance.balance


def operations(ledger: Ledger, account_id: str, job_id: str) -> list[str]:
    return sorted(e.operation for e in ledger.entries(account_id) if e.reference == job_id)
