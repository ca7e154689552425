"""The domain objects of generation, as plain values (no I/O).

One generation request has one shape per boundary, and one mapping between each pair:

- HTTP: ``functions/generate/schemas.py`` (``GenerateIn``), mapped to ``GenerationRequest``
  there;
- domain: ``GenerationRequest`` (what the service takes) → ``Plan`` (resolved and priced) →
  ``Job`` (accepted: ``Job.accept``); ``inference_input`` is what the engine is sent;
- stored: ``JobRecord`` (``photocen.generation.store``, mapped to and from ``Job`` there);
- public: ``JobView`` (``photocen.generation.view``): API answers and webhook payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Literal

from photocen.generation.region import RegionSource
from photocen.platform.patterns import Pattern

# A job's id (``service.new_job_id``); the routes document it for their path parameters.
JOB_ID = Pattern("gen_[0-9a-f]{20}")

JobStatus = Literal["queued", "running", "completed", "failed"]
ACTIVE: tuple[JobStatus, ...] = ("queued", "running")
FINISHED: tuple[JobStatus, ...] = ("completed", "failed")

# Where a job's images live in the cache bucket: searchable ones under ``images/``, private
# ones under ``private/`` (that prefix expires after a day: infra/generation.py).
SEARCHABLE_PREFIX = "images/"
PRIVATE_PREFIX = "private/"


# ---------------------------------------------------------------- the request
@dataclass(frozen=True)
class StyleChoice:
    preset: str | None = None
    use_style_memory: bool = False
    style_override: str | None = None


@dataclass(frozen=True)
class ReferenceImage:
    """One of: an inline ``data:image/…;base64,…`` URL, an https ``url`` (fetched through
    the SSRF guard) or a catalog ``image_id``. Each reaches the engine as a data URL."""

    image_id: str | None = None
    data_url: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class GenerationRequest:
    """One generation as asked for (already shape-checked at the HTTP edge); ``None`` means
    "the model's default" (or a random seed)."""

    prompt: str
    negative_prompt: str = ""
    region: str | None = None
    model: str | None = None
    style: StyleChoice = field(default_factory=StyleChoice)
    width: int | None = None
    height: int | None = None
    steps: int | None = None
    seed: int | None = None
    cfg: float | None = None
    count: int = 1
    reference_images: tuple[ReferenceImage, ...] = ()
    webhook_url: str | None = None
    not_searchable: bool = False
    purpose: str = "image"
    quality: str = "standard"
    upscale: int = 1


# ---------------------------------------------------------------- the job
@dataclass(frozen=True, kw_only=True)
class JobSpec:
    """What a job makes and what it costs: a request with every default, the style and the
    region applied, and priced. Shared by ``Plan`` and ``Job`` (one list of these fields)."""

    prompt: str  # as the caller wrote it
    final_prompt: str  # styled and localised: what the engine is given
    negative_prompt: str
    model: str  # an image model's id (photocen.generation.offerings)
    style: str | None  # the style preset applied, if any
    width: int
    height: int
    steps: int
    cfg: float
    seed: int  # of the first image; image n has seed + n
    count: int
    region: str
    region_source: RegionSource
    searchable: bool
    cost_per_image: int
    reserved: int  # the estimate: count x cost_per_image
    webhook_url: str | None
    purpose: str = "image"  # image | product | logo (offerings.PURPOSES)
    quality: str = "standard"  # standard | hd | ultra (priced: pricing.QUALITY_FACTORS)
    upscale: int = 1  # 1 or 4: the engine upscales each image by this


@dataclass(frozen=True, kw_only=True)
class Plan(JobSpec):
    """A request resolved and priced, before anything is written.

    Not a ``Job``: a batch plans every item (so that one invalid item refuses the request
    before any is charged) and only then accepts them one by one, each getting its id, owner
    and times (``Job.accept``). It also carries the reference images, which go to the engine
    but are never stored.
    """

    reference_images: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneratedImage:
    """One picture of a finished job, stored in the cache bucket under ``key``.

    A searchable picture is then migrated (``photocen.lifecycle``): ``catalog_id`` is the
    delivery catalog's id claimed for it (written before the id is used, so a rerun reuses
    it), ``catalog_key`` the catalog object it is served from once the migration finished.
    """

    image_id: str
    key: str
    width: int
    height: int
    seed: int
    content_type: str
    bytes: int
    caption: str = ""  # what the engine says it drew (the inference output's caption)
    catalog_id: int | None = None
    catalog_key: str | None = None

    @property
    def migrated(self) -> bool:
        return self.catalog_key is not None


@dataclass(frozen=True, kw_only=True)
class Job(JobSpec):
    """One generation job (one item of a generate request); also called a *generation*.

    ``queued`` when recorded, ``running`` once the endpoint took it, then ``completed`` or
    ``failed``; ``deadline`` (epoch seconds) is when the sweeper calls an unfinished job lost.
    """

    job_id: str
    account_id: str
    status: JobStatus
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    charged: int | None = None
    webhook_enqueued: bool = False
    images: tuple[GeneratedImage, ...] = ()
    engine_ms: int | None = None
    error_code: str | None = None
    error_message: str | None = None
    deadline: int | None = None
    # A private job's images were deleted from the cache (``photocen.lifecycle``'s cleanup).
    expired_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @classmethod
    def accept(
        cls, spec: JobSpec, *, job_id: str, account_id: str, now: datetime, deadline: int
    ) -> Job:
        """The new (``queued``) job of a planned request."""
        return cls(
            **spec_fields(spec),
            job_id=job_id,
            account_id=account_id,
            status="queued",
            created_at=now,
            updated_at=now,
            deadline=deadline,
        )


_SPEC_FIELDS = tuple(f.name for f in fields(JobSpec))


def spec_fields(spec: JobSpec) -> dict[str, Any]:
    """The ``JobSpec`` fields of a plan or a job, by name."""
    return {name: getattr(spec, name) for name in _SPEC_FIELDS}


# A private image lives this long after its job completed: then its URL is no longer handed
# out, and the cleanup deletes it (docs/api.md "Searchable vs private").
PRIVATE_LIFETIME = timedelta(hours=24)


def private_expiry(job: Job) -> datetime | None:
    """When a private job's images stop existing (``None``: searchable, or unfinished)."""
    if job.searchable or job.completed_at is None:
        return None
    return job.completed_at + PRIVATE_LIFETIME


def image_key(account_id: str, job_id: str, index: int, *, searchable: bool) -> str:
    """Where image ``index`` of a job is kept in the cache bucket."""
    prefix = SEARCHABLE_PREFIX if searchable else PRIVATE_PREFIX
    return f"{prefix}{account_id}/{job_id}/{index}.png"


def inference_input(job: Job, reference_images: tuple[str, ...] = ()) -> dict[str, Any]:
    """The request document of model/inference.py's ``input_fn`` (``model.contract.
    InferenceRequest``): the one mapping from a job to what the engine is sent."""
    return {
        "job_id": job.job_id,
        "prompt": job.final_prompt,
        "negative_prompt": job.negative_prompt,
        "model": job.model,
        "style": job.style,
        "width": job.width,
        "height": job.height,
        "steps": job.steps,
        "cfg": job.cfg,
        "seeds": [job.seed + i for i in range(job.count)],
        "reference_images": list(reference_images),
        "purpose": job.purpose,
        "quality": job.quality,
        "upscale": job.upscale,
    }
