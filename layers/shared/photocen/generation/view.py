"""The public JSON of a job: one view, from which every answer about a job is taken.

``JobView`` holds everything a caller may see of a job. Each answer shows a projection of
it, never a copy made by hand:

- ``GET /v1/images/jobs/{id}``, ``GET /v1/generations[/{id}]`` and the 202 of
  ``POST /v1/images/generate`` (``functions/generate/schemas.py``: each response model
  declares the fields it shows and is validated from the view);
- the webhook payload (``webhook_payload``: ``WEBHOOK_FIELDS`` and, per image,
  ``WEBHOOK_IMAGE_FIELDS``).

Its parts (``SettingsOut``, ``ImageOut``, ``JobError``) are those answers' parts as they are,
so the HTTP schemas use them and the OpenAPI document names them as before.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from photocen.generation.model import GeneratedImage, Job, JobStatus, private_expiry
from photocen.generation.region import RegionSource
from photocen.platform.clock import utcnow
from photocen.webhooks.model import EVENT_COMPLETED

if TYPE_CHECKING:
    from photocen.catalog.ports import CatalogUrlSigner
    from photocen.generation.store import ImageCache

# What a webhook's ``data`` shows of the view, in this order (then ``job_url`` and, by
# event, ``images`` or ``error``): fixed by docs/api.md, receivers depend on it.
WEBHOOK_FIELDS = (
    "job_id",
    "status",
    "model",
    "prompt",
    "applied_region",
    "searchable",
    "credits_reserved",
    "credits_charged",
)
WEBHOOK_IMAGE_FIELDS = ("image_id", "url", "width", "height", "seed")

ResponseFormat = Literal["url", "data_url"]
# The most image bytes one answer carries inline (``response_format: data_url``). A Lambda
# proxy answer may be 6 MB (API Gateway's own limit is 10 MB); base64 grows bytes by 4/3, so
# 3 MiB of images is ~4.2 MB of text and leaves room for the rest of the JSON.
DATA_URL_BUDGET_BYTES = 3 * 1024 * 1024


class SettingsOut(BaseModel):
    width: int
    height: int
    steps: int
    seed: int
    cfg: float
    count: int


class ImageOut(BaseModel):
    image_id: str
    url: str | None = Field(
        description="The cache URL (presigned) until the image is migrated, then its signed"
        " catalog URL; each valid for url_expires_in seconds. null once a private image has"
        " expired (24 h after its job completed)."
    )
    url_expires_in: int
    catalog_id: int | None = Field(
        default=None,
        description="The delivery catalog's id once a searchable image was migrated:"
        " /id/{catalog_id}/{w}/{h} serves it.",
    )
    width: int
    height: int
    seed: int
    content_type: str
    bytes: int
    searchable: bool
    data_url: str | None = Field(
        default=None,
        description="`data:image/png;base64,…` when `response_format` is `data_url` and the"
        " answer's images fit its budget (`data_url_budget_bytes`); otherwise null: use `url`.",
    )


class JobError(BaseModel):
    code: str
    message: str


class JobView(BaseModel):
    """Everything a caller may see of a job."""

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
    purpose: str
    quality: str
    upscale: int
    applied_region: str
    region_source: RegionSource
    settings: SettingsOut
    searchable: bool
    expires_at: datetime | None = Field(
        default=None,
        description="A private job's images are deleted at this time (24 h after completion).",
    )
    expired: bool = Field(
        default=False, description="A private job's images were deleted: no URLs any more."
    )
    estimated_cost: int = Field(description="Credits this job costs if every image is made.")
    credits_reserved: int = Field(description="Held now; unused credits are released.")
    credits_charged: int | None
    images: list[ImageOut]
    engine_ms: int | None = Field(description="Time the image engine itself took.")
    error: JobError | None
    poll_url: str
    response_format: ResponseFormat = "url"
    data_urls_omitted: int = Field(
        default=0,
        description="Images answered without a data URL because the answer would have grown"
        " past the budget (they still have `url`).",
    )


class JobViews:
    """Makes the views of jobs: cache URLs presigned for ``url_ttl_seconds``; a migrated
    image's URL is its signed catalog URL (``catalog_urls``, ``catalog_url_ttl_seconds``);
    a private image past its 24 h has none."""

    def __init__(
        self,
        images: ImageCache,
        url_ttl_seconds: int,
        catalog_urls: CatalogUrlSigner | None = None,
        catalog_url_ttl_seconds: int = 3600,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.images = images
        self.url_ttl_seconds = url_ttl_seconds
        self.catalog_urls = catalog_urls
        self.catalog_url_ttl_seconds = catalog_url_ttl_seconds
        self._clock = clock

    def _url(self, image: GeneratedImage, expired: bool) -> tuple[str | None, int]:
        if expired:
            return None, 0
        if image.catalog_key is not None and self.catalog_urls is not None:
            ttl = self.catalog_url_ttl_seconds
            return self.catalog_urls.signed_url(image.catalog_key, ttl), ttl
        return self.images.image_url(image.key, self.url_ttl_seconds), self.url_ttl_seconds

    def of(self, job: Job, *, data_urls: bool = False) -> JobView:
        """The job's view; with ``data_urls``, each image also inline while the images' total
        stays within ``DATA_URL_BUDGET_BYTES`` (the rest are counted in
        ``data_urls_omitted`` and keep their URL)."""
        view = self._view(job)
        if not data_urls:
            return view
        budget = DATA_URL_BUDGET_BYTES
        omitted = 0
        images = []
        for image, stored in zip(view.images, job.images, strict=True):
            fits = image.url is not None and stored.bytes <= budget  # no bytes once expired
            data = self.images.read_image(stored.key, budget) if fits else None
            if data is None:
                omitted += 1
                images.append(image)
                continue
            budget -= len(data)
            encoded = base64.b64encode(data).decode("ascii")
            images.append(
                image.model_copy(
                    update={"data_url": f"data:{stored.content_type};base64,{encoded}"}
                )
            )
        return view.model_copy(
            update={"images": images, "response_format": "data_url", "data_urls_omitted": omitted}
        )

    def _view(self, job: Job) -> JobView:
        expires_at = private_expiry(job)
        # Past its 24 h a private image has no URL, whether or not the cleanup ran yet.
        expired = job.expired_at is not None or (
            expires_at is not None and expires_at <= self._clock()
        )
        urls = [self._url(i, expired) for i in job.images]
        return JobView(
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
            purpose=job.purpose,
            quality=job.quality,
            upscale=job.upscale,
            applied_region=job.region,
            region_source=job.region_source,
            settings=SettingsOut(
                width=job.width,
                height=job.height,
                steps=job.steps,
                seed=job.seed,
                cfg=job.cfg,
                count=job.count,
            ),
            searchable=job.searchable,
            expires_at=expires_at,
            expired=expired,
            estimated_cost=job.reserved,
            credits_reserved=job.reserved,
            credits_charged=job.charged,
            images=[
                ImageOut(
                    image_id=i.image_id,
                    url=url,
                    url_expires_in=ttl,
                    catalog_id=i.catalog_id if i.migrated else None,
                    width=i.width,
                    height=i.height,
                    seed=i.seed,
                    content_type=i.content_type,
                    bytes=i.bytes,
                    searchable=job.searchable,
                )
                for i, (url, ttl) in zip(job.images, urls, strict=True)
            ],
            engine_ms=job.engine_ms,
            error=JobError(code=job.error_code, message=job.error_message or "")
            if job.error_code
            else None,
            poll_url=f"/v1/images/jobs/{job.job_id}",
        )

    def webhook_payload(self, job: Job, event: str) -> dict[str, Any]:
        """The Standard Webhooks payload of a finished job's event."""
        view = self.of(job).model_dump(mode="json")
        data = {name: view[name] for name in WEBHOOK_FIELDS}
        data["credits_charged"] = data["credits_charged"] or 0
        data["job_url"] = view["poll_url"]
        if event == EVENT_COMPLETED:
            data["images"] = [
                {name: image[name] for name in WEBHOOK_IMAGE_FIELDS} for image in view["images"]
            ]
        else:
            data["error"] = view["error"]
        return {
            "type": event,
            "timestamp": (job.completed_at or utcnow()).isoformat().replace("+00:00", "Z"),
            "data": data,
        }
