"""Parsing and validation of delivery requests: path segments, modifiers, list paging.

Every problem is a ``ValidationFailed`` (422 ``validation_error``) whose message names the
offending part, raised before anything is resolved or charged. Sizes above ``MAX_EDGE`` are
clamped, not rejected (as Picsum does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from photocen.delivery.imaging import BLUR_DEFAULT, BLUR_MAX, BLUR_MIN, MAX_EDGE
from photocen.delivery.model import Format, RenditionSpec
from photocen.platform.errors import ValidationFailed
from photocen.platform.patterns import Pattern, either_case, one_of
from photocen.platform.text import control_character

# Bump when the pipeline's output changes for the same request (encoder settings, filter):
# cached renditions under the old prefix are then never served again and expire by lifecycle.
PIPELINE_VERSION = 1

EXTENSIONS: dict[str, Format] = {"jpg": "jpg", "jpeg": "jpg", "webp": "webp", "png": "png"}
MAX_IMAGE_ID = 10**12
MAX_SEED_LENGTH = 200
LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT = 30, 100
MAX_PAGE = 1_000_000
_TRUE = ("", "1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")

# What each part of a delivery request may be. The parsers below and the parameters of
# /openapi.json (functions/delivery/routes.py) read these same objects.
DIMENSION = Pattern("0*[1-9][0-9]*")  # leading zeros allowed; above MAX_EDGE is clamped
FORMAT_SUFFIX = Pattern(r"\.(?:" + one_of(*map(either_case, EXTENSIONS)) + ")")
LAST_DIMENSION = Pattern(f"{DIMENSION.body}(?:{FORMAT_SUFFIX.body})?")  # `300` or `300.webp`
IMAGE_ID = Pattern("0*[1-9][0-9]{0,11}|0*1000000000000")  # 1..MAX_IMAGE_ID, <= 13 characters
IMAGE_ID_MAX_LENGTH = 13
GRAYSCALE = Pattern(one_of(*map(either_case, _TRUE + _FALSE)))  # `?grayscale` alone is ""
BLUR = Pattern("|0{0,2}[1-9]|0?10")  # "" (bare: 5) or BLUR_MIN..BLUR_MAX in <= 3 digits


@dataclass(frozen=True)
class SizeRequest:
    """What the path asked for: the clamped size, the format, and the suffix as written
    (``".webp"`` or ``""``) so that canonical links repeat the caller's choice."""

    width: int
    height: int
    format: Format
    suffix: str


def parse_size(w: str, h: str | None = None) -> SizeRequest:
    """``/{w}/{h}`` or ``/{size}`` (square); the format suffix sits on the last segment."""
    last = h if h is not None else w
    number, fmt, suffix = _split_suffix(last)
    if h is None:
        edge = parse_dimension("size", number)
        return SizeRequest(edge, edge, fmt, suffix)
    return SizeRequest(parse_dimension("width", w), parse_dimension("height", number), fmt, suffix)


def parse_dimension(name: str, raw: str) -> int:
    """A positive whole number of pixels, clamped to ``MAX_EDGE``."""
    if not DIMENSION.matches(raw):
        raise ValidationFailed(
            f"{name}: must be a whole number of pixels, at least 1, got {_show(raw)}"
        )
    digits = raw.lstrip("0")
    # Compare by length first: a 5,000-digit size is clamped without building a huge int.
    value = int(digits) if len(digits) <= 6 else MAX_EDGE + 1
    return min(value, MAX_EDGE)


def _split_suffix(segment: str) -> tuple[str, Format, str]:
    if "." not in segment:
        return segment, "jpg", ""
    number, extension = segment.split(".", 1)
    fmt = EXTENSIONS.get(extension.lower())
    if fmt is None:
        raise ValidationFailed(
            f"format: unknown extension {_show('.' + extension)}; use .jpg, .webp or .png"
        )
    return number, fmt, "." + extension


def parse_modifiers(query: Mapping[str, str] | None) -> tuple[bool, int]:
    """``?grayscale`` (bare, or 1/true/0/false) and ``?blur`` (bare = 5, or 1..10).
    ``?random=N`` and unknown parameters are ignored (cache-busters)."""
    query = query or {}
    grayscale = False
    if "grayscale" in query:
        raw = query["grayscale"]
        if not GRAYSCALE.matches(raw):
            raise ValidationFailed(f"grayscale: use ?grayscale alone, got {_show(raw)}")
        grayscale = raw.lower() in _TRUE
    blur = 0
    if "blur" in query:
        raw = query["blur"]
        if not BLUR.matches(raw):
            raise ValidationFailed(
                f"blur: must be a whole number from {BLUR_MIN} to {BLUR_MAX} "
                f"(or ?blur alone for {BLUR_DEFAULT}), got {_show(raw)}"
            )
        blur = int(raw) if raw else BLUR_DEFAULT
    return grayscale, blur


def rendition_spec(size: SizeRequest, query: Mapping[str, str] | None) -> RenditionSpec:
    grayscale, blur = parse_modifiers(query)
    return RenditionSpec(size.width, size.height, grayscale, blur, size.format)


def parse_image_id(raw: str) -> int:
    if len(raw) > IMAGE_ID_MAX_LENGTH or not IMAGE_ID.matches(raw):
        raise ValidationFailed(f"id: must be a positive whole number, got {_show(raw)}")
    return int(raw)


def parse_seed(raw: str) -> str:
    # The local gateway (like API Gateway REST, by the captures we know of) hands path
    # parameters over still percent-encoded, so `/seed/%00/…` arrives as the text "%00": look
    # at the decoded form too. The seed itself stays as it came: decoding it would re-map
    # seeds already recorded.
    reason = control_character(raw) or control_character(unquote(raw))
    if reason is not None:
        raise ValidationFailed(f"seed: {reason}")
    seed = raw.strip()
    if not seed:
        raise ValidationFailed("seed: must not be empty")
    if len(seed) > MAX_SEED_LENGTH:
        raise ValidationFailed(f"seed: at most {MAX_SEED_LENGTH} characters")
    return seed


def parse_paging(query: Mapping[str, str] | None) -> tuple[int, int]:
    """``page`` (1-based, default 1) and ``limit`` (default 30, 1..100)."""
    query = query or {}
    page = _whole("page", query.get("page"), 1, 1, MAX_PAGE)
    limit = _whole("limit", query.get("limit"), LIST_DEFAULT_LIMIT, 1, LIST_MAX_LIMIT)
    return page, limit


def _whole(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or not low <= int(text) <= high:
        raise ValidationFailed(
            f"{name}: must be a whole number from {low} to {high}, got {_show(raw)}"
        )
    return int(text)


# ---------------------------------------------------------------- keys and links
def rendition_prefixes(image_id: int) -> list[str]:
    """Every prefix an image's renditions may lie under (each pipeline version's)."""
    return [f"v{version}/{image_id}/" for version in range(1, PIPELINE_VERSION + 1)]


def rendition_key(image_id: int, spec: RenditionSpec) -> str:
    """The deterministic S3 key (and LRU key) of a rendition: one per
    (id, w, h, grayscale, blur, format), under a per-image prefix so that every variant of
    an image can be removed together, and a pipeline version."""
    modifiers = "-".join(
        part
        for part in ("gray" if spec.grayscale else "", f"blur{spec.blur}" if spec.blur else "")
        if part
    )
    return (
        f"v{PIPELINE_VERSION}/{image_id}/{spec.width}x{spec.height}/"
        f"{modifiers or 'plain'}.{spec.format}"
    )


def etag_for(key: str) -> str:
    """A weak validator derived from the rendition key, so a revalidation is answered
    without the bytes. Weak: a re-render after eviction is the same picture, not promised
    to be the same bytes."""
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison against an ``If-None-Match`` list (or ``*``)."""
    if not if_none_match:
        return False
    opaque = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False


def filename(image_id: int, spec: RenditionSpec) -> str:
    return f"photocen-{image_id}-{spec.width}x{spec.height}.{spec.format}"


def content_disposition(image_id: int, spec: RenditionSpec) -> str:
    """Shown inline, saved under a name that says what it is (response and stored copy)."""
    return f'inline; filename="{filename(image_id, spec)}"'


def image_path(image_id: int, spec: RenditionSpec, suffix: str) -> str:
    """The pinned ``/id/…`` path (with modifiers) of a rendition; ``suffix`` as requested."""
    path = f"/id/{image_id}/{spec.width}/{spec.height}{suffix}"
    modifiers = []
    if spec.grayscale:
        modifiers.append("grayscale")
    if spec.blur:
        modifiers.append(f"blur={spec.blur}")
    return path + ("?" + "&".join(modifiers) if modifiers else "")


def _show(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")
