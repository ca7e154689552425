"""Routes of the generate function: generate, jobs, generations, style memory, models,
styles, webhook secret. (The credit history is the account function's.)

Importable without any environment (the meta function merges this router into
``/openapi.json``): services are built on first use.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.generation.idempotency import MAX_KEY_LENGTH
from photocen.generation.model import ItemRequest, Job, ReferenceImage, StyleChoice
from photocen.generation.offerings import DEFAULT_MODEL, MODELS, STYLES
from photocen.generation.pricing import PRICING_SUMMARY
from photocen.generation.region import normalise
from photocen.generation.wiring import generate_services
from photocen.platform.errors import NotFound, ValidationFailed
from photocen.platform.http import base_url, caller, describe
from photocen.platform.text import control_character
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

router = APIGatewayRouter()

MAX_BATCH_ITEMS = 20


# ---------------------------------------------------------------- request models
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
    width: int | None = Field(default=None, ge=64, le=4096, description="Pixels; bounds per model.")
    height: int | None = Field(default=None, ge=64, le=4096)
    steps: int | None = Field(default=None, ge=1, le=150, description="Bounds per model.")
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="null: random.")
    cfg: float | None = Field(default=None, ge=0, le=30, description="Guidance scale.")
    count: int = Field(default=1, ge=1, le=10, description="Images in this job.")


class StyleIn(Strict):
    use_style_memory: bool = False
    style_override: str | None = Field(default=None, max_length=500)
    preset: str | None = Field(default=None, max_length=40, description="A GET /v1/styles id.")

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


class OptionsIn(Strict):
    not_searchable: bool = Field(
        default=False, description="Private: never indexed, kept 24 h in the cache only."
    )


class GenerationFields(Strict):
    """The fields of one generation; a batch's top-level fields are defaults for its items."""

    prompt: str | None = Field(default=None, min_length=1, max_length=2000)
    negative_prompt: str = Field(default="", max_length=1000)
    region: str | None = Field(default=None, max_length=16)
    model: str | None = Field(default=None, max_length=64, description=f"Default {DEFAULT_MODEL}.")
    style: StyleIn | str | None = None
    settings: SettingsIn | None = None
    width: int | None = Field(default=None, ge=64, le=4096)
    height: int | None = Field(default=None, ge=64, le=4096)
    steps: int | None = Field(default=None, ge=1, le=150)
    num_inference_steps: int | None = Field(default=None, ge=1, le=150)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    cfg: float | None = Field(default=None, ge=0, le=30)
    count: int | None = Field(default=None, ge=1, le=10)
    reference_images: list[ReferenceImageIn] | None = Field(default=None, max_length=4)
    webhook_url: str | None = Field(default=None, max_length=2048)
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

    prompt: str = Field(min_length=1, max_length=2000)

    def to_domain(self) -> ItemRequest:
        s = self.settings or SettingsIn()
        given = s.model_fields_set
        style = self.style
        if isinstance(style, str):
            choice = StyleChoice(preset=style)
        elif style is None:
            choice = StyleChoice()
        else:
            choice = StyleChoice(style.preset, style.use_style_memory, style.style_override)
        return ItemRequest(
            prompt=self.prompt,
            negative_prompt=self.negative_prompt,
            region=self.region,
            model=self.model,
            style=choice,
            width=s.width if "width" in given else self.width,
            height=s.height if "height" in given else self.height,
            steps=s.steps if "steps" in given else (self.steps or self.num_inference_steps),
            seed=s.seed if "seed" in given else self.seed,
            cfg=s.cfg if "cfg" in given else self.cfg,
            count=s.count if "count" in given else (self.count or 1),
            reference_images=tuple(
                ReferenceImage(r.image_id, r.data_url) for r in self.reference_images or ()
            ),
            webhook_url=self.webhook_url,
            not_searchable=bool(self.options and self.options.not_searchable),
        )


class GenerateIn(GenerationFields):
    """A single generation (``prompt`` …) or a batch (``items``: answered per item; the other
    top-level fields are defaults for every item)."""

    items: list[dict[str, Any]] | None = Field(
        default=None, min_length=1, max_length=MAX_BATCH_ITEMS
    )

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

    def single(self) -> ItemRequest:
        return ItemIn.model_validate(self.model_dump(exclude_unset=True)).to_domain()

    def batch(self) -> list[ItemRequest]:
        defaults = self.model_dump(exclude_unset=True, exclude={"items"})
        out = []
        for index, raw in enumerate(self.items or []):
            try:
                item = ItemIn.model_validate({**defaults, **raw})
            except ValidationError as exc:
                located = [{**e, "loc": ("body", "items", index, *e["loc"])} for e in exc.errors()]
                raise ValidationFailed(describe(located)) from exc
            out.append(item.to_domain())
        return out


# ---------------------------------------------------------------- response models
class SettingsOut(BaseModel):
    width: int
    height: int
    steps: int
    seed: int
    cfg: float
    count: int


class GenerateAccepted(BaseModel):
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


class ImageOut(BaseModel):
    image_id: str
    url: str = Field(description="Presigned cache URL, valid for url_expires_in seconds.")
    url_expires_in: int
    width: int
    height: int
    seed: int
    content_type: str
    bytes: int
    searchable: bool


class JobError(BaseModel):
    code: str
    message: str


class JobOut(BaseModel):
    id: str
    job_id: str
    status: Literal["queued", "running", "completed", "failed"]
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
    images: list[ImageOut]
    engine_ms: int | None = Field(description="Time the image engine itself took.")
    error: JobError | None


class GenerationsPage(BaseModel):
    data: list[JobOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next (older) page.")


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


class StyleMemoryIn(Strict):
    preset: str | None = Field(default=None, max_length=40)
    keywords: list[Annotated[str, Field(min_length=1, max_length=40)]] | None = Field(
        default=None, max_length=12
    )
    negative_prompt: str | None = Field(default=None, max_length=500)
    default_region: str | None = Field(default=None, max_length=16)
    billing_country: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 code: the region chain's billing step.",
    )

    @field_validator("keywords", "negative_prompt")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return _plain_text(value)


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


class WebhookSecretOut(BaseModel):
    secret: str = Field(description="whsec_…: verify webhook-signature with it.")
    previous_secret: str | None
    previous_valid_until: datetime | None
    created_at: datetime


# ---------------------------------------------------------------- routes
@router.post(
    "/v1/images/generate",
    summary="Generate images (one, or a batch of items); 202 with the job",
    responses={202: {"description": "Accepted"}},
)
def generate(body: Annotated[GenerateIn, Body()]) -> tuple[GenerateAccepted | BatchAccepted, int]:
    services = generate_services()
    principal = caller(router)
    event = router.current_event
    key = event.headers.get("Idempotency-Key")
    viewer_country = event.headers.get("CloudFront-Viewer-Country")
    arguments: dict[str, Any] = {"principal": principal, "viewer_country": viewer_country}
    if body.items is not None:
        arguments["batch"] = body.batch()
    else:
        arguments["single"] = body.single()
    if key is None:
        result = services.service.submit_request(**arguments)
    else:
        if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
            raise ValidationFailed(f"header.Idempotency-Key: 1 to {MAX_KEY_LENGTH} characters")
        result = services.submit_idempotently(
            account_id=principal.account_id,
            idempotency_key=key,
            body=event.json_body,
            lambda_context=router.lambda_context,
            **arguments,
        )
    if "items" in result:
        return BatchAccepted.model_validate(result), 202
    return GenerateAccepted.model_validate(result), 202


@router.get("/v1/images/jobs/<job_id>", summary="A generation job: status, images, cost")
def get_job(job_id: Annotated[str, Path(max_length=64)]) -> JobOut:
    services = generate_services()
    return _job_out(services.jobs.get_owned(caller(router).account_id, job_id))


@router.get("/v1/generations", summary="Your generations, newest first (paginated)")
def list_generations(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> GenerationsPage:
    services = generate_services()
    jobs, next_cursor = services.jobs.list_for_account(caller(router).account_id, limit, cursor)
    return GenerationsPage(data=[_job_out(j) for j in jobs], next_cursor=next_cursor)


@router.get("/v1/generations/<generation_id>", summary="One generation")
def get_generation(generation_id: Annotated[str, Path(max_length=64)]) -> JobOut:
    services = generate_services()
    return _job_out(services.jobs.get_owned(caller(router).account_id, generation_id))


@router.delete(
    "/v1/generations/<generation_id>",
    summary="Delete a finished generation: its images and its record",
    responses={204: {"description": "Deleted"}},
)
def delete_generation(generation_id: Annotated[str, Path(max_length=64)]) -> Response[None]:
    services = generate_services()
    job = services.jobs.get_owned(caller(router).account_id, generation_id)
    if not job.finished:
        raise ValidationFailed("generation_id: still running; delete it once it has finished")
    services.store.delete_images([i.key for i in job.images])
    if not services.jobs.delete_finished(job.job_id):
        raise NotFound(f"no generation {generation_id}")
    return Response(status_code=204)


@router.get("/v1/style-memory", summary="Your style memory: what you set and what was learned")
def get_style_memory() -> StyleMemoryOut:
    services = generate_services()
    return _memory_out(services.profiles.get(caller(router).account_id))


@router.put("/v1/style-memory", summary="Set your style memory (learning goes on)")
def put_style_memory(body: Annotated[StyleMemoryIn, Body()]) -> StyleMemoryOut:
    services = generate_services()
    region = normalise(body.default_region)
    if body.default_region and region is None:
        raise ValidationFailed(f"body.default_region: unknown region {body.default_region!r}")
    memory = services.profiles.update(
        caller(router).account_id,
        preset=body.preset,
        keywords=body.keywords,
        negative_prompt=body.negative_prompt,
        default_region=region,
        billing_country=body.billing_country.lower() if body.billing_country else None,
    )
    return _memory_out(memory)


@router.delete("/v1/style-memory", summary="Forget your style memory (edits and learning)")
def delete_style_memory() -> StyleMemoryOut:
    services = generate_services()
    return _memory_out(services.profiles.reset(caller(router).account_id))


@router.get("/v1/models", summary="Models a generate request may name, with bounds and price")
def list_models() -> ModelsOut:
    return ModelsOut(
        data=[
            ModelOut(
                id=m.id,
                name=m.name,
                description=m.description,
                price_factor=float(m.price_factor),
                min_edge=m.min_edge,
                max_edge=m.max_edge,
                min_steps=m.min_steps,
                max_steps=m.max_steps,
                default_steps=m.default_steps,
                default_cfg=m.default_cfg,
                default=m.id == DEFAULT_MODEL,
            )
            for m in MODELS.values()
        ],
        pricing=PRICING_SUMMARY,
    )


@router.get("/v1/styles", summary="Style presets, with thumbnails")
def list_styles() -> StylesOut:
    base = base_url(router.current_event)
    return StylesOut(
        data=[
            StyleOut(
                id=s.id,
                name=s.name,
                prompt=s.prompt,
                thumbnail_url=f"{base}/v1/styles/{s.id}/thumbnail",
            )
            for s in STYLES.values()
        ]
    )


@router.get(
    "/v1/styles/<style_id>/thumbnail",
    summary="A style's example picture (WebP, immutable)",
    responses={200: {"content": {"image/webp": {}}}},
)
def style_thumbnail(style_id: Annotated[str, Path(max_length=40)]):  # type: ignore[no-untyped-def]
    # No return annotation: with one, response validation would try to serialise the bytes.
    # Pre-rendered by `python -m devstack.style_thumbnails`: no renderer in Lambda.
    if style_id not in STYLES:
        raise NotFound(f"no style {style_id}")
    picture = resources.files("functions.generate").joinpath(f"thumbnails/{style_id}.webp")
    return Response(
        status_code=200,
        content_type="image/webp",
        body=picture.read_bytes(),
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/v1/webhooks/secret", summary="Your webhook signing secret (whsec_…)")
def get_webhook_secret() -> WebhookSecretOut:
    services = generate_services()
    return _secret_out(services.secrets.get_or_create(caller(router).account_id))


@router.post(
    "/v1/webhooks/secret/rotate",
    summary="Rotate your webhook secret; the old one keeps signing for 24 h",
)
def rotate_webhook_secret() -> WebhookSecretOut:
    services = generate_services()
    return _secret_out(services.secrets.rotate(caller(router).account_id))


# ---------------------------------------------------------------- views
def _job_out(job: Job) -> JobOut:
    services = generate_services()
    ttl = services.settings.image_url_ttl_seconds
    return JobOut(
        id=job.job_id,
        job_id=job.job_id,
        status=job.status,
        created_at=job.created_at,
        updated_at=job.updated_at,
        completed_at=job.completed_at,
        prompt=job.prompt,
        negative_prompt=job.negative_prompt,
        model=job.model,
        style=job.style,
        applied_region=job.region,
        settings=SettingsOut(
            width=job.width,
            height=job.height,
            steps=job.steps,
            seed=job.seed,
            cfg=job.cfg,
            count=job.count,
        ),
        searchable=job.searchable,
        estimated_cost=job.reserved,
        credits_reserved=job.reserved,
        credits_charged=job.charged,
        images=[
            ImageOut(
                image_id=i.image_id,
                url=services.store.image_url(i.key, ttl),
                url_expires_in=ttl,
                width=i.width,
                height=i.height,
                seed=i.seed,
                content_type=i.content_type,
                bytes=i.bytes,
                searchable=job.searchable,
            )
            for i in job.images
        ],
        engine_ms=job.engine_ms,
        error=JobError(code=job.error_code, message=job.error_message or "")
        if job.error_code
        else None,
    )


def _memory_out(memory: Any) -> StyleMemoryOut:
    from photocen.generation.profiles import StyleMemory

    m = memory or StyleMemory()
    return StyleMemoryOut(
        preset=m.preset,
        keywords=list(m.keywords),
        negative_prompt=m.negative_prompt,
        default_region=m.default_region,
        billing_country=m.billing_country,
        effective_preset=m.effective_preset(),
        effective_keywords=list(m.effective_keywords()),
        learned=LearnedOut(
            generations=m.learned_from, styles=m.learned_styles, keywords=m.learned_keywords
        ),
    )


def _secret_out(secret: Any) -> WebhookSecretOut:
    return WebhookSecretOut(
        secret=secret.secret,
        previous_secret=secret.previous_secret,
        previous_valid_until=secret.previous_valid_until,
        created_at=secret.created_at,
    )
