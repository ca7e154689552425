"""HTTP shapes of the generate function: request bodies, and the answers' models.

Requests are mapped to the domain here, once each (``ItemIn.to_domain``,
``GenerateIn.to_domain``, ``StyleMemoryIn.to_domain``). Every answer about a job is a
projection of its one view (``photocen.generation.view.JobView``): the models below declare
which fields each answer shows (the OpenAPI contract) and are validated from that view.

Importable without any environment: the meta function merges the routes into
``/openapi.json``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from photocen.generation.idempotency import KEY_PATTERN, MAX_KEY_LENGTH
from photocen.generation.model import GenerationRequest, JobStatus, ReferenceImage, StyleChoice
from photocen.generation.offerings import DEFAULT_IMAGE_MODEL, IMAGE_MODELS, STYLES, ImageModel
from photocen.generation.region import REQUEST_REGIONS
from photocen.generation.style_memory import StyleEdits, StyleMemory
from photocen.generation.view import ImageOut, JobError, SettingsOut
from photocen.platform.errors import ValidationFailed
from photocen.platform.http import describe
from photocen.platform.patterns import Pattern
from photocen.platform.text import MULTILINE, MULTILINE_NOT_BLANK, control_character
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from functions.generate import contract

MAX_BATCH_ITEMS = 20
CFG_DECIMALS = 4

# Names the service checks against these same tables (IMAGE_MODELS, STYLES,
# REQUEST_REGIONS); the document lists them as enums.
ModelName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(IMAGE_MODELS)})]
PresetName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(STYLES)})]
RegionCode = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(REQUEST_REGIONS),
            "description": "An ISO 3166-1 alpha-2 code PhotoCen knows (lower case), or `global`.",
        }
    ),
]
# A data URL of well-formed base64 (the service decodes it and checks the image itself).
DATA_URL = Pattern(
    "data:image/(?:png|jpeg|webp);base64,"
    "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"
)


# ---------------------------------------------------------------- requests
# What the two validators below accept, as the document states it (platform.text).
_TEXT: JsonDict = {"pattern": MULTILINE.json}
_PROMPT: JsonDict = {"pattern": MULTILINE_NOT_BLANK.json}


def _plain_text(value: Any) -> Any:
    """Free text that reaches the engine or is stored holds no control characters."""
    texts = enumerate(value) if isinstance(value, list) else [(None, value)]
    for index, text in texts:
        reason = control_character(text, multiline=True) if isinstance(text, str) else None
        if reason is not None:
            where = "" if index is None else f"item {index} "
            raise PydanticCustomError("control_character", "{reason}", {"reason": where + reason})
    return value


def _prompt_text(value: Any) -> Any:
    """A prompt must also say something: blank after stripping is no prompt."""
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("blank", "must not be blank (whitespace only)")
    return _plain_text(value)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SettingsIn(Strict):
    width: int | None = Field(
        default=None,
        ge=contract.EDGE_MIN,
        le=contract.EDGE_MAX,
        description="Pixels; bounds per model.",
    )
    height: int | None = Field(default=None, ge=contract.EDGE_MIN, le=contract.EDGE_MAX)
    steps: int | None = Field(
        default=None, ge=contract.STEPS_MIN, le=contract.STEPS_MAX, description="Bounds per model."
    )
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="null: random.")
    cfg: float | None = Field(
        default=None, ge=0, le=contract.CFG_MAX, description="Guidance scale; bounds per model."
    )
    count: int = Field(default=1, ge=1, le=10, description="Images in this job.")


class StyleIn(Strict):
    use_style_memory: bool = False
    style_override: str | None = Field(default=None, max_length=500, json_schema_extra=_TEXT)
    preset: PresetName | None = Field(default=None, description="A GET /v1/styles id.")

    @field_validator("style_override")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        return _plain_text(value)


class ReferenceImageIn(Strict):
    image_id: str | None = Field(
        default=None, max_length=64, description="A catalog image id: not supported yet (422)."
    )
    data_url: str | None = Field(
        default=None, max_length=3_000_000, description="data:image/png|jpeg|webp;base64,…"
    )

    model_config = ConfigDict(json_schema_extra=lambda schema: _inline_image_only(schema))


def _inline_image_only(schema: dict[str, Any]) -> None:
    """The service takes an inline image only (an image_id alone is refused): a reference
    image is a data URL, as the document says."""
    schema["required"] = ["data_url"]
    data_url = schema["properties"]["data_url"]
    data_url.pop("anyOf", None)
    data_url.update({"type": "string", "pattern": DATA_URL.json, "maxLength": 3_000_000})


class OptionsIn(Strict):
    not_searchable: bool = Field(
        default=False, description="Private: never indexed, kept 24 h in the cache only."
    )


class GenerationFields(Strict):
    """The fields of one generation; a batch's top-level fields are defaults for its items."""

    prompt: str | None = Field(
        default=None, min_length=1, max_length=2000, json_schema_extra=_PROMPT
    )
    negative_prompt: str = Field(default="", max_length=1000, json_schema_extra=_TEXT)
    region: RegionCode | None = Field(default=None, max_length=16)
    model: ModelName | None = Field(
        default=None, max_length=64, description=f"Default {DEFAULT_IMAGE_MODEL}."
    )
    style: StyleIn | PresetName | None = None
    settings: SettingsIn | None = None
    width: int | None = Field(default=None, ge=contract.EDGE_MIN, le=contract.EDGE_MAX)
    height: int | None = Field(default=None, ge=contract.EDGE_MIN, le=contract.EDGE_MAX)
    steps: int | None = Field(default=None, ge=contract.STEPS_MIN, le=contract.STEPS_MAX)
    num_inference_steps: int | None = Field(
        default=None, ge=contract.STEPS_MIN, le=contract.STEPS_MAX
    )
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    cfg: float | None = Field(default=None, ge=0, le=contract.CFG_MAX)
    count: int | None = Field(default=None, ge=1, le=10)
    reference_images: list[ReferenceImageIn] | None = Field(default=None, max_length=4)
    webhook_url: str | None = Field(
        default=None,
        max_length=2048,
        # Checked by the service: https, and a host that resolves to public addresses only.
        json_schema_extra={"format": "uri"},
    )
    options: OptionsIn | None = None

    # Run after each field's own constraints; ItemIn's (required) prompt inherits them.
    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str | None) -> str | None:
        return _prompt_text(value)

    @field_validator("negative_prompt")
    @classmethod
    def _plain(cls, value: str) -> str:
        return _plain_text(value)


class ItemIn(GenerationFields):
    """One generation. ``width``/``height``/``steps``/``seed``/``cfg``/``count`` may also be
    given at the top level (the flat form of other image APIs); ``settings`` wins."""

    prompt: str = Field(min_length=1, max_length=2000, json_schema_extra=_PROMPT)

    def to_domain(self) -> GenerationRequest:
        """The one mapping of a generation from its HTTP shape to the domain's."""
        s = self.settings or SettingsIn()
        given = s.model_fields_set
        style = self.style
        if isinstance(style, str):
            choice = StyleChoice(preset=style)
        elif style is None:
            choice = StyleChoice()
        else:
            choice = StyleChoice(style.preset, style.use_style_memory, style.style_override)
        return GenerationRequest(
            prompt=self.prompt,
            negative_prompt=self.negative_prompt,
            region=self.region,
            model=self.model,
            style=choice,
            width=s.width if "width" in given else self.width,
            height=s.height if "height" in given else self.height,
            steps=s.steps if "steps" in given else (self.steps or self.num_inference_steps),
            seed=s.seed if "seed" in given else self.seed,
            cfg=_guidance(s.cfg if "cfg" in given else self.cfg),
            count=s.count if "count" in given else (self.count or 1),
            reference_images=tuple(
                ReferenceImage(r.image_id, r.data_url) for r in self.reference_images or ()
            ),
            webhook_url=self.webhook_url,
            not_searchable=bool(self.options and self.options.not_searchable),
        )


def _guidance(cfg: float | None) -> float | None:
    """A guidance scale to ``CFG_DECIMALS`` places: finer means nothing to an engine, and a
    number as small as 1e-309 is one DynamoDB cannot store (schemathesis found it: a 503)."""
    return None if cfg is None else round(cfg, CFG_DECIMALS)


class GenerateIn(GenerationFields):
    """A single generation (``prompt`` …) or a batch (``items``: answered per item; the other
    top-level fields are defaults for every item)."""

    # Each item is an ItemIn on its own (so the document says what an item is); the
    # top-level fields are merged in as its defaults afterwards (``to_domain``).
    items: list[ItemIn] | None = Field(default=None, min_length=1, max_length=MAX_BATCH_ITEMS)

    model_config = ConfigDict(json_schema_extra=contract.document_rules)

    @model_validator(mode="before")
    @classmethod
    def _null_items_is_no_items(cls, data: Any) -> Any:
        # `"items": null` means "no batch", as leaving it out does; kept, it would reach the
        # single form's model (which has no `items`) as an unknown field.
        if isinstance(data, dict) and "items" in data and data["items"] is None:
            return {k: v for k, v in data.items() if k != "items"}
        return data

    @model_validator(mode="after")
    def _one_form(self) -> GenerateIn:
        if (self.prompt is None) == (self.items is None):
            raise ValueError("give either prompt (one generation) or items (a batch)")
        return self

    def to_domain(self) -> tuple[GenerationRequest | None, list[GenerationRequest] | None]:
        """``(single, None)`` or ``(None, batch)``: each item with the top-level defaults
        applied, checked as one generation (a 422 names the item's field)."""
        defaults = self.model_dump(exclude_unset=True, exclude={"items"})
        if self.items is None:
            contract.check_single(defaults)
            return _item(defaults, ("body",)), None
        own = [item.model_dump(exclude_unset=True) for item in self.items]
        contract.check_batch(defaults, own)
        batch = [
            _item({**defaults, **fields}, ("body", "items", index))
            for index, fields in enumerate(own)
        ]
        return None, batch


def _item(fields: dict[str, Any], location: tuple[str | int, ...]) -> GenerationRequest:
    # Part of the request is validated here rather than by Powertools, so a failure is the
    # caller's 422 said explicitly (an escaping ValidationError is a bug of ours: a 500).
    try:
        item = ItemIn.model_validate(fields)
    except ValidationError as exc:
        located = [{**e, "loc": (*location, *e["loc"])} for e in exc.errors()]
        raise ValidationFailed(describe(located)) from exc
    return item.to_domain()


def idempotency_key(value: str | None) -> str | None:
    """The ``Idempotency-Key`` header, if sent: 1 to ``MAX_KEY_LENGTH`` printable characters."""
    if value is not None and (len(value) > MAX_KEY_LENGTH or not KEY_PATTERN.matches(value)):
        raise ValidationFailed(
            f"header.Idempotency-Key: 1 to {MAX_KEY_LENGTH} visible ASCII characters"
        )
    return value


# ---------------------------------------------------------------- answers about jobs
class JobOut(BaseModel):
    """``GET /v1/images/jobs/{id}`` and a generation: the job's view, less the accepted
    answer's extras."""

    model_config = ConfigDict(from_attributes=True)

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
    expires_at: datetime | None = Field(
        description="A private job's images are deleted at this time (24 h after completion)."
    )
    expired: bool = Field(description="A private job's images were deleted: no URLs any more.")
    estimated_cost: int
    credits_reserved: int
    credits_charged: int | None
    images: list[ImageOut]
    engine_ms: int | None = Field(description="Time the image engine itself took.")
    error: JobError | None


class GenerationsPage(BaseModel):
    data: list[JobOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next (older) page.")


class GenerateAccepted(BaseModel):
    """The 202 of a single generation: what was accepted, as the job's view shows it."""

    job_id: str
    status: Literal["queued", "running"]
    estimated_cost: int = Field(description="Credits this job costs if every image is made.")
    credits_reserved: int = Field(description="Held now; unused credits are released.")
    applied_region: str
    region_source: Literal["request", "profile", "billing", "geo", "default"]
    model: str
    style: str | None
    settings: SettingsOut
    searchable: bool
    poll_url: str
    created_at: datetime


class ItemError(BaseModel):
    code: str
    message: str


class BatchItemOut(BaseModel):
    """One item of a batch: accepted (the fields of ``GenerateAccepted``) or refused."""

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


class BatchAccepted(BaseModel):
    items: list[BatchItemOut]
    accepted: int
    refused: int
    estimated_cost: int
    credits_reserved: int


def accepted(answer: dict[str, Any]) -> GenerateAccepted | BatchAccepted:
    """The 202 body of a generate request's answer (``GenerationService.submit_request``)."""
    if "items" in answer:
        return BatchAccepted.model_validate(answer)
    return GenerateAccepted.model_validate(answer)


# ---------------------------------------------------------------- models and styles
class ModelOut(BaseModel):
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

    @classmethod
    def of(cls, image_model: ImageModel) -> ModelOut:
        return cls(
            id=image_model.id,
            name=image_model.name,
            description=image_model.description,
            price_factor=float(image_model.price_factor),
            min_edge=image_model.min_edge,
            max_edge=image_model.max_edge,
            min_steps=image_model.min_steps,
            max_steps=image_model.max_steps,
            default_steps=image_model.default_steps,
            default_cfg=image_model.default_cfg,
            default=image_model.id == DEFAULT_IMAGE_MODEL,
        )


class ModelsOut(BaseModel):
    data: list[ModelOut]
    pricing: str


class StyleOut(BaseModel):
    id: str
    name: str
    prompt: str
    thumbnail_url: str


class StylesOut(BaseModel):
    data: list[StyleOut]


# ---------------------------------------------------------------- style memory
class StyleMemoryIn(Strict):
    preset: PresetName | None = Field(default=None, max_length=40)
    keywords: (
        list[Annotated[str, Field(min_length=1, max_length=40, json_schema_extra=_TEXT)]] | None
    ) = Field(default=None, max_length=12)
    negative_prompt: str | None = Field(default=None, max_length=500, json_schema_extra=_TEXT)
    default_region: RegionCode | None = Field(default=None, max_length=16)
    billing_country: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 code: the region chain's billing step.",
    )

    @field_validator("keywords", "negative_prompt")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return _plain_text(value)

    def to_domain(self) -> StyleEdits:
        return StyleEdits(
            preset=self.preset,
            keywords=tuple(self.keywords or ()),
            negative_prompt=self.negative_prompt,
            default_region=self.default_region,
            billing_country=self.billing_country,
        )


class LearnedOut(BaseModel):
    generations: int
    styles: dict[str, int]
    keywords: dict[str, int]


class StyleMemoryOut(BaseModel):
    preset: str | None
    keywords: list[str]
    negative_prompt: str | None
    default_region: str | None
    billing_country: str | None
    effective_preset: str | None = Field(description="What use_style_memory applies now.")
    effective_keywords: list[str]
    learned: LearnedOut

    @classmethod
    def of(cls, memory: StyleMemory) -> StyleMemoryOut:
        return cls(
            preset=memory.preset,
            keywords=list(memory.keywords),
            negative_prompt=memory.negative_prompt,
            default_region=memory.default_region,
            billing_country=memory.billing_country,
            effective_preset=memory.effective_preset(),
            effective_keywords=list(memory.effective_keywords()),
            learned=LearnedOut(
                generations=memory.learned_from,
                styles=memory.learned_styles,
                keywords=memory.learned_keywords,
            ),
        )


# ---------------------------------------------------------------- webhook secret
class WebhookSecretOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # from a webhooks.model.WebhookSecret

    secret: str = Field(description="whsec_…: verify webhook-signature with it.")
    previous_secret: str | None
    previous_valid_until: datetime | None
    created_at: datetime
