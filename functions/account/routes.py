"""Routes of the account function: who am I, and what do I have."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.accounts.service import AccountService
from photocen.accounts.settings import AccountSettings
from photocen.credits.ledger import DynamoLedger
from photocen.platform.http import caller
from photocen.platform.settings import load
from photocen.resources import bind_settings
from pydantic import BaseModel, Field

router = APIGatewayRouter()


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


@cache
def services() -> tuple[AccountService, DynamoLedger]:
    settings = load(AccountSettings)
    bind_settings(settings)
    ledger = DynamoLedger()
    return AccountService(ledger), ledger


@router.get("/v1/account", summary="Your account: credits, plan, usage")
def get_account() -> AccountOut:
    accounts, ledger = services()
    principal = caller(router)
    account = accounts.get_account(principal.account_id)
    balance = ledger.balance(account.account_id)
    return AccountOut(
        account_id=account.account_id,
        kind=account.kind,
        plan=account.plan,
        partner_id=account.partner_id,
        credits=balance.balance,
        usage=Usage(images_delivered=balance.metered_total),
        created_at=account.created_at,
    )


class LedgerEntryOut(BaseModel):
    key: str = Field(description="The operation key, e.g. `reserve:job_…`, `grant:signup`.")
    operation: Literal["grant", "reserve", "settle", "refund"]
    amount: int = Field(description="Signed: + grant or release, - reservation.")
    reference: str | None
    created_at: datetime


class LedgerOut(BaseModel):
    credits: int
    entries: list[LedgerEntryOut] = Field(description="The most recent entries, oldest first.")


@router.get("/v1/account/ledger", summary="Your credit history: grants, reserves, settlements")
def get_ledger(limit: Annotated[int, Query(ge=1, le=500)] = 100) -> LedgerOut:
    _, ledger = services()
    account_id = caller(router).account_id
    entries = ledger.entries(account_id)[-limit:]
    return LedgerOut(
        credits=ledger.balance(account_id).balance,
        entries=[LedgerEntryOut(**entry.__dict__) for entry in entries],
    )
