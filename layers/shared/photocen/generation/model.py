"""The domain objects of generation: what a caller asks for and what a job is. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

JobStatus = Literal["queued", "running", "completed", "failed"]
ACTIVE: tuple[JobStatus, ...] = ("queued", "running")
FINISHED: tuple[JobStatus, ...] = ("completed", "failed")


@dataclass(frozen=True)
class StyleChoice:
    preset: str | None = None
    use_style_memory: bool = False
    style_override: str | None = None


@dataclass(frozen=True)
class ReferenceImage:
    """An inline ``data:image/…;base64,…`` URL (size-capped). A catalog ``image_id`` is
    refused until an engine can use one."""

    image_id: str | None = None
    data_url: str | None = None


@dataclass(frozen=True)
class ItemRequest:
    """One generation as asked for (already shape-validated by the route's model)."""

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


@dataclass(frozen=True)
class Image:
    image_id: str
    key: str
    width: int
    height: int
    seed: int
    content_type: str
    bytes: int


@dataclass(frozen=True)
class Job:
    job_id: str
    account_id: str
    status: JobStatus
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    prompt: str
    final_prompt: str
    negative_prompt: str
    model: str
    style: str | None
    width: int
    height: int
    steps: int
    cfg: float
    seed: int
    count: int
    region: str
    region_source: str
    searchable: bool
    cost_per_image: int
    reserved: int
    charged: int | None
    webhook_url: str | None
    webhook_enqueued: bool
    images: tuple[Image, ...]
    engine_ms: int | None
    error_code: str | None
    error_message: str | None
    deadline: int | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
