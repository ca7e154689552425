"""Routes of the account function: who am I, what do I have and use, and my keys."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.accounts.tokens import KEY_ID, KEY_ID_LENGTH
from photocen.accounts.wiring import account_service
from photocen.platform.http import caller
from photocen.platform.routes import AUTHORIZER_CACHE_TTL_SECONDS

from functions.account.schemas import (
    AccountOut,
    KeyOut,
    KeysOut,
    LedgerOut,
    NewKeyIn,
    NewKeyOut,
    UsageOut,
)

router = APIGatewayRouter()

# Any other id is simply not one of yours (404); the document says what an id looks like.
KeyId = Annotated[
    str,
    Path(
        max_length=KEY_ID_LENGTH,
        description="`key_` and 16 hex digits.",
        json_schema_extra={"pattern": KEY_ID.json},
    ),
]


@router.get("/v1/account", summary="Your account: credits, plan, usage")
def get_account() -> AccountOut:
    return AccountOut.of(account_service().summary(caller(router).account_id))


@router.get("/v1/account/ledger", summary="Your credit history: grants, reserves, settlements")
def get_ledger(limit: Annotated[int, Query(ge=1, le=500)] = 100) -> LedgerOut:
    return LedgerOut.of(account_service().credit_history(caller(router).account_id, limit))


@router.get("/v1/usage", summary="Today's and this month's usage, and what your plan leaves")
def get_usage() -> UsageOut:
    return UsageOut.of(account_service().usage(caller(router).account_id))


@router.get("/v1/keys", summary="Your API keys (never their tokens)")
def list_keys() -> KeysOut:
    return KeysOut.of(account_service().list_keys(caller(router).account_id))


@router.post(
    "/v1/keys",
    summary="Create a key; its token is shown once, in this answer",
    responses={201: {"description": "Created"}},
)
def create_key(body: Annotated[NewKeyIn, Body()]) -> tuple[NewKeyOut, int]:
    issued = account_service().issue_key(caller(router).account_id, name=body.name)
    return NewKeyOut.of(issued), 201


@router.delete(
    "/v1/keys/<key_id>",
    summary="Revoke a key (it stops working within the authorizer cache's "
    f"{AUTHORIZER_CACHE_TTL_SECONDS} s)",
    description="Revoking your last working key is refused (409 `conflict`) unless "
    "`?confirm=last_key`: without a key you cannot call the API, nor make a new key.",
)
def revoke_key(
    key_id: KeyId,
    confirm: Annotated[
        Literal["last_key"] | None,
        Query(description="`last_key`: yes, revoke my last working key."),
    ] = None,
) -> KeyOut:
    info = account_service().revoke_key(
        caller(router).account_id, key_id, confirm_last=confirm == "last_key"
    )
    return KeyOut.of(info)


@router.post(
    "/v1/keys/<key_id>/rotate",
    summary="Replace a key: a new token with the same name; the old key is revoked at once",
    responses={201: {"description": "Created"}},
)
def rotate_key(key_id: KeyId) -> tuple[NewKeyOut, int]:
    issued = account_service().rotate_key(caller(router).account_id, key_id)
    return NewKeyOut.of(issued, replaces=key_id), 201
