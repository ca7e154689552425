"""Generation's services: submitting generations, reading and deleting them, style memory.

``GenerationService`` submits: validate, price, reserve, record, hand to the endpoint.

The order of writes makes every crash recoverable by the sweeper:

1. the job item (``queued``, with its deadline on the sparse ``pending`` index);
2. the reservation (``reserve:<job>`` in the ledger); refused → the job item is discarded
   and nothing was charged;
3. the inference input in S3 and ``invoke_endpoint_async(InferenceId=<job>)``; a refusal
   here refunds at once and fails the job;
4. ``queued → running``, best effort: once the endpoint has the job it is accepted.

A crash after 1 or 2 leaves a pending job that the sweeper fails (refunding whatever was
reserved) once its deadline passes. A batch (``items``) is validated as a whole first (one
invalid item is a 422 for the request, nothing charged), then each item is accepted or
refused on its own: one item short of credits does not sink the others.

``Generations`` reads an account's jobs (as ``JobView``) and deletes finished ones;
``StyleMemoryService`` reads, edits, teaches and forgets an account's style memory.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from photocen.generation import pricing
from photocen.generation.model import GenerationRequest, Job, JobStatus, Plan, inference_input
from photocen.generation.offerings import (
    IMAGE_MODELS,
    MAX_OUTPUT_EDGE,
    PURPOSES,
    QUALITIES,
    STYLES,
    UPSCALE_PLANS,
    UPSCALES,
    model_for,
)
from photocen.generation.region import is_known, localise, resolve_region
from photocen.generation.style_memory import (
    StyleEdits,
    StyleMemory,
    apply_style,
    edited,
    forgotten,
    learn,
)
from photocen.generation.view import JobView, JobViews
from photocen.platform.clock import utcnow
from photocen.platform.errors import (
    Forbidden,
    InsufficientCredits,
    NotFound,
    PhotoCenError,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
)
from photocen.platform.observability import logger
from photocen.platform.outbound import Resolver, check_url, system_resolver
from photocen.platform.principal import Principal

if TYPE_CHECKING:
    from photocen.credits.ports import Ledger
    from photocen.generation.lifecycle import Retirement
    from photocen.generation.ports import (
        CatalogImages,
        GenerationLimits,
        InferenceEndpoint,
        ReferenceFetcher,
    )
    from photocen.generation.settings import GenerateSettings
    from photocen.generation.store import ImageCache, JobStore, ProfileStore

DEFAULT_EDGE = 512
MAX_SEED = 2**31 - 1
MAX_REFERENCE_IMAGES = 10
MAX_REFERENCE_BYTES = 2 * 1024 * 1024
# The most pixels a reference image may declare (docs/api.md). model/inference.py keeps the
# same number (it cannot import this package); a unit test holds the two equal.
MAX_REFERENCE_PIXELS = 4096 * 4096
_DATA_URL = re.compile(r"^data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/=\s]+)$")
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


# Prefer: wait polls the job store with this backoff (Generations.wait_for).
WAIT_FIRST_PAUSE = 0.05
WAIT_MAX_PAUSE = 1.0


def new_job_id() -> str:
    return "gen_" + secrets.token_hex(10)


class GenerationService:
    def __init__(
        self,
        settings: GenerateSettings,
        *,
        jobs: JobStore,
        ledger: Ledger,
        profiles: ProfileStore,
        endpoint: InferenceEndpoint,
        views: JobViews,
        limits: GenerationLimits,
        resolver: Resolver = system_resolver,
        clock: Callable[[], datetime] = utcnow,
        new_id: Callable[[], str] = new_job_id,
        fetcher: ReferenceFetcher | None = None,
        catalog: CatalogImages | None = None,
    ) -> None:
        self._fetcher = fetcher
        self._catalog = catalog
        self.settings = settings
        self.jobs = jobs
        self.ledger = ledger
        self.profiles = profiles
        self.endpoint = endpoint
        self.views = views
        self.limits = limits
        self._resolver = resolver
        self._clock = clock
        self._new_id = new_id

    # ------------------------------------------------------------ entry points
    def submit_request(
        self,
        *,
        principal: Principal,
        single: GenerationRequest | None = None,
        batch: Sequence[GenerationRequest] | None = None,
        viewer_country: str | None = None,
    ) -> dict[str, Any]:
        """A generate request: one item, or a batch answered per item.

        Returns the answer as JSON (what an ``Idempotency-Key`` replays): an accepted
        job's ``JobView``, or the batch's items (each a view, or the reason it was refused)
        and totals."""
        if batch is not None:
            return self.submit_batch(principal, batch, viewer_country)
        if single is None:
            raise ValidationFailed("body: give a prompt or items")
        return self.submit_one(principal, single, viewer_country)

    def submit_one(
        self, principal: Principal, item: GenerationRequest, viewer_country: str | None = None
    ) -> dict[str, Any]:
        memory = self.profiles.get(principal.account_id)
        plan = self.plan(
            item, memory, viewer_country, field_prefix="body.", caller_plan=principal.plan
        )
        return self.accept(principal, plan)

    def submit_batch(
        self,
        principal: Principal,
        items: Sequence[GenerationRequest],
        viewer_country: str | None = None,
    ) -> dict[str, Any]:
        memory = self.profiles.get(principal.account_id)
        # One DNS lookup per distinct webhook host for the whole batch, not one per item.
        resolver = cache(self._resolver)
        plans = [
            self.plan(
                item,
                memory,
                viewer_country,
                field_prefix=f"body.items.{i}.",
                resolver=resolver,
                caller_plan=principal.plan,
            )
            for i, item in enumerate(items)
        ]
        results: list[dict[str, Any]] = []
        for index, plan in enumerate(plans):
            try:
                accepted = self.accept(principal, plan)
            except (InsufficientCredits, RateLimited, ServiceUnavailable) as exc:
                results.append(_refused(index, exc))
                continue
            results.append({"index": index, "success": True, **accepted})
        accepted_items = [r for r in results if r["success"]]
        return {
            "items": results,
            "accepted": len(accepted_items),
            "refused": len(results) - len(accepted_items),
            "estimated_cost": sum(r["estimated_cost"] for r in accepted_items),
            "credits_reserved": sum(r["credits_reserved"] for r in accepted_items),
        }

    # ------------------------------------------------------------ steps
    def plan(
        self,
        item: GenerationRequest,
        memory: StyleMemory | None,
        viewer_country: str | None,
        *,
        field_prefix: str,
        resolver: Resolver | None = None,
        caller_plan: str = "free",
    ) -> Plan:
        p = field_prefix
        model = model_for(
            item.model, width=item.width, height=item.height, steps=item.steps, cfg=item.cfg
        )
        if model is None:
            raise ValidationFailed(
                f"{p}model: unknown model {item.model!r}; one of {sorted(IMAGE_MODELS)}"
            )
        width = item.width or DEFAULT_EDGE
        height = item.height or DEFAULT_EDGE
        for name, edge in (("width", width), ("height", height)):
            if not model.min_edge <= edge <= model.max_edge:
                raise ValidationFailed(
                    f"{p}settings.{name}: {model.id} takes {model.min_edge} to {model.max_edge} px"
                )
        steps = item.steps or model.default_steps
        if not model.min_steps <= steps <= model.max_steps:
            raise ValidationFailed(
                f"{p}settings.steps: {model.id} takes {model.min_steps} to {model.max_steps} steps"
            )
        cfg = model.default_cfg if item.cfg is None else item.cfg
        if not 0 <= cfg <= model.max_cfg:
            raise ValidationFailed(f"{p}settings.cfg: {model.id} takes 0 to {model.max_cfg}")
        self._check_finish(item, width, height, caller_plan, p)
        if item.style.preset is not None and item.style.preset not in STYLES:
            raise ValidationFailed(
                f"{p}style.preset: unknown style {item.style.preset!r}; see GET /v1/styles"
            )
        if item.region is not None and not is_known(item.region):
            raise ValidationFailed(
                f"{p}region: unknown region {item.region!r}; an ISO country code or 'global'"
            )
        references = self._references(item, p, resolver)
        if item.webhook_url is not None:
            check_url(
                item.webhook_url,
                field="webhook_url",
                allow_loopback=self.settings.webhook_allow_loopback,
                resolver=resolver or self._resolver,
            )
        region = resolve_region(
            item.region,
            memory.default_region if memory else None,
            memory.billing_country if memory else None,
            viewer_country,
            geo_enabled=self.settings.geo_region_enabled,
        )
        styled = apply_style(item.prompt, item.negative_prompt, item.style, memory)
        purpose = PURPOSES[item.purpose]
        prompt = _joined(styled.prompt, purpose.prompt)
        negative = _joined(styled.negative_prompt, purpose.negative_prompt)
        priced = (model.price_factor, item.quality, item.upscale)
        cost_per_image = pricing.image_cost(width, height, steps, *priced)
        seed = item.seed if item.seed is not None else secrets.randbelow(MAX_SEED - 16)
        return Plan(
            prompt=item.prompt,
            final_prompt=localise(prompt, region.region),
            negative_prompt=negative,
            model=model.id,
            style=styled.style,
            width=width,
            height=height,
            steps=steps,
            cfg=cfg,
            seed=seed,
            count=item.count,
            region=region.region,
            region_source=region.source,
            searchable=not item.not_searchable,
            cost_per_image=cost_per_image,
            reserved=pricing.job_cost(width, height, steps, item.count, *priced),
            webhook_url=item.webhook_url,
            reference_images=references,
            purpose=purpose.id,
            quality=item.quality,
            upscale=item.upscale,
        )

    @staticmethod
    def _check_finish(
        item: GenerationRequest, width: int, height: int, caller_plan: str, p: str
    ) -> None:
        """``purpose``, ``quality`` and ``upscale``: known values, an upscaled image no larger
        than ``MAX_OUTPUT_EDGE``, and an upscale only on the plans that sell it (403)."""
        if item.purpose not in PURPOSES:
            raise ValidationFailed(f"{p}purpose: one of {list(PURPOSES)}")
        if item.quality not in QUALITIES:
            raise ValidationFailed(f"{p}quality: one of {list(QUALITIES)}")
        if item.upscale not in UPSCALES:
            raise ValidationFailed(f"{p}upscale: true (4x) or false")
        if item.upscale == 1:
            return
        largest = MAX_OUTPUT_EDGE // item.upscale
        for name, edge in (("width", width), ("height", height)):
            if edge > largest:
                raise ValidationFailed(
                    f"{p}settings.{name}: with upscale ({item.upscale}x) at most {largest} px"
                    f" (the upscaled image may be {MAX_OUTPUT_EDGE} px at most)"
                )
        if caller_plan not in UPSCALE_PLANS:
            raise Forbidden(
                f"{p}upscale: included in the {' and '.join(UPSCALE_PLANS)} plans; this key's"
                f" plan is {caller_plan}"
            )

    def accept(self, principal: Principal, plan: Plan) -> dict[str, Any]:
        account_id = principal.account_id
        job_id = self._new_id()
        now = self._clock()
        settings = self.settings
        deadline = (
            int(now.timestamp())
            + settings.inference_queue_ttl_seconds
            + settings.inference_timeout_seconds
            + settings.sweep_grace_seconds
        )
        job = Job.accept(plan, job_id=job_id, account_id=account_id, now=now, deadline=deadline)
        # The plan's quotas first: a refusal (429) records no job and reserves no credits.
        self.limits.start_generation(principal, job_id, plan.count)
        try:
            self.jobs.create(job)
            self.ledger.reserve(account_id, job.reserved, job_id)
        except InsufficientCredits:
            self.jobs.discard(job_id)
            self.limits.cancel_generation(account_id, job_id, plan.count)
            raise
        except ServiceUnavailable:
            self.limits.cancel_generation(account_id, job_id, plan.count)
            raise
        try:
            self.endpoint.submit(job_id, inference_input(job, plan.reference_images))
        except ServiceUnavailable as exc:
            # Not handed over: give the credits back now rather than at the deadline.
            self.ledger.refund(account_id, job_id, job.reserved)
            self.jobs.fail(job_id, "service_unavailable", exc.message)
            self.limits.cancel_generation(account_id, job_id, plan.count)
            raise
        # The endpoint has the job: it will run and be charged, so it is accepted whatever
        # happens next. Failing here would answer 503 for a running job, and a retry with the
        # same Idempotency-Key (whose record a failure deletes) would make and charge another.
        status: JobStatus
        try:
            status = "running" if self.jobs.mark_running(job_id) else "queued"
        except ServiceUnavailable:
            logger.warning("job accepted but not marked running", extra={"job_id": job_id})
            status = "queued"
        logger.debug("generation accepted", extra={"job_id": job_id, "cost": job.reserved})
        return self.views.of(replace(job, status=status)).model_dump(mode="json")

    def _references(
        self, item: GenerationRequest, p: str, resolver: Resolver | None = None
    ) -> tuple[str, ...]:
        """Each reference image as the engine takes it: a checked ``data:`` URL. A URL is
        fetched (SSRF guard, size cap), a catalog id read from the catalog; the bytes are
        sniffed, whatever they came labelled as."""
        if len(item.reference_images) > MAX_REFERENCE_IMAGES:
            raise ValidationFailed(
                f"{p}reference_images: at most {MAX_REFERENCE_IMAGES} reference images"
            )
        out: list[str] = []
        for i, ref in enumerate(item.reference_images):
            where = f"{p}reference_images.{i}"
            given = [n for n in ("data_url", "url", "image_id") if getattr(ref, n) is not None]
            if len(given) != 1:
                raise ValidationFailed(f"{where}: give exactly one of data_url, url or image_id")
            if ref.data_url is not None:
                out.append(self._inline_reference(ref.data_url, f"{where}.data_url"))
            elif ref.url is not None:
                data = self._fetch_reference(ref.url, f"{where}.url", resolver)
                out.append(_as_data_url(data, f"{where}.url"))
            elif ref.image_id is not None:
                data = self._catalog_reference(ref.image_id, f"{where}.image_id")
                out.append(_as_data_url(data, f"{where}.image_id"))
        return tuple(out)

    @staticmethod
    def _inline_reference(data_url: str, where: str) -> str:
        match = _DATA_URL.match(data_url)
        if match is None:
            raise ValidationFailed(f"{where}: must be data:image/png|jpeg|webp;base64,…")
        try:
            data = base64.b64decode(match.group(2), validate=False)
        except binascii.Error as exc:
            raise ValidationFailed(f"{where}: invalid base64") from exc
        if len(data) > MAX_REFERENCE_BYTES:
            raise ValidationFailed(f"{where}: larger than {MAX_REFERENCE_BYTES // 1024} KiB")
        _check_reference_header(data, [match.group(1)], where)
        return data_url

    def _fetch_reference(self, url: str, where: str, resolver: Resolver | None) -> bytes:
        if self._fetcher is None:
            raise ValidationFailed(f"{where}: reference URLs are not enabled here")
        target = check_url(
            url,
            field=where,
            allow_loopback=self.settings.reference_allow_loopback,
            resolver=resolver or self._resolver,
        )
        return self._fetcher.fetch(
            target,
            field=where,
            max_bytes=MAX_REFERENCE_BYTES,
            timeout=self.settings.reference_fetch_timeout_seconds,
        )

    def _catalog_reference(self, image_id: str, where: str) -> bytes:
        # Ids start at 1 (item 0 of the catalog table is its header, never an image).
        if not image_id.isascii() or not image_id.isdigit() or len(image_id) > 12:
            raise ValidationFailed(f"{where}: a catalog image id (digits, see GET /v2/list)")
        if int(image_id) < 1:
            raise ValidationFailed(f"{where}: catalog image ids start at 1 (see GET /v2/list)")
        if self._catalog is None:
            raise ValidationFailed(f"{where}: catalog references are not enabled here")
        try:
            return self._catalog.read(int(image_id), MAX_REFERENCE_BYTES)
        except NotFound as exc:
            raise ValidationFailed(f"{where}: no catalog image {int(image_id)}") from exc


def _as_data_url(data: bytes, where: str) -> str:
    """Bytes fetched or read, as the engine's input: the type is what the bytes are."""
    subtype = _check_reference_header(data, list(_PILLOW_FORMATS), where)
    return f"data:image/{subtype};base64,{base64.b64encode(data).decode('ascii')}"


def _check_reference_header(data: bytes, subtypes: list[str], where: str) -> str:
    """The image must be one of ``subtypes`` (png, jpeg, webp) and declare at most
    MAX_REFERENCE_PIXELS; returns the subtype it is.

    Reads the header only (``Image.open`` without ``load``): a small file may declare a
    canvas the engine would decode to gigabytes (a decompression bomb); here that costs
    nothing and is refused with a 422.
    """
    # Imported here: the generate function pays for Pillow only when a reference comes. The
    # plugins are imported by name so that ``formats=`` needs no scan of all of Pillow's.
    from PIL import Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

    declared = " or ".join(f"image/{s}" for s in subtypes)
    try:
        # Only the allowed formats' parsers run: a JPEG labelled image/png is refused. (Pillow
        # raises a bomb error by itself past 2 x Image.MAX_IMAGE_PIXELS, and its WebP opener
        # sets up libwebp's decoder, canvas included, before the size is ours to check.)
        formats = [_PILLOW_FORMATS[s] for s in subtypes]
        with Image.open(io.BytesIO(data), formats=formats) as image:
            width, height = image.size
            found = str(image.format)
    except Image.DecompressionBombError as exc:
        raise ValidationFailed(
            f"{where}: declares more than {MAX_REFERENCE_PIXELS:,} pixels, the most a reference"
            " image may have"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationFailed(f"{where}: not a readable {declared} image") from exc
    if width * height > MAX_REFERENCE_PIXELS:
        raise ValidationFailed(
            f"{where}: declares {width}x{height} = {width * height:,} pixels; a reference image"
            f" may have at most {MAX_REFERENCE_PIXELS:,}"
        )
    return {v: k for k, v in _PILLOW_FORMATS.items()}[found]


def _joined(text: str, addition: str) -> str:
    return ", ".join(part for part in (text, addition) if part)


def _refused(index: int, exc: PhotoCenError) -> dict[str, Any]:
    return {
        "index": index,
        "success": False,
        "error": {"code": exc.code, "message": exc.message},
    }


class Generations:
    """An account's generations: read as ``JobView``, and deleted once finished."""

    def __init__(
        self,
        jobs: JobStore,
        images: ImageCache,
        views: JobViews,
        retirement: Retirement | None = None,
    ) -> None:
        self.jobs = jobs
        self.images = images
        self.views = views
        self.retirement = retirement

    def get(self, account_id: str, job_id: str, *, data_urls: bool = False) -> JobView:
        return self.views.of(self.jobs.get_owned(account_id, job_id), data_urls=data_urls)

    def wait_for(
        self,
        account_id: str,
        job_id: str,
        seconds: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> Job | None:
        """The job once finished, or ``None`` if it is still running after ``seconds``
        (``Prefer: wait``). Reads the job store with a growing pause (50 ms doubling to
        1 s): a fast job is answered within a few reads, a slow one costs a read a second."""
        deadline = monotonic() + seconds
        pause = WAIT_FIRST_PAUSE
        while True:
            job = self.jobs.get_owned(account_id, job_id)
            if job.finished:
                return job
            left = deadline - monotonic()
            if left <= 0:
                return None
            sleep(min(pause, left))
            pause = min(pause * 2, WAIT_MAX_PAUSE)

    def page(
        self, account_id: str, limit: int, cursor: str | None
    ) -> tuple[list[JobView], str | None]:
        """One page of the account's generations, newest first, and the next page's cursor."""
        jobs, next_cursor = self.jobs.list_for_account(account_id, limit, cursor)
        return [self.views.of(j) for j in jobs], next_cursor

    def delete(self, account_id: str, job_id: str) -> None:
        """Delete a finished generation: its catalog entries, renditions and vectors (once
        migrated), its cached images, then its record. A crash half-way leaves the record,
        so a repeated delete finishes the work."""
        job = self.jobs.get_owned(account_id, job_id)
        if not job.finished:
            raise ValidationFailed("generation_id: still running; delete it once it has finished")
        if self.retirement is not None:
            self.retirement.retire_job(job)
        self.images.delete_images([i.key for i in job.images])
        if not self.jobs.delete_finished(job.job_id):
            raise NotFound(f"no generation {job_id}")


class StyleMemoryService:
    """An account's style memory (``photocen.generation.style_memory``): read, edited by its
    owner, taught by completed generations, forgotten."""

    def __init__(self, profiles: ProfileStore) -> None:
        self.profiles = profiles

    def get(self, account_id: str) -> StyleMemory:
        return self.profiles.get(account_id) or StyleMemory()

    def update(self, account_id: str, edits: StyleEdits) -> StyleMemory:
        """Replace the editable part of the memory (what is learned stays); an invalid edit
        is refused (422) and changes nothing."""
        return self.profiles.change(account_id, lambda memory: edited(memory, edits))

    def learn(self, account_id: str, style: str | None, prompt: str) -> StyleMemory:
        return self.profiles.change(account_id, lambda memory: learn(memory, style, prompt))

    def reset(self, account_id: str) -> StyleMemory:
        """Forget the style memory (edits and what was learned); keep the region defaults.

        One conditional write that clears the style fields: no moment at which the region
        defaults exist nowhere."""
        return self.profiles.change(account_id, forgotten)
