"""Every source renders at every size: no error, exactly the asked size (issue 7).

``render`` once mapped the cover box into a draft-decoded JPEG with the width's scale on both
axes, but libjpeg rounds each axis up on its own, so small sizes of common sources (48², 64²,
80x60 from the 225x150 copy of an 1800x1200 image) failed with "box can't exceed original
image size" and delivery answered 500.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photocen.catalog.imaging import prepare
from photocen.catalog.model import SourceCopy
from photocen.delivery import imaging
from photocen.delivery.model import Format, RenditionSpec
from PIL import Image

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

PIL_FORMATS = {"jpg": "JPEG", "webp": "WEBP", "png": "PNG"}


@dataclass(frozen=True)
class Source:
    name: str
    data: bytes


def _encode(width: int, height: int, fmt: str, mode: str) -> bytes:
    # Detail everywhere (not a flat fill), so the encoders do real work on every block.
    image = Image.effect_mandelbrot((width, height), (-2.0, -1.2, 1.0, 1.2), 40).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return buffer.getvalue()


# (width, height, format, mode): the demo size, odd sizes, extreme aspect ratios (whose
# pre-shrunk copies go down to 1 px thin), JPEG (the shrink-on-load path) and PNG/WebP,
# colour and greyscale.
ORIGINALS = [
    (1800, 1200, "JPEG", "RGB"),
    (1001, 667, "JPEG", "L"),
    (3001, 17, "JPEG", "RGB"),
    (9, 2003, "PNG", "RGB"),
    (333, 333, "WEBP", "RGB"),
    (641, 481, "PNG", "L"),
]


def _sources() -> list[Source]:
    """Each upload as it is, and every copy import stores for it (``catalog.imaging.prepare``): the
    master and its pre-shrunk ladder, which is what delivery decodes."""
    sources = []
    for width, height, fmt, mode in ORIGINALS:
        data = _encode(width, height, fmt, mode)
        sources.append(Source(f"{width}x{height} {fmt} {mode} upload", data))
        for (w, h), copy in prepare(data).copies:
            if copy is not None:  # None: a clean JPEG is its own master (already above)
                sources.append(Source(f"{w}x{h} copy of {width}x{height}", copy))
    return sources


SOURCES = _sources()  # built once per module


def _size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


# Each edge anywhere in 1..MAX_EDGE (either one may be the long one), with the area capped
# so that rendering all sources stays a few seconds; 5000² itself is a plain case below.
AREA_CAP = 160_000


@st.composite
def sizes(draw: st.DrawFn) -> tuple[int, int]:
    long_edge = draw(st.integers(1, imaging.MAX_EDGE))
    short_edge = draw(st.integers(1, max(1, min(long_edge, AREA_CAP // long_edge))))
    return (long_edge, short_edge) if draw(st.booleans()) else (short_edge, long_edge)


@settings(
    derandomize=True,  # the same examples on every run and machine
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    sizes(),
    st.booleans(),
    st.one_of(st.just(0), st.integers(imaging.BLUR_MIN, imaging.BLUR_MAX)),
    st.sampled_from(["jpg", "webp", "png"]),
)
def test_every_source_renders_at_every_size_with_exactly_that_size(
    size: tuple[int, int], grayscale: bool, blur: int, fmt: Format
) -> None:
    spec = RenditionSpec(*size, grayscale=grayscale, blur=blur, format=fmt)
    wrong = []
    for source in SOURCES:
        try:
            out = Image.open(io.BytesIO(imaging.render(source.data, spec)))
        except ValueError as error:  # Pillow's refusal of the crop box
            wrong.append(f"{source.name}: {error}")
            continue
        if (out.size, out.format) != (size, PIL_FORMATS[fmt]):
            wrong.append(f"{source.name}: {out.size} {out.format}")
    assert not wrong, f"{spec}: " + "; ".join(wrong)


def test_the_sources_are_as_varied_as_intended() -> None:
    # A guard on the fixture itself: the property above is only as good as its sources.
    formats = {Image.open(io.BytesIO(s.data)).format for s in SOURCES}
    modes = {Image.open(io.BytesIO(s.data)).mode for s in SOURCES}
    dims = [_size_of(s.data) for s in SOURCES]
    assert formats == {"JPEG", "PNG", "WEBP"}
    assert modes == {"RGB", "L"}
    assert (1800, 1200) in dims
    assert (225, 150) in dims  # the copy that failed small sizes
    assert any(w % 2 and h % 2 for w, h in dims)
    assert max(w / h for w, h in dims) > 100
    assert min(w / h for w, h in dims) < 1 / 100


@functools.cache
def _demo_copies() -> tuple[list[SourceCopy], dict[str, bytes]]:
    """An 1800x1200 JPEG as the catalog stores it (the size of 16 demo images)."""
    data = _encode(1800, 1200, "JPEG", "RGB")
    copies, blobs = [], {}
    for (w, h), copy in prepare(data).copies:
        key = f"{w}x{h}"
        copies.append(SourceCopy(key, w, h))
        blobs[key] = data if copy is None else copy
    return copies, blobs


@pytest.mark.parametrize("grayscale", [False, True])
@pytest.mark.parametrize(("width", "height"), [(48, 48), (64, 64), (80, 60)])
def test_small_sizes_of_an_1800x1200_jpeg_render(width: int, height: int, grayscale: bool) -> None:
    # Given an 1800x1200 JPEG in the catalog, delivery picks its 225x150 copy for these sizes,
    copies, blobs = _demo_copies()
    chosen = imaging.choose_source(copies, width, height)
    assert (chosen.width, chosen.height) == (225, 150)
    # when it renders (libjpeg decodes that copy at 1/2 as 113x75, not 112.5x75),
    spec = RenditionSpec(width, height, grayscale=grayscale)
    out = Image.open(io.BytesIO(imaging.render(blobs[chosen.key], spec)))
    # then the output has exactly the asked size.
    assert out.size == (width, height)


@pytest.mark.parametrize("size", [(5000, 5000), (5000, 1), (1, 5000)])
def test_the_largest_sizes_render_from_the_largest_copy(size: tuple[int, int]) -> None:
    copies, blobs = _demo_copies()
    chosen = imaging.choose_source(copies, *size)
    out = Image.open(io.BytesIO(imaging.render(blobs[chosen.key], RenditionSpec(*size))))
    assert out.size == size
