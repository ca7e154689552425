"""What the inference entry point and the engines share: the request, the engine port, and
the reference-image check. Its own module so that model/inference.py (which picks an engine)
and the engines (which use the request) depend on it, not on each other."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

# The most pixels a reference image may declare: the number of photocen.generation.service's
# MAX_REFERENCE_PIXELS, kept here because model/ ships alone (a unit test holds them equal).
MAX_REFERENCE_PIXELS = 4096 * 4096
_REFERENCE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}


class InvalidRequest(ValueError):
    """The request cannot be run (SageMaker reports it as a failed invocation)."""


@dataclass(frozen=True)
class InferenceRequest:
    job_id: str
    prompt: str
    negative_prompt: str
    model: str
    style: str | None
    width: int
    height: int
    steps: int
    cfg: float
    seeds: tuple[int, ...]
    reference_images: tuple[str, ...] = ()


class Engine(Protocol):
    """An image engine: the port the procedural and diffusers engines implement."""

    name: str

    def generate(self, request: InferenceRequest) -> list[Image.Image]: ...


def open_reference(data_url: str) -> Image.Image:
    """A ``data:`` reference image, opened lazily (its header read, no pixels decoded).

    Refused unless it is the format its MIME type names and declares at most
    ``MAX_REFERENCE_PIXELS``: a 160 KiB PNG may declare 13000x13000 and decode to 823 MiB.
    """
    head, base64_marker, payload = data_url.partition(";base64,")
    image_format = _REFERENCE_FORMATS.get(head.removeprefix("data:"))
    if image_format is None or not base64_marker:
        raise InvalidRequest("reference image: not a data:image/png|jpeg|webp;base64,… URL")
    try:
        image = Image.open(io.BytesIO(base64.b64decode(payload)), formats=[image_format])
    except Image.DecompressionBombError as exc:  # far past Image.MAX_IMAGE_PIXELS
        raise InvalidRequest(f"reference image: more than {MAX_REFERENCE_PIXELS} pixels") from exc
    except (ValueError, OSError, SyntaxError, EOFError) as exc:
        raise InvalidRequest(f"reference image: not a readable {image_format} image") from exc
    if image.width * image.height > MAX_REFERENCE_PIXELS:
        image.close()
        raise InvalidRequest(
            f"reference image: {image.width}x{image.height} is more than"
            f" {MAX_REFERENCE_PIXELS} pixels"
        )
    return image
