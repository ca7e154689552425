"""HTTP shapes of the delivery function: the JSON of ``/id/{id}/info`` and ``/v2/list``, and
the OpenAPI description of the image responses (binary, so no model describes them)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from photocen.catalog.model import CatalogImage
from photocen.delivery import params
from photocen.delivery.imaging import MAX_EDGE
from photocen.delivery.model import RenditionSpec
from pydantic import BaseModel, Field

_ENVELOPE: dict[str, Any] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

IMAGE_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {
        "description": "The image (exactly the asked size; JPEG unless a suffix says otherwise).",
        "content": {"image/jpeg": {}, "image/webp": {}, "image/png": {}},
    },
    302: {"description": "A large output (over ~4.5 MB): fetch it from `Location` (short-lived)."},
    304: {"description": "`If-None-Match` matched: keep your copy. Free."},
    402: {"description": "Not enough credits; nothing was charged.", "content": _ENVELOPE},
    404: {"description": "No such image.", "content": _ENVELOPE},
    422: {
        "description": "Bad size, modifier or suffix; nothing was charged.",
        "content": _ENVELOPE,
    },
}


class ImageInfo(BaseModel):
    id: str = Field(description="The catalog id (numeric, as a string like Picsum's).")
    author: str
    width: int = Field(description="Width of the original, in pixels.")
    height: int = Field(description="Height of the original, in pixels.")
    url: str = Field(description="This image's info page.")
    download_url: str = Field(description="The image at its original size (metered).")

    @classmethod
    def of(cls, image: CatalogImage, base: str) -> ImageInfo:
        """A catalog image as the API describes it; links are absolute under ``base``."""
        # The whole picture at its original size, scaled down (not cropped) past the edge clamp.
        scale = min(1.0, MAX_EDGE / max(image.width, image.height))
        full = RenditionSpec(
            max(1, round(image.width * scale)), max(1, round(image.height * scale))
        )
        return cls(
            id=str(image.image_id),
            author=image.author,
            width=image.width,
            height=image.height,
            url=f"{base}/id/{image.image_id}/info",
            download_url=base + params.image_path(image.image_id, full, ""),
        )
