"""The rendering pipeline: cover-crop maths (property-based), the choice of a source copy,
exact sizes, modifiers, metadata stripping and shrink-on-load. (The import half, the
pre-shrunk ladder, is tested in tests/unit/catalog/test_imaging.py.)"""

from __future__ import annotations

import io
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from photocen.catalog.model import SourceCopy
from photocen.delivery import imaging
from photocen.delivery.model import RenditionSpec
from PIL import Image, ImageChops, ImageStat

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

edges = st.integers(1, 6000)


@given(edges, edges, edges, edges)
def test_cover_box_is_centred_inside_the_source_with_the_target_aspect_ratio(
    sw: int, sh: int, w: int, h: int
) -> None:
    left, top, right, bottom = imaging.cover_box(sw, sh, w, h)
    eps = 1e-6 * max(sw, sh)
    # Inside the source, centred.
    assert -eps <= left
    assert -eps <= top
    assert right <= sw + eps
    assert bottom <= sh + eps
    assert math.isclose(left, sw - right, abs_tol=eps)
    assert math.isclose(top, sh - bottom, abs_tol=eps)
    # The target's aspect ratio (so scaling fills the box exactly, no bars, no stretch).
    assert math.isclose((right - left) * h, (bottom - top) * w, rel_tol=1e-9)
    # As large as possible: it spans the whole source in at least one dimension.
    assert math.isclose(right - left, sw, rel_tol=1e-9) or math.isclose(
        bottom - top, sh, rel_tol=1e-9
    )


@given(
    st.lists(st.tuples(st.integers(10, 5000), st.integers(10, 5000)), min_size=1, max_size=8),
    edges,
    edges,
)
def test_choose_source_takes_the_smallest_copy_that_covers_without_enlarging(
    sizes: list[tuple[int, int]], w: int, h: int
) -> None:
    copies = [SourceCopy(f"{i}", a, b) for i, (a, b) in enumerate(sizes)]
    chosen = imaging.choose_source(copies, w, h)
    covering = [c for c in copies if imaging.cover_scale(c.width, c.height, w, h) <= 1]
    if covering:
        assert imaging.cover_scale(chosen.width, chosen.height, w, h) <= 1
        assert chosen.width * chosen.height == min(c.width * c.height for c in covering)
    else:
        assert chosen.width * chosen.height == max(c.width * c.height for c in copies)


def _jpeg(width: int, height: int, **save: object) -> bytes:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.paste((200, 40, 40), (0, 0, width // 3, height))  # a red band: not grey
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **save)
    return buffer.getvalue()


SOURCE = _jpeg(640, 427)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 700), st.integers(1, 700), st.sampled_from(["jpg", "webp", "png"]))
def test_every_rendition_has_exactly_the_asked_size_and_format(w: int, h: int, fmt: str) -> None:
    out = Image.open(io.BytesIO(imaging.render(SOURCE, RenditionSpec(w, h, format=fmt))))  # type: ignore[arg-type]
    assert out.size == (w, h)
    assert out.format == {"jpg": "JPEG", "webp": "WEBP", "png": "PNG"}[fmt]


@pytest.mark.parametrize("fmt", ["jpg", "webp", "png"])
def test_grayscale_output_has_no_colour(fmt: str) -> None:
    out = Image.open(
        io.BytesIO(imaging.render(SOURCE, RenditionSpec(200, 100, grayscale=True, format=fmt)))
    )  # type: ignore[arg-type]
    rgb = out.convert("RGB")
    r, g, b = rgb.split()
    worst = max(
        ImageStat.Stat(ImageChops.difference(x, y)).extrema[0][1] for x, y in ((r, g), (g, b))
    )
    assert worst <= 2  # WebP's YUV rounding may leave a level of difference


def test_blur_softens_and_grows_with_its_radius() -> None:
    def sharpest_edge(blur: int) -> float:
        data = imaging.render(SOURCE, RenditionSpec(300, 200, blur=blur, format="png"))
        image = Image.open(io.BytesIO(data)).convert("L")
        w, h = image.size
        right, left = image.crop((1, 0, w, h)), image.crop((0, 0, w - 1, h))
        # The steepest step between neighbours: the red band's edge, until blurred.
        return float(ImageStat.Stat(ImageChops.difference(right, left)).extrema[0][1])

    assert sharpest_edge(0) > sharpest_edge(2) > sharpest_edge(10)


def test_outputs_carry_no_metadata() -> None:
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    exif[0x0112] = 1
    icc = Image.new("RGB", (1, 1)).info.get("icc_profile") or b"fake-icc-profile"
    source = _jpeg(400, 300, exif=exif.tobytes(), icc_profile=icc)
    assert Image.open(io.BytesIO(source)).info.get("exif")
    for fmt in ("jpg", "webp", "png"):
        data = imaging.render(source, RenditionSpec(100, 80, format=fmt))  # type: ignore[arg-type]
        out = Image.open(io.BytesIO(data))
        assert not out.info.get("exif"), fmt
        assert not out.info.get("icc_profile"), fmt
        assert b"secret description" not in data


def test_shrink_on_load_decodes_a_large_jpeg_at_a_fraction_of_its_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = _jpeg(4000, 2667)
    seen: list[tuple[int, int]] = []
    original_resize = Image.Image.resize

    def spy(self: Image.Image, *args: object, **kwargs: object) -> Image.Image:
        seen.append(self.size)
        return original_resize(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "resize", spy)
    imaging.render(big, RenditionSpec(400, 300))
    # The resize starts from the draft-decoded image: 1/8 of 4000 px is 500 px.
    assert seen == [(500, 334)]
