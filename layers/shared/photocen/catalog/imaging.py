"""The import half of the image pipeline: pure functions on bytes and Pillow images.

An import checks an uploaded file, normalises it into a master (orientation applied, sRGB
RGB, no metadata) and makes its **pre-shrunk ladder**: copies whose long edges step by √2,
so that delivery (``photocen.delivery.imaging``) decodes the smallest copy that still covers
the box it renders, and JPEG entropy decoding runs on the fewest pixels (measured; see
docs/decisions/0007-delivery.md and ``make bench-delivery``).
"""

from __future__ import annotations

import contextlib
import io
import math

from PIL import Image, ImageOps, UnidentifiedImageError

from photocen.catalog.model import PreparedImage
from photocen.platform.errors import ValidationFailed

MAX_IMPORT_PIXELS = 60_000_000  # a decompression bomb is refused, not imported

# The pre-shrunk ladder: long edges from the original down to `LADDER_MIN_EDGE`, by √2.
LADDER_STEP = math.sqrt(2)
LADDER_MIN_EDGE = 160
LADDER_QUALITY = 92  # copies are sources, not outputs: keep them close to lossless
LADDER_VERSION = 1  # bump when the ladder's sizes or encoding change


def prepare(data: bytes) -> PreparedImage:
    """Check and normalise an uploaded image and make its pre-shrunk ladder."""
    fmt = sniff(data)
    master = normalise(data)
    copies: list[tuple[tuple[int, int], bytes | None]] = [
        (master.size, None if is_clean_jpeg(data) else encode_source(master))
    ]
    copies.extend(shrink_ladder(master))
    return PreparedImage(fmt, data, copies)


def sniff(data: bytes) -> str:
    """The image format of uploaded bytes; anything Pillow cannot open is refused."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMPORT_PIXELS:
                raise ValidationFailed(f"image is {image.width}x{image.height}: too many pixels")
            return str(image.format)
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ValidationFailed("not an image Pillow can read") from exc


def ladder_edges(width: int, height: int) -> list[tuple[int, int]]:
    """Sizes of the pre-shrunk copies of a ``width x height`` original, largest first.

    Long edges step down by √2 from the original (excluded) to ``LADDER_MIN_EDGE``; the
    aspect ratio is kept. A rendition then decodes at most √2 times the pixels it needs per
    edge (2x the area) instead of up to 4x with a halving ladder.
    """
    long_edge = max(width, height)
    sizes: list[tuple[int, int]] = []
    edge = long_edge / LADDER_STEP
    while edge >= LADDER_MIN_EDGE:
        factor = edge / long_edge
        sizes.append((max(1, round(width * factor)), max(1, round(height * factor))))
        edge /= LADDER_STEP
    return sizes


def normalise(data: bytes) -> Image.Image:
    """An uploaded image as an sRGB RGB master: EXIF orientation applied, an embedded colour
    profile converted to sRGB (outputs carry no profile), alpha flattened onto white,
    metadata dropped (``info`` cleared)."""
    image: Image.Image = Image.open(io.BytesIO(data))
    image.load()
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        from PIL import ImageCms  # only imports carry profiles; keep it off the hot path

        # A broken profile: keep the pixels as they are, as browsers do.
        with contextlib.suppress(ImageCms.PyCMSError):
            image = ImageCms.profileToProfile(  # type: ignore[assignment] # None only in place
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    return image


def is_clean_jpeg(data: bytes) -> bool:
    """Whether an uploaded file can serve as its own master: a baseline RGB JPEG with no
    colour profile and no EXIF rotation (then import neither re-encodes nor stores it twice)."""
    with Image.open(io.BytesIO(data)) as image:
        return (
            image.format == "JPEG"
            and image.mode == "RGB"
            and not image.info.get("progressive")
            and not image.info.get("icc_profile")
            and image.getexif().get(0x0112, 1) == 1
        )


def encode_source(image: Image.Image) -> bytes:
    """A stored source copy: high-quality baseline JPEG, no metadata."""
    buffer = io.BytesIO()
    image.info = {}
    image.save(buffer, "JPEG", quality=LADDER_QUALITY, subsampling="4:2:0")
    return buffer.getvalue()


def shrink_ladder(master: Image.Image) -> list[tuple[tuple[int, int], bytes]]:
    """Encoded pre-shrunk copies of ``master``, largest first. Each copy is reduced from the
    previous one (Lanczos on a ≤ √2 step), which is fast and keeps detail."""
    copies: list[tuple[tuple[int, int], bytes]] = []
    current = master
    for size in ladder_edges(*master.size):
        current = current.resize(size, Image.Resampling.LANCZOS)
        copies.append((size, encode_source(current)))
    return copies
