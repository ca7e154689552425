"""The procedural engine (model/engines/procedural.py): deterministic, RGB, fast, varied."""

from __future__ import annotations

import pytest
from PIL import ImageChops, ImageStat

from model.engines.procedural import render
from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def test_same_inputs_give_the_same_picture_and_other_seeds_another() -> None:
    a = render("a seaside cafe at golden hour", 7, 320, 200)
    assert a.mode == "RGB"
    assert a.size == (320, 200)
    assert a.tobytes() == render("a seaside cafe at golden hour", 7, 320, 200).tobytes()
    assert a.tobytes() != render("a seaside cafe at golden hour", 8, 320, 200).tobytes()
    assert (
        a.tobytes() != render("a seaside cafe at golden hour", 7, 320, 200, style="noir").tobytes()
    )


@pytest.mark.parametrize(
    "prompt",
    ["city skyline at night", "snowy mountains", "abstract red shapes", "stormy sea", "x"],
)
def test_pictures_are_scenes_not_flat_colour_or_noise(prompt: str) -> None:
    image = render(prompt, 1, 256, 256)
    grey = image.convert("L")
    spread = ImageStat.Stat(grey).stddev[0]
    neighbours = ImageChops.difference(grey.crop((1, 0, 256, 256)), grey.crop((0, 0, 255, 256)))
    assert spread > 8  # something is drawn
    assert ImageStat.Stat(neighbours).mean[0] < 12  # smooth regions, not per-pixel noise


def test_noir_style_is_black_and_white() -> None:
    r, g, b = render("city at night", 3, 64, 64, style="noir").split()
    assert ImageChops.difference(r, g).getbbox() is None
    assert ImageChops.difference(g, b).getbbox() is None


def test_sizes_outside_the_engine_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match="width"):
        render("x", 1, 0, 10)
