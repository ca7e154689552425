"""HTTP shapes of the account function, and the one mapping from each domain shape."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from photocen.accounts.model import AccountSummary, CreditHistory, IssuedKey, KeyInfo
from photocen.accounts.tokens import KEY_ID
from photocen.credits.model import Entry, Operation
from photocen.limits.model import Usage, WindowUsage
from photocen.limits.plans import Plan
from photocen.platform.text import SINGLE_LINE_NOT_BLANK
from pydantic import BaseModel, Field

KEY_NAME_MAX = 64


# ---------------------------------------------------------------- usage
class PlanOut(BaseModel):
    """The plan's limits: the minute is per key, the rest per account."""

    name: str
    requests_per_minute: int = Field(description="Per key.")
    requests_per_day: int
    requests_per_month: int
    images_per_day: int
    images_per_month: int
    concurrent_jobs: int = Field(description="Generation jobs queued or running at once.")

    @classmethod
    def of(cls, plan: Plan) -> PlanOut:
        return cls.model_validate(plan, from_attributes=True)  # the same fields, by name


class PeriodOut(BaseModel):
    """One period's usage (UTC), with the plan's limits and what remains of them."""

    requests: int
    images_generated: int
    images_delivered: int = Field(description="Metered deliveries (1 credit each).")
    credits_spent: int = Field(description="Deliveries plus generations (net of releases).")
    requests_limit: int
    requests_remaining: int
    images_limit: int = Field(description="Generated images.")
    images_remaining: int
    period_start: datetime
    resets_at: datetime

    @classmethod
    def of(
        cls,
        used: WindowUsage,
        requests_limit: int,
        images_limit: int,
        start: datetime,
        reset: datetime,
    ) -> PeriodOut:
        return cls(
            requests=used.requests,
            images_generated=used.images_generated,
            images_delivered=used.images_delivered,
            credits_spent=used.credits_spent,
            requests_limit=requests_limit,
            requests_remaining=max(0, requests_limit - used.requests),
            images_limit=images_limit,
            images_remaining=max(0, images_limit - used.images_generated),
            period_start=start,
            resets_at=reset,
        )


class UsageOut(BaseModel):
    plan: PlanOut
    today: PeriodOut
    this_month: PeriodOut
    jobs_in_flight: int
    jobs_in_flight_remaining: int

    @classmethod
    def of(cls, usage: Usage) -> UsageOut:
        plan, windows = usage.plan, usage.windows
        return cls(
            plan=PlanOut.of(plan),
            today=PeriodOut.of(
                usage.today,
                plan.requests_per_day,
                plan.images_per_day,
                windows.day.start,
                windows.day.reset,
            ),
            this_month=PeriodOut.of(
                usage.this_month,
                plan.requests_per_month,
                plan.images_per_month,
                windows.month.start,
                windows.month.reset,
            ),
            jobs_in_flight=usage.jobs_in_flight,
            jobs_in_flight_remaining=max(0, plan.concurrent_jobs - usage.jobs_in_flight),
        )


class AccountUsageOut(BaseModel):
    """The account's usage: all-time deliveries, and today's and this month's figures."""

    images_delivered: int = Field(description="Credits spent on metered deliveries, all time.")
    today: PeriodOut | None = None
    this_month: PeriodOut | None = None


class AccountOut(BaseModel):
    account_id: str
    kind: Literal["user", "partner"]
    plan: str
    partner_id: str | None = None
    credits: int = Field(description="Credits available now.")
    usage: AccountUsageOut
    created_at: datetime

    @classmethod
    def of(cls, summary: AccountSummary) -> AccountOut:
        account, balance = summary.account, summary.balance
        usage = UsageOut.of(summary.usage) if summary.usage else None
        return cls(
            account_id=account.account_id,
            kind=account.kind,
            plan=account.plan,
            partner_id=account.partner_id,
            credits=balance.balance,
            usage=AccountUsageOut(
                images_delivered=balance.metered_total,
                today=usage.today if usage else None,
                this_month=usage.this_month if usage else None,
            ),
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


# ---------------------------------------------------------------- keys
class KeyOut(BaseModel):
    """A key as its account sees it: never the token, nor its hash."""

    key_id: str = Field(json_schema_extra={"pattern": KEY_ID.json})
    name: str | None
    prefix: str | None = Field(description="The token's first characters, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None = Field(description="To the minute.")
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: KeyInfo) -> KeyOut:
        return cls(
            key_id=key.key_id,
            name=key.name,
            prefix=key.prefix,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


class KeysOut(BaseModel):
    keys: list[KeyOut] = Field(description="Oldest first, revoked keys included.")

    @classmethod
    def of(cls, keys: list[KeyInfo]) -> KeysOut:
        return cls(keys=[KeyOut.of(k) for k in keys])


class NewKeyIn(BaseModel):
    name: str = Field(
        min_length=1,
        max_length=KEY_NAME_MAX,
        description="Your label for the key (e.g. where it is used).",
        pattern=SINGLE_LINE_NOT_BLANK.json,
    )


class NewKeyOut(BaseModel):
    """A new key. ``token`` is shown this once and never again: keep it now."""

    key_id: str = Field(json_schema_extra={"pattern": KEY_ID.json})
    name: str | None
    prefix: str | None
    token: str
    created_at: datetime
    replaces: str | None = Field(
        default=None, description="On rotation: the key this one replaces (now revoked)."
    )

    @classmethod
    def of(cls, key: IssuedKey, replaces: str | None = None) -> NewKeyOut:
        assert key.created_at is not None
        return cls(
            key_id=key.key_id,
            name=key.name,
            prefix=key.prefix,
            token=key.token,
            created_at=key.created_at,
            replaces=replaces,
        )
