"""Routes of the generate function: generate, jobs, generations, style memory, models,
styles, webhook secret. (The credit history is the account function's.)

Endpoints only: each parses (``functions.generate.schemas``), makes one call into the
generation services (``photocen.generation.wiring``) and answers. Importable without any
environment (the meta function merges this router into ``/openapi.json``): services are
built on first use.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.generation.model import JOB_ID
from photocen.generation.offerings import IMAGE_MODELS, MAX_OUTPUT_EDGE, STYLES, UPSCALE_PLANS
from photocen.generation.pricing import PRICING_SUMMARY, QUALITY_FACTORS, UPSCALE_FACTORS
from photocen.generation.view import ResponseFormat
from photocen.generation.wiring import generate_services
from photocen.platform.errors import NotFound
from photocen.platform.http import base_url, caller
from photocen.prompts.wiring import prompt_service

from functions.generate.schemas import (
    MAX_WAIT_SECONDS,
    BatchAccepted,
    GenerateAccepted,
    GenerateIn,
    GenerationsPage,
    JobOut,
    ModelOut,
    ModelsOut,
    PromptBuildIn,
    PromptEnhanceIn,
    PromptOut,
    StyleMemoryIn,
    StyleMemoryOut,
    StyleOut,
    StylesOut,
    WebhookSecretOut,
    accepted,
    idempotency_key,
    prefer_wait,
)

router = APIGatewayRouter()

# Any other id is simply not one (404); the document says what an id looks like.
JobId = Annotated[
    str,
    Path(
        max_length=64,
        description="`gen_` and 20 hex digits.",
        json_schema_extra={"pattern": JOB_ID.json},
    ),
]
StyleId = Annotated[str, Path(max_length=40, json_schema_extra={"enum": list(STYLES)})]


# ---------------------------------------------------------------- generate and jobs
@router.post(
    "/v1/images/generate",
    summary="Generate images (one, or a batch of items); 202 with the job, or 200 with the"
    " finished job when `Prefer: wait` was sent and it finished in time",
    responses={
        200: {"description": "Finished within `Prefer: wait` (a single generation)"},
        202: {"description": "Accepted"},
    },
)
def generate(
    body: Annotated[GenerateIn, Body()],
) -> Response[GenerateAccepted | BatchAccepted | JobOut]:
    # Headers as Idempotency-Key is read: `Prefer: wait` / `wait=N` (docs/api.md).
    event = router.current_event
    wait = prefer_wait(event.headers.get("Prefer"))
    single, batch = body.to_domain()
    services = generate_services()
    principal = caller(router)
    answer = services.submit(
        principal=principal,
        single=single,
        batch=batch,
        viewer_country=event.headers.get("CloudFront-Viewer-Country"),
        idempotency_key=idempotency_key(event.headers.get("Idempotency-Key")),
        body=event.json_body,
        lambda_context=router.lambda_context,
    )
    if wait is None or batch is not None:
        return Response(202, content_type="application/json", body=accepted(answer))
    # Held within the function's own time too, so a slow job answers 202, never a timeout.
    seconds = min(wait, _seconds_left(router.lambda_context) - WAIT_MARGIN_SECONDS)
    job = services.generations.wait_for(principal.account_id, answer["job_id"], seconds)
    headers = {"Preference-Applied": f"wait={wait}"}
    if job is None:
        return Response(
            202, content_type="application/json", body=accepted(answer), headers=headers
        )
    view = services.generations.views.of(job, data_urls=body.response_format == "data_url")
    return Response(
        200, content_type="application/json", body=JobOut.model_validate(view), headers=headers
    )


# Left for answering after a wait: reading the images and writing the response.
WAIT_MARGIN_SECONDS = 3


def _seconds_left(context: Any) -> float:
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return remaining() / 1000 if callable(remaining) else float(MAX_WAIT_SECONDS)


@router.get("/v1/images/jobs/<job_id>", summary="A generation job: status, images, cost")
def get_job(
    job_id: JobId,
    response_format: Annotated[
        ResponseFormat,
        Query(description="`data_url`: each image also inline, within the answer's budget."),
    ] = "url",
) -> JobOut:
    view = generate_services().generations.get(
        caller(router).account_id, job_id, data_urls=response_format == "data_url"
    )
    return JobOut.model_validate(view)


@router.get("/v1/generations", summary="Your generations, newest first (paginated)")
def list_generations(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> GenerationsPage:
    views, next_cursor = generate_services().generations.page(
        caller(router).account_id, limit, cursor
    )
    return GenerationsPage(data=[JobOut.model_validate(v) for v in views], next_cursor=next_cursor)


@router.get("/v1/generations/<generation_id>", summary="One generation")
def get_generation(generation_id: JobId) -> JobOut:
    view = generate_services().generations.get(caller(router).account_id, generation_id)
    return JobOut.model_validate(view)


@router.delete(
    "/v1/generations/<generation_id>",
    summary="Delete a finished generation: its images and its record",
    responses={204: {"description": "Deleted"}},
)
def delete_generation(generation_id: JobId) -> Response[None]:
    generate_services().generations.delete(caller(router).account_id, generation_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- style memory
@router.get("/v1/style-memory", summary="Your style memory: what you set and what was learned")
def get_style_memory() -> StyleMemoryOut:
    memory = generate_services().style_memory.get(caller(router).account_id)
    return StyleMemoryOut.of(memory)


@router.put("/v1/style-memory", summary="Set your style memory (learning goes on)")
def put_style_memory(body: Annotated[StyleMemoryIn, Body()]) -> StyleMemoryOut:
    memory = generate_services().style_memory.update(caller(router).account_id, body.to_domain())
    return StyleMemoryOut.of(memory)


@router.delete("/v1/style-memory", summary="Forget your style memory (edits and learning)")
def delete_style_memory() -> StyleMemoryOut:
    memory = generate_services().style_memory.reset(caller(router).account_id)
    return StyleMemoryOut.of(memory)


# ---------------------------------------------------------------- models and styles
@router.get("/v1/models", summary="Models a generate request may name, with bounds and price")
def list_models() -> ModelsOut:
    return ModelsOut(
        data=[ModelOut.of(m) for m in IMAGE_MODELS.values()],
        pricing=PRICING_SUMMARY,
        quality_factors={name: float(f) for name, f in QUALITY_FACTORS.items()},
        upscale_factor=float(UPSCALE_FACTORS[4]),
        upscale_plans=list(UPSCALE_PLANS),
        max_output_edge=MAX_OUTPUT_EDGE,
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
def style_thumbnail(style_id: StyleId):  # type: ignore[no-untyped-def]
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


# ---------------------------------------------------------------- prompt tools
@router.post("/v1/prompt/enhance", summary="Expand a short idea into a richer prompt (free)")
def enhance_prompt(body: Annotated[PromptEnhanceIn, Body()]) -> PromptOut:
    caller(router)  # a token is needed (rate-limited like every route), no credit
    written = prompt_service().enhance(body.to_domain())
    return PromptOut(prompt=written.prompt, engine=written.engine)


@router.post("/v1/prompt/build", summary="Write one prompt from structured fields (free)")
def build_prompt(body: Annotated[PromptBuildIn, Body()]) -> PromptOut:
    caller(router)
    written = prompt_service().build(body.to_domain())
    return PromptOut(prompt=written.prompt, engine=written.engine)


# ---------------------------------------------------------------- webhook secret
@router.get("/v1/webhooks/secret", summary="Your webhook signing secret (whsec_…)")
def get_webhook_secret() -> WebhookSecretOut:
    secret = generate_services().secrets.get_or_create(caller(router).account_id)
    return WebhookSecretOut.model_validate(secret)


@router.post(
    "/v1/webhooks/secret/rotate",
    summary="Rotate your webhook secret; the old one keeps signing for 24 h",
)
def rotate_webhook_secret() -> WebhookSecretOut:
    secret = generate_services().secrets.rotate(caller(router).account_id)
    return WebhookSecretOut.model_validate(secret)
