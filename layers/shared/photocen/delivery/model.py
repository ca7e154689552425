"""Delivery's plain types: what is asked for (a target image and a rendition of it) and
what is answered. No I/O here.

Named for what they are: a ``DeliveryTarget`` is the catalog image a request points at (by
id, by seed, or any), not a webhook's destination; a ``DeliveredImage`` is one answer of
delivery, not a webhook delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from photocen.catalog.model import CatalogImage

Format = Literal["jpg", "webp", "png"]
TargetKind = Literal["id", "seed", "random"]

CONTENT_TYPES: dict[Format, str] = {"jpg": "image/jpeg", "webp": "image/webp", "png": "image/png"}


@dataclass(frozen=True)
class RenditionSpec:
    """What to render: exact output size and modifiers (already validated and clamped)."""

    width: int
    height: int
    grayscale: bool = False
    blur: int = 0  # 0 = none, else 1..10
    format: Format = "jpg"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


@dataclass(frozen=True)
class DeliveryTarget:
    """The catalog image a delivery request points at."""

    kind: TargetKind
    image_id: int | None = None
    seed: str | None = None

    @classmethod
    def by_id(cls, image_id: int) -> DeliveryTarget:
        return cls("id", image_id=image_id)

    @classmethod
    def by_seed(cls, seed: str) -> DeliveryTarget:
        return cls("seed", seed=seed)

    @classmethod
    def any(cls) -> DeliveryTarget:
        return cls("random")


@dataclass(frozen=True)
class DeliveredImage:
    """The answer to one delivery: the image inline, a redirect to its stored copy, or
    "not modified"."""

    image: CatalogImage
    spec: RenditionSpec
    etag: str
    body: bytes | None = None  # the image, inline
    redirect_url: str | None = None  # or where the stored (large) image can be fetched
    not_modified: bool = False
