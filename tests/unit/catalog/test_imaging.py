"""The import half of the image pipeline: the pre-shrunk ladder (property-based), the
normalised master, and when an upload is its own master."""

from __future__ import annotations

import io
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.catalog import imaging
from PIL import Image

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

edges = st.integers(1, 6000)


def _jpeg(width: int, height: int, **save: object) -> bytes:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.paste((200, 40, 40), (0, 0, width // 3, height))  # a red band: not grey
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **save)
    return buffer.getvalue()


SOURCE = _jpeg(640, 427)


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
