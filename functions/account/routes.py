"""Routes of the account function: who am I, and what do I have."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.accounts.wiring import account_service
from photocen.platform.http import caller

from functions.account.schemas import AccountOut, LedgerOut

router = APIGatewayRouter()


@router.get("/v1/account", summary="Your account: credits, plan, usage")
def get_account() -> AccountOut:
    return AccountOut.of(account_service().summary(caller(router).account_id))


@router.get("/v1/account/ledger", summary="Your credit history: grants, reserves, settlements")
def get_ledger(limit: Annotated[int, Query(ge=1, le=500)] = 100) -> LedgerOut:
    return LedgerOut.of(account_service().credit_history(caller(router).account_id, limit))
