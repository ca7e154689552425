"""Routes of the partners function: a partner's end users, their keys, its credit pool and
usage. ``pc_partner_`` keys only: any other caller gets 403 ``forbidden``.

Endpoints only: each parses (``functions.partners.schemas``), makes one call into
``PartnerService`` and answers. Importable without any environment (the meta function merges
this router into ``/openapi.json``): the service is built on first use.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.partners.model import END_USER_ID
from photocen.partners.service import require_partner
from photocen.partners.wiring import partner_service
from photocen.platform.http import caller
from photocen.platform.patterns import IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH

from functions.partners.schemas import (
    EndUserCreated,
    EndUserDetail,
    EndUserIn,
    EndUserKeyOut,
    EndUserKeysOut,
    EndUserOut,
    EndUsersPage,
    EndUserUsageOut,
    IssuedKeyOut,
    PartnerOut,
    StatusIn,
    TransferIn,
    TransferOut,
    transfer_id,
)

router = APIGatewayRouter()

# Any other id is simply not one of your end users (404); the document says what one is.
UserId = Annotated[
    str,
    Path(
        max_length=64,
        description="An end user's id (`acct_` and 16 hex digits).",
        json_schema_extra={"pattern": END_USER_ID.json},
    ),
]
KeyId = Annotated[str, Path(max_length=64, description="`key_` and 16 hex digits.")]
Days = Annotated[int, Query(ge=1, le=90, description="The window, in UTC days up to today.")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
        description="Names the transfer: a retry with the same key moves nothing more; the "
        "same key for another transfer is 422 `idempotency_key_reused`.",
        json_schema_extra={"pattern": IDEMPOTENCY_KEY.json},
    ),
]


def _partner() -> str:
    return require_partner(caller(router))


@router.get("/v1/partner", summary="Your pool, your end users by status, their usage by day")
def get_partner(days: Days = 30) -> PartnerOut:
    return PartnerOut.of(partner_service().overview(_partner(), days))


@router.post(
    "/v1/partner/users",
    summary="Create an end user (idempotent on external_id); 201 with its first key",
    responses={201: {"description": "Created"}},
)
def create_user(body: Annotated[EndUserIn, Body()]) -> tuple[EndUserCreated, int]:
    user, key = partner_service().create_user(_partner(), body.checked_external_id(), body.name)
    return EndUserCreated.of_created(user, key), 201 if key is not None else 200


@router.get("/v1/partner/users", summary="Your end users (paginated)")
def list_users(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> EndUsersPage:
    page = partner_service().users(_partner(), limit, cursor)
    return EndUsersPage(
        data=[EndUserOut.of(a) for a in page.accounts], next_cursor=page.next_cursor
    )


@router.get("/v1/partner/users/<user_id>", summary="One end user and its credits")
def get_user(user_id: UserId) -> EndUserDetail:
    return EndUserDetail.of_user(partner_service().user(_partner(), user_id))


@router.patch("/v1/partner/users/<user_id>", summary="Suspend, reactivate or close an end user")
def set_status(user_id: UserId, body: Annotated[StatusIn, Body()]) -> EndUserDetail:
    return EndUserDetail.of_user(partner_service().set_status(_partner(), user_id, body.status))


@router.get("/v1/partner/users/<user_id>/keys", summary="An end user's keys (never the tokens)")
def list_keys(user_id: UserId) -> EndUserKeysOut:
    return EndUserKeysOut(
        data=[EndUserKeyOut.of(k) for k in partner_service().keys(_partner(), user_id)]
    )


@router.post(
    "/v1/partner/users/<user_id>/keys",
    summary="Issue an end user a new pc_live_ key (the token is shown once)",
    responses={201: {"description": "Created"}},
)
def issue_key(user_id: UserId) -> tuple[IssuedKeyOut, int]:
    key = partner_service().issue_key(_partner(), user_id)
    return IssuedKeyOut(key_id=key.key_id, token=key.token), 201


@router.delete("/v1/partner/users/<user_id>/keys/<key_id>", summary="Revoke an end user's key")
def revoke_key(user_id: UserId, key_id: KeyId) -> EndUserKeyOut:
    return EndUserKeyOut.of(partner_service().revoke_key(_partner(), user_id, key_id))


@router.post(
    "/v1/partner/users/<user_id>/credits",
    summary="Move credits between your pool and an end user (idempotent with Idempotency-Key)",
)
def transfer(
    user_id: UserId,
    body: Annotated[TransferIn, Body()],
    idempotency_key: IdempotencyKey = None,
) -> TransferOut:
    done = partner_service().transfer(
        _partner(), user_id, body.amount, body.direction, transfer_id(idempotency_key)
    )
    return TransferOut.of(done)


@router.get("/v1/partner/users/<user_id>/usage", summary="An end user's usage by day")
def user_usage(user_id: UserId, days: Days = 30) -> EndUserUsageOut:
    return EndUserUsageOut.of(partner_service().user_usage(_partner(), user_id, days))
