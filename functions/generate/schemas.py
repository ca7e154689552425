"""HTTP shapes of the generate function: request bodies, and the answers' models.

Requests are mapped to the domain here, once each (``ItemIn.to_domain``,
``GenerateIn.to_domain``, ``StyleMemoryIn.to_domain``). Every answer about a job is a
projection of its one view (``photocen.generation.view.JobView``): the models below declare
which fields each answer shows (the OpenAPI contract) and are validated from that view.

Importable without any environment: the meta function merges the routes into
``/openapi.json``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from photocen.generation.idempotency import KEY_PATTERN, MAX_KEY_LENGTH
from photocen.generation.model import GenerationRequest, JobStatus, ReferenceImage, StyleChoice
from photocen.generation.offerings import (
    DEFAULT_IMAGE_MODEL,
    IMAGE_MODELS,
    STYLES,
    ImageModel,
    Purpose,
    Quality,
)
from photocen.generation.region import REQUEST_REGIONS
from photocen.generation.style_memory import StyleEdits, StyleMemory
from photocen.generation.view import (
    DATA_URL_BUDGET_BYTES,
    ImageOut,
    JobError,
    ResponseFormat,
    SettingsOut,
)
from photocen.platform.errors import ValidationFailed
from photocen.platform.http import describe
from photocen.platform.patterns import Pattern
from photocen.platform.text import MULTILINE, MULTILINE_NOT_BLANK, control_character
from photocen.prompts.model import BuildRequest, EnhanceRequest
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
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
    """One reference image: exactly one of ``data_url``, ``url`` or ``image_id``."""

    data_url: str | None = Field(
        default=None,
        max_length=3_000_000,
        description="data:image/png|jpeg|webp;base64,… (at most 2 MiB of image).",
    )
    url: str | None = Field(
        default=None,
        max_length=2048,
        description="An https URL of a png, jpeg or webp image on a public address (at most"
        " 2 MiB, fetched once when the request is made; redirects are not followed).",
    )
    image_id: str | None = Field(
        default=None, max_length=12, description="A catalog image id (GET /v2/list)."
    )

    model_config = ConfigDict(json_schema_extra=lambda schema: _one_reference(schema))


def _one_reference(schema: dict[str, Any]) -> None:
    """The document says what the service takes: exactly one of the three, each a string of
    its form (a data URL of well-formed base64, a URI, digits)."""
    properties = schema["properties"]
    forms = {
        "data_url": {"type": "string", "pattern": DATA_URL.json, "maxLength": 3_000_000},
        "url": {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 2048},
        "image_id": {"type": "string", "pattern": "^0*[1-9][0-9]{0,11}$", "maxLength": 12},
    }
    for name, form in forms.items():
        description = properties[name].get("description")
        properties[name] = {**form, **({"description": description} if description else {})}
    schema["oneOf"] = [{"required": [name]} for name in forms]


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
    reference_images: list[ReferenceImageIn] | None = Field(default=None, max_length=10)
    webhook_url: str | None = Field(
        default=None,
        max_length=2048,
        # Checked by the service: https, and a host that resolves to public addresses only.
        json_schema_extra={"format": "uri"},
    )
    options: OptionsIn | None = None
    purpose: Purpose | None = Field(
        default=None,
        description="`image` (default), `product` (the subject alone on a clean background)"
        " or `logo` (a flat mark, few colours): the same request and answer, tuned defaults.",
    )
    quality: Quality | None = Field(
        default=None, description="`standard` (default), `hd` (1.5x price), `ultra` (2x price)."
    )
    upscale: StrictBool | Literal[1, 4] | None = Field(
        default=None,
        description="`true` (or 4): each image upscaled 4x, to at most 4096 px an edge (so"
        " width and height at most 1024); 2x price; studio and partner plans (else 403).",
    )

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

    model_config = ConfigDict(
        json_schema_extra=lambda schema: schema.setdefault("allOf", []).append(
            contract.upscale_rule()
        )
    )

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
                ReferenceImage(r.image_id, r.data_url, r.url) for r in self.reference_images or ()
            ),
            webhook_url=self.webhook_url,
            not_searchable=bool(self.options and self.options.not_searchable),
            purpose=self.purpose or "image",
            quality=self.quality or "standard",
            upscale=_upscale(self.upscale),
        )


def _upscale(value: bool | int | None) -> int:
    """``true`` and ``4`` are a 4x upscale; ``false``, ``1`` and absent are none."""
    return 4 if value is True or (type(value) is int and value == 4) else 1


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
    # How a finished job's images are answered (with ``Prefer: wait``); not part of a
    # generation, so never an item's field.
    response_format: ResponseFormat = Field(
        default="url",
        description="`url` (hosted, signed) or `data_url`: the finished job (Prefer: wait)"
        " also carries each image inline as `data:image/png;base64,…`, up to"
        f" {DATA_URL_BUDGET_BYTES} bytes of images per answer (the rest: `url` only,"
        " counted in `data_urls_omitted`).",
    )

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
        defaults = self.model_dump(exclude_unset=True, exclude={"items", "response_format"})
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


# ``Prefer: wait`` holds the request at most this long: below API Gateway's 29 s integration
# timeout, with room for the submission itself (docs/api.md).
MAX_WAIT_SECONDS = 25
_WAIT = re.compile(r"^wait(?:\s*=\s*(\S*))?$", re.IGNORECASE)


def prefer_wait(value: str | None) -> int | None:
    """Seconds to hold the request for (``Prefer: wait`` / ``wait=N``, RFC 7240 as Replicate
    uses it), or ``None``. ``wait`` alone and any N above ``MAX_WAIT_SECONDS`` mean the
    most; other preferences are ignored (RFC 7240); a ``wait`` that is not a whole number of
    seconds from 1 is the caller's mistake (422)."""
    if value is None:
        return None
    for preference in value.split(","):
        match = _WAIT.match(preference.split(";")[0].strip())
        if match is None:
            continue
        given = match.group(1)
        if given is None:
            return MAX_WAIT_SECONDS
        digits = given.strip('"')
        significant = digits.lstrip("0")
        if not digits.isascii() or not digits.isdigit() or not significant:
            raise ValidationFailed(
                "header.Prefer: wait must be a whole number of seconds from 1"
                f" (at most {MAX_WAIT_SECONDS} are used), e.g. `Prefer: wait=10`"
            )
        # Compared as text first: a thousand-digit number is simply "more than the most".
        return MAX_WAIT_SECONDS if len(significant) > 3 else min(int(significant), MAX_WAIT_SECONDS)
    return None


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
    purpose: Purpose
    quality: Quality
    upscale: int = Field(description="1, or 4: each image was upscaled 4x.")
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
    response_format: ResponseFormat = "url"
    data_urls_omitted: int = Field(
        default=0, description="Images without a data URL: the answer's budget was spent."
    )


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
    purpose: Purpose
    quality: Quality
    upscale: int
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
    purpose: Purpose | None = None
    quality: Quality | None = None
    upscale: int | None = None
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
    source: str = Field(description="What the endpoint runs: a Hugging Face id or a path.")

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
            source=image_model.source,
        )


class ModelsOut(BaseModel):
    data: list[ModelOut]
    pricing: str
    quality_factors: dict[str, float] = Field(description="Price factor of each `quality`.")
    upscale_factor: float = Field(description="Price factor of `upscale` (4x).")
    upscale_plans: list[str] = Field(description="Plans whose keys may ask for `upscale`.")
    max_output_edge: int = Field(description="The longest edge of an upscaled image, px.")


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


# ---------------------------------------------------------------- prompt tools
_PART: JsonDict = {"pattern": MULTILINE.json}


class PromptEnhanceIn(Strict):
    prompt: str = Field(min_length=1, max_length=2000, json_schema_extra=_PROMPT)
    tone: str | None = Field(
        default=None, max_length=200, json_schema_extra=_TEXT, description="e.g. `anime, cozy`."
    )

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return _prompt_text(value)

    @field_validator("tone")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        return _plain_text(value)

    def to_domain(self) -> EnhanceRequest:
        return EnhanceRequest(self.prompt, self.tone)


class PromptBuildIn(Strict):
    """Structured fields, all optional; at least one (not blank) is needed."""

    model_config = ConfigDict(json_schema_extra=lambda schema: _at_least_one_part(schema))

    subject: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)
    setting: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)
    mood: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)
    art_style: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)
    lighting: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)
    camera: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)
    extras: str | None = Field(default=None, max_length=300, json_schema_extra=_PART)

    @field_validator("*")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        return _plain_text(value)

    def to_domain(self) -> BuildRequest:
        return BuildRequest(**self.model_dump())


def _at_least_one_part(schema: dict[str, Any]) -> None:
    """The document says what the service refuses: a body with no part that says something."""
    schema["anyOf"] = [
        {
            "required": [name],
            "properties": {name: {"type": "string", "pattern": MULTILINE_NOT_BLANK.json}},
        }
        for name in schema["properties"]
    ]


class PromptOut(BaseModel):
    prompt: str = Field(description="One line, at most 2000 characters: a generate prompt.")
    engine: str = Field(
        description="What wrote it: `rules` (PhotoCen's deterministic builder) or"
        " `bedrock:<model id>` (a Bedrock text model)."
    )
