"""Typed models of the API's requests and answers.

Hand-written, one class per component of the API's ``/openapi.json``; each names the
component it mirrors in ``__openapi__`` and ``tests/sdk/test_drift.py`` holds every class's
field names, required fields, closed enums and nested models equal to that component.

Answers tolerate fields a newer server adds (``extra="allow"``: an older SDK keeps working);
requests refuse unknown fields, as the API does. Catalogue values the operator can change
(model ids, style presets, regions) are plain strings here, so a new model needs no new SDK.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

JobStatus = Literal["queued", "running", "completed", "failed"]
Quality = Literal["standard", "hd", "ultra"]
Purpose = Literal["image", "product", "logo"]
ResponseFormat = Literal["url", "data_url"]


class Answer(BaseModel):
    """Base of every model the API answers with."""

    model_config = ConfigDict(extra="allow")
    __openapi__: ClassVar[str] = ""
    # Fields whose server-side enum is a catalogue the operator edits (kept ``str`` here).
    __open_enums__: ClassVar[frozenset[str]] = frozenset()


class Request(BaseModel):
    """Base of every request body; ``None`` fields are left out of the JSON."""

    model_config = ConfigDict(extra="forbid")
    __openapi__: ClassVar[str] = ""
    __open_enums__: ClassVar[frozenset[str]] = frozenset()

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


# ------------------------------------------------------------------ account
class Period(Answer):
    """Today's or this month's figures against the plan's limits."""

    __openapi__ = "PeriodOut"
    requests: int
    images_generated: int
    images_delivered: int
    credits_spent: int
    requests_limit: int
    requests_remaining: int
    images_limit: int
    images_remaining: int
    period_start: datetime
    resets_at: datetime


class AccountUsage(Answer):
    __openapi__ = "AccountUsageOut"
    images_delivered: int
    today: Period | None = None
    this_month: Period | None = None


class Account(Answer):
    __openapi__ = "AccountOut"
    account_id: str
    kind: Literal["user", "partner"]
    plan: str
    partner_id: str | None = None
    credits: int
    usage: AccountUsage
    created_at: datetime


class Plan(Answer):
    __openapi__ = "PlanOut"
    name: str
    requests_per_minute: int
    requests_per_day: int
    requests_per_month: int
    images_per_day: int
    images_per_month: int
    concurrent_jobs: int


class UsageReport(Answer):
    """``GET /v1/usage``: today, this month and the plan's limits."""

    __openapi__ = "UsageOut"
    plan: Plan
    today: Period
    this_month: Period
    jobs_in_flight: int
    jobs_in_flight_remaining: int


class ApiKey(Answer):
    """One of your keys: never its token."""

    __openapi__ = "KeyOut"
    key_id: str
    name: str | None
    prefix: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeys(Answer):
    __openapi__ = "KeysOut"
    keys: list[ApiKey]


class NewKeyRequest(Request):
    __openapi__ = "NewKeyIn"
    name: str


class NewKey(Answer):
    """A new key; ``token`` is shown this once."""

    __openapi__ = "NewKeyOut"
    key_id: str
    name: str | None
    prefix: str | None
    token: str
    created_at: datetime
    replaces: str | None = None


class LedgerEntry(Answer):
    __openapi__ = "LedgerEntryOut"
    key: str
    operation: Literal["grant", "reserve", "settle", "refund", "transfer"]
    amount: int
    reference: str | None
    created_at: datetime


class Ledger(Answer):
    __openapi__ = "LedgerOut"
    credits: int
    entries: list[LedgerEntry]


# ------------------------------------------------------------------ meta
class HealthCheck(Answer):
    __openapi__ = "CheckOut"
    component: Literal["table", "bucket"]
    name: str
    status: Literal["ok", "failing"]
    detail: str


class Health(Answer):
    __openapi__ = "HealthOut"
    status: Literal["healthy", "degraded"]
    checks: list[HealthCheck]


# ------------------------------------------------------------------ delivery
class ImageInfo(Answer):
    __openapi__ = "ImageInfo"
    id: str
    author: str
    width: int
    height: int
    url: str
    download_url: str


# ------------------------------------------------------------------ generation: requests
class Settings(Request):
    __openapi__ = "SettingsIn"
    width: int | None = None
    height: int | None = None
    steps: int | None = None
    seed: int | None = None
    cfg: float | None = None
    count: int = 1


class Style(Request):
    __openapi__ = "StyleIn"
    __open_enums__ = frozenset({"preset"})
    use_style_memory: bool = False
    style_override: str | None = None
    preset: str | None = None


class Options(Request):
    __openapi__ = "OptionsIn"
    not_searchable: bool = False


class ReferenceImage(Request):
    """One of ``data_url`` (``data:image/png;base64,…``) or ``url`` (public https)."""

    __openapi__ = "ReferenceImageIn"
    image_id: str | None = None
    data_url: str | None = None
    url: str | None = None


class _GenerationFields(Request):
    """The fields a single generation and a batch item share."""

    __open_enums__ = frozenset({"model", "region", "style"})
    negative_prompt: str | None = None
    region: str | None = None
    model: str | None = None
    style: Style | str | None = None
    settings: Settings | None = None
    width: int | None = None
    height: int | None = None
    steps: int | None = None
    num_inference_steps: int | None = None
    seed: int | None = None
    cfg: float | None = None
    count: int | None = None
    reference_images: list[ReferenceImage] | None = None
    webhook_url: str | None = None
    options: Options | None = None
    quality: Quality | None = None
    upscale: bool | Literal[1, 4] | None = None
    purpose: Purpose | None = None


class BatchItem(_GenerationFields):
    __openapi__ = "ItemIn"
    prompt: str


class GenerateRequest(_GenerationFields):
    """``POST /v1/images/generate``: one generation (``prompt``) or a batch (``items``)."""

    __openapi__ = "GenerateIn"
    prompt: str | None = None
    items: list[BatchItem] | None = None
    response_format: ResponseFormat | None = None


# ------------------------------------------------------------------ generation: answers
class SettingsOut(Answer):
    __openapi__ = "SettingsOut"
    width: int
    height: int
    steps: int
    seed: int
    cfg: float
    count: int


class GenerateAccepted(Answer):
    __openapi__ = "GenerateAccepted"
    job_id: str
    status: Literal["queued", "running"]
    estimated_cost: int
    credits_reserved: int
    applied_region: str
    region_source: Literal["request", "profile", "billing", "geo", "default"]
    model: str
    style: str | None
    settings: SettingsOut
    searchable: bool
    poll_url: str
    created_at: datetime
    quality: Quality
    upscale: int
    purpose: Purpose


class ItemError(Answer):
    __openapi__ = "ItemError"
    code: str
    message: str


class BatchItemResult(Answer):
    __openapi__ = "BatchItemOut"
    index: int
    success: bool
    job_id: str | None = None
    status: Literal["queued", "running"] | None = None
    estimated_cost: int | None = None
    credits_reserved: int | None = None
    applied_region: str | None = None
    region_source: str | None = None
    model: str | None = None
    style: str | None = None
    settings: SettingsOut | None = None
    searchable: bool | None = None
    poll_url: str | None = None
    created_at: datetime | None = None
    error: ItemError | None = None
    quality: Quality | None = None
    upscale: int | None = None
    purpose: Purpose | None = None


class BatchAccepted(Answer):
    __openapi__ = "BatchAccepted"
    items: list[BatchItemResult]
    accepted: int
    refused: int
    estimated_cost: int
    credits_reserved: int


class JobImage(Answer):
    __openapi__ = "ImageOut"
    image_id: str
    url: str = Field(description="Signed URL, valid for url_expires_in seconds; no token.")
    url_expires_in: int
    width: int
    height: int
    seed: int
    content_type: str
    bytes: int
    searchable: bool
    catalog_id: int | None = Field(None, description="Its delivery id once migrated.")
    data_url: str | None = Field(None, description="Inline, with response_format=data_url.")


class JobError(Answer):
    __openapi__ = "JobError"
    code: str
    message: str


class Job(Answer):
    """A generation job (``GET /v1/images/jobs/{id}`` and ``/v1/generations/{id}``)."""

    __openapi__ = "JobOut"
    id: str
    job_id: str
    status: JobStatus
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    prompt: str
    negative_prompt: str
    model: str
    style: str | None
    applied_region: str
    settings: SettingsOut
    searchable: bool
    estimated_cost: int
    credits_reserved: int
    credits_charged: int | None
    images: list[JobImage]
    engine_ms: int | None
    error: JobError | None
    expired: bool
    expires_at: datetime | None
    quality: Quality
    upscale: int
    purpose: Purpose
    response_format: ResponseFormat = "url"
    data_urls_omitted: int = 0

    @property
    def finished(self) -> bool:
        return self.status in ("completed", "failed")


class GenerationsPage(Answer):
    __openapi__ = "GenerationsPage"
    data: list[Job]
    next_cursor: str | None


# ------------------------------------------------------------------ catalogue of options
class ImageModel(Answer):
    __openapi__ = "ModelOut"
    id: str
    name: str
    description: str
    price_factor: float
    min_edge: int
    max_edge: int
    min_steps: int
    max_steps: int
    default_steps: int
    default_cfg: float
    default: bool
    source: str


class Models(Answer):
    __openapi__ = "ModelsOut"
    data: list[ImageModel]
    pricing: str
    quality_factors: dict[str, float]
    upscale_factor: float
    upscale_plans: list[str]
    max_output_edge: int


class StylePreset(Answer):
    __openapi__ = "StyleOut"
    id: str
    name: str
    prompt: str
    thumbnail_url: str


class Styles(Answer):
    __openapi__ = "StylesOut"
    data: list[StylePreset]


# ------------------------------------------------------------------ style memory
class StyleMemoryUpdate(Request):
    """``PUT /v1/style-memory``: replaces everything you set (a field left out is cleared)."""

    __openapi__ = "StyleMemoryIn"
    __open_enums__ = frozenset({"preset", "default_region"})
    preset: str | None = None
    keywords: list[str] | None = None
    negative_prompt: str | None = None
    default_region: str | None = None
    billing_country: str | None = None


class Learned(Answer):
    __openapi__ = "LearnedOut"
    generations: int
    styles: dict[str, int]
    keywords: dict[str, int]


class StyleMemory(Answer):
    __openapi__ = "StyleMemoryOut"
    preset: str | None
    keywords: list[str]
    negative_prompt: str | None
    default_region: str | None
    billing_country: str | None
    effective_preset: str | None
    effective_keywords: list[str]
    learned: Learned


# ------------------------------------------------------------------ prompt tools
class PromptEnhanceRequest(Request):
    __openapi__ = "PromptEnhanceIn"
    prompt: str
    tone: str | None = None


class PromptBuildRequest(Request):
    __openapi__ = "PromptBuildIn"
    subject: str | None = None
    setting: str | None = None
    mood: str | None = None
    art_style: str | None = None
    lighting: str | None = None
    camera: str | None = None
    extras: str | None = None


class Prompt(Answer):
    __openapi__ = "PromptOut"
    prompt: str
    engine: str


# ------------------------------------------------------------------ search
class SearchFilters(Request):
    __openapi__ = "FiltersIn"
    same_region_only: bool = False
    own_images_only: bool = False


class SearchRequest(Request):
    """``POST /v1/images/search``: by ``query`` (words) or ``image_id`` (more like this)."""

    __openapi__ = "SearchIn"
    query: str | None = None
    image_id: int | None = None
    limit: int | None = None
    filters: SearchFilters | None = None
    cursor: str | None = None


class SearchHit(Answer):
    __openapi__ = "SearchItemOut"
    id: int
    score: float
    url: str
    url_expires_in: int
    width: int
    height: int
    author: str
    region: str
    created_at: datetime


class SearchResults(Answer):
    __openapi__ = "SearchOut"
    data: list[SearchHit]
    next_cursor: str | None
    applied_region: str | None


# ------------------------------------------------------------------ partners (pc_partner_ keys)
EndUserStatus = Literal["active", "suspended", "closed"]


class EndUserRequest(Request):
    __openapi__ = "EndUserIn"
    external_id: str
    name: str | None = None


class IssuedKey(Answer):
    __openapi__ = "IssuedKeyOut"
    key_id: str
    token: str


class EndUser(Answer):
    __openapi__ = "EndUserOut"
    user_id: str
    external_id: str | None
    name: str | None
    status: EndUserStatus
    plan: str
    created_at: datetime


class EndUserDetail(EndUser):
    __openapi__ = "EndUserDetail"
    credits: int


class EndUserCreated(EndUserDetail):
    """A new end user and its first key (``key`` is null when the user already existed)."""

    __openapi__ = "EndUserCreated"
    key: IssuedKey | None


class EndUsersPage(Answer):
    __openapi__ = "EndUsersPage"
    data: list[EndUser]
    next_cursor: str | None


class StatusRequest(Request):
    __openapi__ = "StatusIn"
    status: EndUserStatus


class TransferRequest(Request):
    __openapi__ = "TransferIn"
    amount: int
    direction: Literal["to_user", "to_pool"]


class Transfer(Answer):
    __openapi__ = "TransferOut"
    transfer_id: str
    user_id: str
    direction: Literal["to_user", "to_pool"]
    amount: int
    replayed: bool
    pool_credits: int
    user_credits: int


class EndUserKey(Answer):
    __openapi__ = "EndUserKeyOut"
    key_id: str
    created_at: datetime
    revoked_at: datetime | None


class EndUserKeys(Answer):
    __openapi__ = "EndUserKeysOut"
    data: list[EndUserKey]


class DayUsage(Answer):
    __openapi__ = "DayUsageOut"
    day: date
    generations: int
    credits_spent: int
    credits_received: int
    credits_returned: int


class EndUserUsage(Answer):
    __openapi__ = "EndUserUsageOut"
    credits: int
    images_delivered_total: int
    days: list[DayUsage]
    current: UsageReport | None = Field(None, description="One end user's: as GET /v1/usage.")


class UsersByStatus(Answer):
    __openapi__ = "UsersByStatus"
    active: int
    suspended: int
    closed: int


class Partner(Answer):
    __openapi__ = "PartnerOut"
    partner_id: str
    kind: Literal["partner"] = "partner"
    pool_credits: int
    users: UsersByStatus
    users_credits: int
    usage: EndUserUsage


# ------------------------------------------------------------------ webhooks
class WebhookSecret(Answer):
    __openapi__ = "WebhookSecretOut"
    secret: str
    previous_secret: str | None
    previous_valid_until: datetime | None
    created_at: datetime


# Every model, for the drift test and for readers.
ALL_MODELS: tuple[type[Answer] | type[Request], ...] = (
    Period,
    AccountUsage,
    Account,
    Plan,
    UsageReport,
    ApiKey,
    ApiKeys,
    NewKeyRequest,
    NewKey,
    PromptEnhanceRequest,
    PromptBuildRequest,
    Prompt,
    SearchFilters,
    SearchRequest,
    SearchHit,
    SearchResults,
    EndUserRequest,
    IssuedKey,
    EndUser,
    EndUserDetail,
    EndUserCreated,
    EndUsersPage,
    StatusRequest,
    TransferRequest,
    Transfer,
    EndUserKey,
    EndUserKeys,
    DayUsage,
    EndUserUsage,
    UsersByStatus,
    Partner,
    LedgerEntry,
    Ledger,
    HealthCheck,
    Health,
    ImageInfo,
    Settings,
    Style,
    Options,
    ReferenceImage,
    BatchItem,
    GenerateRequest,
    SettingsOut,
    GenerateAccepted,
    ItemError,
    BatchItemResult,
    BatchAccepted,
    JobImage,
    JobError,
    Job,
    GenerationsPage,
    ImageModel,
    Models,
    StylePreset,
    Styles,
    StyleMemoryUpdate,
    Learned,
    StyleMemory,
    WebhookSecret,
)
