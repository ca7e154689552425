"""The rendering pipeline: cover-crop maths (property-based), exact sizes, modifiers,
metadata stripping, shrink-on-load and the pre-shrunk ladder."""

from __future__ import annotations

import io
import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from photocen.delivery import imaging
from photocen.delivery.imaging import RenditionSpec, SourceCopy
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


@given(edges, edges)
def test_ladder_steps_down_by_root_two_and_keeps_the_aspect_ratio(w: int, h: int) -> None:
    sizes = imaging.ladder_edges(w, h)
    longs = [max(s) for s in sizes]
    assert longs == sorted(longs, reverse=True)
    assert all(e >= imaging.LADDER_MIN_EDGE - 1 for e in longs)
    assert all(e < max(w, h) for e in longs)
    for (a, b), (c, d) in itertools.pairwise(sizes):
        assert 1.3 < max(a, b) / max(c, d) < 1.5
    for sw, sh in sizes:  # each edge is the original's, scaled and rounded (at least 1)
        scale = max(sw, sh) / max(w, h)
        assert abs(sw - w * scale) <= 1
        assert abs(sh - h * scale) <= 1


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


def test_normalise_applies_exif_rotation_and_flattens_alpha() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 10)).save(buffer, "JPEG", exif=exif.tobytes())
    master = imaging.normalise(buffer.getvalue())
    assert master.size == (200, 300)
    assert master.mode == "RGB"
    assert not master.info
    assert not imaging.is_clean_jpeg(buffer.getvalue())

    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    flat = imaging.normalise(buffer.getvalue())
    assert flat.mode == "RGB"
    assert flat.getpixel((5, 5)) == (255, 255, 255)


def test_a_plain_baseline_jpeg_is_its_own_master() -> None:
    assert imaging.is_clean_jpeg(SOURCE)
    assert not imaging.is_clean_jpeg(_jpeg(64, 64, progressive=True))


def test_shrink_ladder_encodes_every_copy_at_its_size() -> None:
    master = imaging.normalise(_jpeg(1000, 500))
    copies = imaging.shrink_ladder(master)
    assert [size for size, _ in copies] == imaging.ladder_edges(1000, 500)
    for size, data in copies:
        assert Image.open(io.BytesIO(data)).size == size
