"""Every style preset visibly changes the picture, each in its own way; references recolour
the picture toward their palette and lend it their layout."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from model.engines.procedural import STYLE_PRESETS, render
from model.engines.procedural.references import dominant_colours

PROMPT = "a red fox in a forest by a lake at sunset"
SIZE = 192


def _plain() -> Image.Image:
    return render(PROMPT, 4, SIZE, SIZE)


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("style", [s for s in STYLE_PRESETS if s != "auto"])
def test_each_style_changes_the_picture_measurably(style):
    styled = render(PROMPT, 4, SIZE, SIZE, style=style)
    assert styled.size == (SIZE, SIZE)
    assert styled.mode == "RGB"
    assert _mean_difference(styled, _plain()) > 6, style


def test_auto_is_no_style_and_styles_differ_from_each_other():
    assert render(PROMPT, 4, 64, 64, style="auto").tobytes() == render(PROMPT, 4, 64, 64).tobytes()
    pictures = {s: render(PROMPT, 4, 64, 64, style=s).tobytes() for s in STYLE_PRESETS}
    assert len(set(pictures.values())) == len(STYLE_PRESETS)


def test_a_style_named_in_the_prompt_applies_without_a_preset():
    worded = render(PROMPT + ", pixel art", 4, 64, 64)
    assert _identical_neighbours(worded) > 0.8


def _identical_neighbours(image: Image.Image) -> float:
    """The share of pixels equal to their right-hand neighbour."""
    w, h = image.size
    same = ImageChops.difference(image.crop((1, 0, w, h)), image.crop((0, 0, w - 1, h)))
    return ImageStat.Stat(same.convert("L").point(lambda v: 255 if v == 0 else 0)).mean[0] / 255


def test_pixel_art_is_made_of_blocks():
    blocky = _identical_neighbours(render(PROMPT, 4, SIZE, SIZE, style="pixel-art"))
    assert blocky > 0.8
    assert blocky > _identical_neighbours(_plain()) + 0.2
    colours = render(PROMPT, 4, SIZE, SIZE, style="pixel-art").getcolors(1 << 16) or []
    assert len(colours) <= 16


def test_line_art_is_mostly_paper_with_thin_dark_strokes():
    grey = render(PROMPT, 4, SIZE, SIZE, style="line-art").convert("L")
    paper = ImageStat.Stat(grey.point(lambda v: 255 if v > 230 else 0)).mean[0] / 255
    ink = ImageStat.Stat(grey.point(lambda v: 255 if v < 80 else 0)).mean[0] / 255
    assert paper > 0.7
    assert 0.01 < ink < 0.3


def test_noir_is_black_and_white():
    r, g, b = render(PROMPT, 4, 64, 64, style="noir").split()
    assert ImageChops.difference(r, g).getbbox() is None
    assert ImageChops.difference(g, b).getbbox() is None


def test_watercolor_is_washed_softer_and_lighter():
    plain, washed = _plain(), render(PROMPT, 4, SIZE, SIZE, style="watercolor")
    assert ImageStat.Stat(washed.convert("L")).mean[0] > ImageStat.Stat(plain.convert("L")).mean[0]
    assert _edge_energy(washed) < _edge_energy(plain)


def _edge_energy(image: Image.Image) -> float:
    w, h = image.size
    grey = image.convert("L")
    return ImageStat.Stat(
        ImageChops.difference(grey.crop((1, 0, w, h)), grey.crop((0, 0, w - 1, h)))
    ).mean[0]


def test_cinematic_is_letterboxed():
    image = render(PROMPT, 4, SIZE, SIZE, style="cinematic")
    assert image.crop((0, 0, SIZE, SIZE // 10)).getextrema() == ((0, 0), (0, 0), (0, 0))


def _reference(colours: list[tuple[int, int, int]]) -> Image.Image:
    image = Image.new("RGB", (64, 64), colours[0])
    draw = ImageDraw.Draw(image)
    for k, colour in enumerate(colours[1:], 1):
        draw.rectangle((0, 64 * k // len(colours), 64, 64), fill=colour)
    return image


def test_the_dominant_colours_of_references_are_found_darkest_first():
    found = dominant_colours([_reference([(20, 20, 120), (240, 240, 60)])])
    assert found[0][2] > found[0][0]  # the dark blue first
    assert min(abs(a - b) for a, b in zip(found[-1], (240, 240, 60), strict=True)) < 20


def test_references_recolour_the_picture_toward_their_palette():
    teal = _reference([(10, 60, 70), (30, 150, 150), (180, 240, 230)])
    plain = _plain()
    referenced = render(PROMPT, 4, SIZE, SIZE, references=[teal])
    assert _mean_difference(plain, referenced) > 8
    target = ImageStat.Stat(teal).mean

    def distance(image: Image.Image) -> float:
        mean = ImageStat.Stat(image).mean
        return sum((a - b) ** 2 for a, b in zip(mean, target, strict=True)) ** 0.5

    assert distance(referenced) < distance(plain) * 0.8


def test_a_reference_lends_its_layout_of_lights_and_darks():
    left_light = Image.new("RGB", (64, 64), (20, 20, 20))
    ImageDraw.Draw(left_light).rectangle((0, 0, 31, 64), fill=(235, 235, 235))
    right_light = left_light.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    a = render(PROMPT, 4, SIZE, SIZE, references=[left_light]).convert("L")
    b = render(PROMPT, 4, SIZE, SIZE, references=[right_light]).convert("L")
    half = SIZE // 2

    def left_minus_right(image: Image.Image) -> float:
        left = ImageStat.Stat(image.crop((0, 0, half, SIZE))).mean[0]
        return left - ImageStat.Stat(image.crop((half, 0, SIZE, SIZE))).mean[0]

    assert left_minus_right(a) > left_minus_right(b) + 10
