"""Typed models of the API's requests and answers.

Hand-written, one class per component of the API's ``/openapi.json``; each names the
component it mirrors in ``__openapi__`` and ``tests/sdk/test_drift.py`` holds every class's
field names, required fields, closed enums and nested models equal to that component.

Answers tolerate fields a newer server adds (``extra="allow"``: an older SDK keeps working);
requests refuse unknown fields, as the API does. Catalogue values the operator can change
(model ids, style presets, regions) are plain strings here, so a new model needs no new SDK.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

JobStatus = Literal["queued", "running", "completed", "failed"]


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
class Usage(Answer):
    __openapi__ = "Usage"
    images_delivered: int


class Account(Answer):
    __openapi__ = "AccountOut"
    account_id: str
    kind: Literal["user", "partner"]
    plan: str
    partner_id: str | None = None
    credits: int
    usage: Usage
    created_at: datetime


class LedgerEntry(Answer):
    __openapi__ = "LedgerEntryOut"
    key: str
    operation: Literal["grant", "reserve", "settle", "refund"]
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
    __openapi__ = "ReferenceImageIn"
    image_id: str | None = None
    data_url: str


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


class BatchItem(_GenerationFields):
    __openapi__ = "ItemIn"
    prompt: str


class GenerateRequest(_GenerationFields):
    """``POST /v1/images/generate``: one generation (``prompt``) or a batch (``items``)."""

    __openapi__ = "GenerateIn"
    prompt: str | None = None
    items: list[BatchItem] | None = None


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


class Models(Answer):
    __openapi__ = "ModelsOut"
    data: list[ImageModel]
    pricing: str


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


# ------------------------------------------------------------------ webhooks
class WebhookSecret(Answer):
    __openapi__ = "WebhookSecretOut"
    secret: str
    previous_secret: str | None
    previous_valid_until: datetime | None
    created_at: datetime


# Every model, for the drift test and for readers.
ALL_MODELS: tuple[type[Answer] | type[Request], ...] = (
    Usage,
    Account,
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
