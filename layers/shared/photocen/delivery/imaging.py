"""The rendering pipeline of image delivery: pure functions on bytes and Pillow images.

A delivery is a *cover* rendition: the largest centred box of the source with the target's
aspect ratio, scaled to exactly ``width x height``. What makes it fast (measured; see
docs/decisions/0007-delivery.md and ``make bench-delivery``):

- **Pre-shrunk sources.** Import stores a ladder of copies of each image whose long edges
  step by √2 (``photocen.catalog.imaging``); a rendition decodes the smallest copy that still
  covers the box (``choose_source``), so JPEG entropy decoding (the cost shrink-on-load
  cannot remove) runs on the fewest pixels.
- **Shrink-on-load.** ``Image.draft`` lets libjpeg scale by 1/2, 1/4 or 1/8 in the DCT while
  decoding, when the chosen copy is still far larger than needed (e.g. the original).
- **Grayscale at decode.** A grayscale request decodes the JPEG's luma plane only (``draft("L")``):
  no chroma upsampling or colour conversion, and the blur then runs on one band. Luma is a
  linear function of RGB, as are resizing and a Gaussian blur, so this equals the documented
  order *resize → blur → grayscale* up to rounding.
- **Crop and resize in one step** (``resize(box=…)``), with ``reducing_gap`` so that a large
  reduction starts with a cheap box ``reduce`` and ends with a short bicubic convolution.
- **Encoder settings by measurement** (``ENCODERS``); metadata never reaches the output.
"""

from __future__ import annotations

import io
import math
from typing import Any

from PIL import Image, ImageFile, ImageFilter

from photocen.catalog.model import SourceCopy
from photocen.delivery.model import Format, RenditionSpec

MAX_EDGE = 5000  # larger requests are clamped to this, not rejected
BLUR_MIN, BLUR_MAX, BLUR_DEFAULT = 1, 10, 5

_PIL_FORMATS: dict[Format, str] = {"jpg": "JPEG", "webp": "WEBP", "png": "PNG"}

# Encoder settings, measured on 1200x630 and 1920x1080 renditions (docs/decisions/0007):
# - JPEG q80 baseline, Huffman tables not optimised: optimize costs 2.2x the encode time for
#   2.5 % fewer bytes, progressive+optimize 5.3x for 5 %: bad trades on a render-on-miss path.
# - WebP q82 method 1: method 4 (the default) takes 2.9x as long for 2-5 % fewer bytes at the
#   same PSNR. Quality 82, not 80: Pillow's libwebp at q82 matches the PSNR and size of
#   libvips' (older) libwebp at Q80, the baseline of the benchmark.
# - PNG compress_level 1: level 6 (the default) takes 4.6x as long for 2-4 % fewer bytes on
#   photographs (PNG is for lossless needs, not for size).
ENCODERS: dict[Format, dict[str, Any]] = {
    "jpg": {"quality": 80, "optimize": False, "progressive": False, "subsampling": "4:2:0"},
    "webp": {"quality": 82, "method": 1},
    "png": {"compress_level": 1},
}

# Resizing: bicubic after a box pre-reduction down to `REDUCING_GAP` times the target.
RESAMPLE = Image.Resampling.BICUBIC
REDUCING_GAP = 2.0


# ---------------------------------------------------------------- geometry
def cover_box(
    src_w: float, src_h: float, width: int, height: int
) -> tuple[float, float, float, float]:
    """The centred box of a ``src_w x src_h`` source with the aspect ratio of the target,
    as large as fits: scaling it to ``width x height`` fills the target exactly (cover)."""
    scale = max(width / src_w, height / src_h)
    crop_w, crop_h = min(src_w, width / scale), min(src_h, height / scale)
    left, top = (src_w - crop_w) / 2, (src_h - crop_h) / 2
    return (left, top, left + crop_w, top + crop_h)


def cover_scale(src_w: int, src_h: int, width: int, height: int) -> float:
    """How much the source is scaled by to cover the target (> 1 means enlarging)."""
    return max(width / src_w, height / src_h)


def choose_source(copies: list[SourceCopy], width: int, height: int) -> SourceCopy:
    """The smallest copy that covers the target without enlarging (else the largest)."""
    fitting = [c for c in copies if cover_scale(c.width, c.height, width, height) <= 1.0]
    if fitting:
        return min(fitting, key=lambda c: c.width * c.height)
    return max(copies, key=lambda c: c.width * c.height)


# ---------------------------------------------------------------- rendering
def render(source: bytes, spec: RenditionSpec) -> bytes:
    """Render one rendition from the bytes of a source copy; returns the encoded output."""
    image: Image.Image = Image.open(io.BytesIO(source))
    src_w, src_h = image.size
    scale = cover_scale(src_w, src_h, spec.width, spec.height)
    mode = "L" if spec.grayscale else "RGB"
    # The source's extent in the pixel grid we decode: all of it, unless `draft` scales.
    extent_w, extent_h = float(src_w), float(src_h)
    if isinstance(image, ImageFile.ImageFile) and image.format == "JPEG":
        # Shrink-on-load: ask for the whole source at the size that still covers the box;
        # libjpeg picks the largest DCT scale (1/2, 1/4, 1/8) that stays at least that big.
        drafted = image.draft(mode, (math.ceil(src_w * scale), math.ceil(src_h * scale)))
        if drafted is not None:
            # Surprise (Pillow's JPEG draft): the decoded size is rounded up on each axis on
            # its own (225x150 at 1/2 decodes to 113x75), so `image.width / src_w` is not the
            # scale of the height. `draft` returns the source's extent at 1/s: use it per axis.
            extent_w, extent_h = drafted[1][2], drafted[1][3]
    if image.mode != mode:
        image = image.convert(mode)
    # Map the cover box into the decoded pixel grid, axis by axis.
    fx, fy = extent_w / src_w, extent_h / src_h
    left, top, right, bottom = cover_box(src_w, src_h, spec.width, spec.height)
    out = image.resize(
        (spec.width, spec.height),
        RESAMPLE,
        # Clamped: Pillow refuses a box that leaves the image by any amount, even an ulp.
        box=(left * fx, top * fy, min(right * fx, image.width), min(bottom * fy, image.height)),
        reducing_gap=REDUCING_GAP,
    )
    if spec.blur:
        out = out.filter(ImageFilter.GaussianBlur(spec.blur))
    return encode(out, spec.format)


def encode(image: Image.Image, fmt: Format) -> bytes:
    """Encode with the measured settings and no metadata (EXIF, ICC, XMP, comments)."""
    image.info = {}  # PNG would otherwise copy an ICC profile or text chunks from info
    buffer = io.BytesIO()
    if fmt == "webp" and image.mode == "L":
        image = image.convert("RGB")  # WebP has no grayscale mode; grey stays grey
    image.save(buffer, _PIL_FORMATS[fmt], **ENCODERS[fmt])
    return buffer.getvalue()
