"""HTTP shapes of the partner API, and the one mapping from each domain shape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from photocen.accounts.model import Account, AccountStatus, IssuedKey, KeyInfo
from photocen.partners.model import (
    END_USER_ID,
    EXTERNAL_ID,
    DayUsage,
    Direction,
    EndUser,
    PartnerOverview,
    Transfer,
    UsageReport,
)
from photocen.platform.errors import ValidationFailed
from photocen.platform.patterns import IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH
from pydantic import BaseModel, ConfigDict, Field

from functions.account.schemas import UsageOut as AccountUsageOut

# Largest single transfer: far above any real top-up, far below DynamoDB's number limits.
MAX_TRANSFER = 1_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- requests
class EndUserIn(_Strict):
    external_id: str = Field(
        max_length=128,
        description="Your own id for this customer; creating it again returns the same user.",
        json_schema_extra={"pattern": EXTERNAL_ID.json},
    )
    name: str | None = Field(default=None, min_length=1, max_length=200)

    def checked_external_id(self) -> str:
        if not EXTERNAL_ID.matches(self.external_id):
            raise ValidationFailed(
                "body.external_id: 1 to 128 of A-Z a-z 0-9 . _ : @ -, starting alphanumeric"
            )
        return self.external_id


class StatusIn(_Strict):
    status: AccountStatus = Field(
        description="`suspended` refuses the user's keys until `active` again; `closed` is "
        "final: keys revoked, credits back to your pool."
    )


class TransferIn(_Strict):
    amount: int = Field(ge=1, le=MAX_TRANSFER, description="Whole credits to move.")
    direction: Direction = Field(
        description="`to_user`: from your pool to the end user; `to_pool`: back again."
    )


def transfer_id(header: str | None) -> str | None:
    """The ``Idempotency-Key`` header, if sent: it names the transfer."""
    if header is not None and (
        len(header) > IDEMPOTENCY_KEY_MAX_LENGTH or not IDEMPOTENCY_KEY.matches(header)
    ):
        raise ValidationFailed(
            f"header.Idempotency-Key: 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters"
        )
    return header


# ---------------------------------------------------------------- answers
class EndUserOut(BaseModel):
    user_id: str = Field(
        description="The end user's account id: send it as `PhotoCen-Account` to act for it.",
        json_schema_extra={"pattern": END_USER_ID.json},
    )
    external_id: str | None
    name: str | None
    status: AccountStatus
    plan: str
    created_at: datetime

    @classmethod
    def of(cls, account: Account) -> EndUserOut:
        return cls(
            user_id=account.account_id,
            external_id=account.external_id,
            name=account.name,
            status=account.status,
            plan=account.plan,
            created_at=account.created_at,
        )


class EndUserDetail(EndUserOut):
    credits: int = Field(description="Credits the end user holds now (funded from your pool).")

    @classmethod
    def of_user(cls, user: EndUser) -> EndUserDetail:
        return cls(**EndUserOut.of(user.account).model_dump(), credits=user.credits or 0)


class IssuedKeyOut(BaseModel):
    key_id: str
    token: str = Field(description="Shown once, never stored: keep it now.")


class EndUserCreated(EndUserDetail):
    key: IssuedKeyOut | None = Field(
        description="The end user's first `pc_live_` key, on creation only (null on a repeat)."
    )

    @classmethod
    def of_created(cls, user: EndUser, key: IssuedKey | None) -> EndUserCreated:
        issued = IssuedKeyOut(key_id=key.key_id, token=key.token) if key else None
        return cls(**EndUserDetail.of_user(user).model_dump(), key=issued)


class EndUsersPage(BaseModel):
    data: list[EndUserOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


class EndUserKeyOut(BaseModel):
    key_id: str
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, info: KeyInfo) -> EndUserKeyOut:
        return cls(key_id=info.key_id, created_at=info.created_at, revoked_at=info.revoked_at)


class EndUserKeysOut(BaseModel):
    data: list[EndUserKeyOut] = Field(description="Oldest first; tokens are never shown again.")


class TransferOut(BaseModel):
    transfer_id: str = Field(description="The Idempotency-Key sent, or one made for you.")
    user_id: str
    direction: Direction
    amount: int
    replayed: bool = Field(description="True when this transfer id had moved credits before.")
    pool_credits: int
    user_credits: int

    @classmethod
    def of(cls, transfer: Transfer) -> TransferOut:
        return cls(**transfer.__dict__)


class DayUsageOut(BaseModel):
    day: date
    generations: int = Field(description="Generation jobs submitted (credits reserved).")
    credits_spent: int = Field(description="Reserved, less what settlements/refunds released.")
    credits_received: int = Field(description="Grants and transfers in.")
    credits_returned: int = Field(description="Transfers out.")

    @classmethod
    def of(cls, usage: DayUsage) -> DayUsageOut:
        return cls(**usage.__dict__)


class EndUserUsageOut(BaseModel):
    credits: int = Field(description="Credits held now.")
    images_delivered_total: int = Field(description="Metered deliveries, all time.")
    days: list[DayUsageOut] = Field(description="Days with activity, newest first (UTC).")
    current: AccountUsageOut | None = Field(
        default=None,
        description="One end user's today and this month against its plan (as `GET /v1/usage` "
        "answers it); null in your overview.",
    )

    @classmethod
    def of(cls, report: UsageReport) -> EndUserUsageOut:
        return cls(
            credits=report.credits,
            images_delivered_total=report.images_delivered_total,
            days=[DayUsageOut.of(d) for d in report.days],
            current=AccountUsageOut.of(report.current) if report.current else None,
        )


class UsersByStatus(BaseModel):
    active: int
    suspended: int
    closed: int


class PartnerOut(BaseModel):
    partner_id: str
    kind: Literal["partner"] = "partner"
    pool_credits: int = Field(description="Your credits: the pool that funds your end users.")
    users: UsersByStatus
    users_credits: int = Field(description="What your end users hold now, together.")
    usage: EndUserUsageOut = Field(description="Your end users' usage, summed.")

    @classmethod
    def of(cls, overview: PartnerOverview) -> PartnerOut:
        return cls(
            partner_id=overview.partner_id,
            pool_credits=overview.pool_credits,
            users=UsersByStatus(**overview.users_by_status),
            users_credits=overview.users_credits,
            usage=EndUserUsageOut.of(overview.usage),
        )
