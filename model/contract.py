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
MAX_REFERENCES = 10
# What a request may ask for (photocen's generation API offers the same words).
PURPOSES = ("image", "product", "logo")
QUALITIES = ("standard", "hd", "ultra")
UPSCALES = (1, 4)
# The longest edge an upscaled image may reach: a 2048 px request upscaled 4x is capped here.
MAX_UPSCALED_EDGE = 4096
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
    purpose: str = "image"  # "image" | "product" | "logo"
    quality: str = "standard"  # "standard" | "hd" | "ultra"
    upscale: int = 1  # 1 or 4: the final edges are (up to MAX_UPSCALED_EDGE) 4x the drawn ones


@dataclass(frozen=True)
class Rendered:
    """One generated image and a plain-words caption of what the engine drew."""

    image: Image.Image
    caption: str


class Engine(Protocol):
    """An image engine: the port the procedural and diffusers engines implement.

    One ``Rendered`` per seed, in the order of ``request.seeds``, already upscaled."""

    name: str

    def generate(self, request: InferenceRequest) -> list[Rendered]: ...


def upscaled_size(width: int, height: int, factor: int) -> tuple[int, int]:
    """The final size of a ``factor``-times upscale, both edges shrunk alike to the cap."""
    if factor <= 1:
        return width, height
    scale = min(float(factor), MAX_UPSCALED_EDGE / max(width, height))
    if scale <= 1:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


def resample_upscale(image: Image.Image, factor: int) -> Image.Image:
    """The local upscaler: Lanczos to ``upscaled_size`` and a light unsharp mask, which wins
    back the edge contrast that any interpolation softens."""
    from PIL import ImageFilter

    size = upscaled_size(image.width, image.height, factor)
    if size == image.size:
        return image
    larger = image.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    return larger.filter(ImageFilter.UnsharpMask(radius=2, percent=60, threshold=2))


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
