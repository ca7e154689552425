"""The procedural engine draws what the prompt names: the vocabulary, the caption (the
subject detector), recognisably different drawings, colour words, purposes, determinism."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageStat

from model.engines.procedural import VOCABULARY, read_prompt, render, render_with_caption
from model.engines.procedural.prompt import SETTINGS

CATEGORIES = ("animal", "bird", "sea", "person", "vehicle", "building", "food", "object")


def test_the_vocabulary_covers_at_least_60_nouns_across_the_common_categories():
    assert len(VOCABULARY) >= 60
    for category in CATEGORIES:
        assert sum(n.category == category for n in VOCABULARY.values()) >= 4, category


def test_no_word_names_two_nouns():
    # FORMS is built with setdefault: a synonym shared by two nouns would silently go to one
    named: dict[str, str] = {}
    for noun in VOCABULARY.values():
        for form in (noun.name, noun.plural, *noun.synonyms):
            assert named.setdefault(form, noun.name) == noun.name, form


@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_every_noun_in_every_setting_is_named_in_the_caption(setting):
    place = sorted(SETTINGS[setting][0])[0]
    for noun in VOCABULARY.values():
        prompt = f"a {noun.name} in a {place}"
        reading = read_prompt(prompt)
        assert [s.noun for s in reading.subjects] == [noun.name], prompt
        assert reading.setting == setting, prompt
        _, text = render_with_caption(prompt, 1, 24, 24)
        assert noun.name in text, (prompt, text)
        assert SETTINGS[setting][1] in text, (prompt, text)


@pytest.mark.parametrize(
    ("prompt", "noun", "count", "colour"),
    [
        ("a red bike", "bicycle", 1, "red"),
        ("puppies playing", "dog", 3, None),
        ("two kittens", "cat", 2, None),
        ("3 blue cars", "car", 3, "blue"),
        ("an aeroplane", "airplane", 1, None),
        ("some ice cream", "ice cream", 1, None),
        ("a rose teapot", "teapot", 1, "rose"),
        ("a bunch of roses", "flower", 3, None),
        ("a pink rose", "flower", 1, "pink"),
        ("mice in a barn", "mouse", 3, None),
    ],
)
def test_synonyms_plurals_counts_and_colour_words(prompt, noun, count, colour):
    (subject, *_) = read_prompt(prompt).subjects
    assert (subject.noun, subject.count, subject.colour) == (noun, count, colour)


def test_the_caption_says_what_was_drawn():
    _, text = render_with_caption("a red bike in the city at dusk", 3, 64, 64, style="watercolor")
    assert text == "a red bicycle on a city street at dusk, watercolor"
    _, text = render_with_caption("a fox and two owls in the snow at night", 3, 64, 64)
    assert text == "a fox and two owls in the snow at night"
    _, text = render_with_caption("a fox", 3, 64, 64, negative_prompt="fox")
    assert "fox" not in text
    _, text = render_with_caption("a blue sneaker", 3, 64, 64, purpose="product")
    assert text.startswith("a blue shoe, product shot")
    _, text = render_with_caption("an owl", 3, 64, 64, purpose="logo")
    assert text == "a flat logo mark of an owl"


def _dominant_hue(image: Image.Image) -> tuple[int, int, int]:
    """The most common colour of the middle of the picture (where the subject stands)."""
    middle = image.crop((image.width // 4, image.height // 4, 3 * image.width // 4, image.height))
    counts = middle.quantize(colors=8).convert("RGB").getcolors(1 << 16) or []
    return max(counts)[1]


def _subject_mask(prompt: str, size: int = 128) -> Image.Image:
    """Where the drawing is on its product shot: pixels far from the background gradient (its
    left column, stretched), which the soft shadow never is."""
    drawn = render(prompt, 5, size, size, purpose="product")
    background = drawn.crop((0, 0, 1, size)).resize((size, size))
    r, g, b = ImageChops.difference(drawn, background).split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v > 90 else 0)


def test_a_fox_and_a_bicycle_are_told_apart_by_colour_and_shape():
    fox = render("an animal: fox", 5, 128, 128, purpose="product")
    bicycle = render("a bicycle", 5, 128, 128, purpose="product")
    r, g, b = ImageStat.Stat(fox, _subject_mask("an animal: fox")).mean
    assert r > g + 30 > b + 30  # orange
    fox_mask, bike_mask = _subject_mask("a fox"), _subject_mask("a bicycle")
    overlap = ImageChops.logical_and(fox_mask.convert("1"), bike_mask.convert("1"))
    union = ImageChops.logical_or(fox_mask.convert("1"), bike_mask.convert("1"))
    iou = ImageStat.Stat(overlap).sum[0] / max(1, ImageStat.Stat(union).sum[0])
    assert iou < 0.5
    assert ImageStat.Stat(ImageChops.difference(fox, bicycle)).mean[0] > 10


def test_every_noun_draws_something_of_its_own():
    pictures = {}
    for noun in VOCABULARY:
        mask = _subject_mask(f"a {noun}", 48)
        assert ImageStat.Stat(mask).mean[0] > 255 * 0.02, noun  # more than 2% of the picture
        pictures[noun] = render(f"a {noun}", 5, 48, 48, purpose="product").tobytes()
    assert len(set(pictures.values())) == len(pictures)  # no two drawings are the same


def test_colour_words_recolour_the_subject():
    red = render("a red bicycle", 2, 128, 128, purpose="product")
    blue = render("a blue bicycle", 2, 128, 128, purpose="product")
    mask = _subject_mask("a red bicycle")
    r1, _, b1 = ImageStat.Stat(red, mask).mean
    r2, _, b2 = ImageStat.Stat(blue, mask).mean
    assert r1 > r2 + 20
    assert b2 > b1 + 20


def test_a_product_shot_is_the_subject_centred_on_a_light_background_with_a_shadow():
    image = render("a green bottle", 4, 128, 128, purpose="product")
    corners = [image.getpixel(p) for p in ((2, 2), (125, 2))]
    assert all(min(c) > 200 for c in corners)
    bbox = _subject_mask("a green bottle").getbbox()
    assert bbox is not None
    assert abs((bbox[0] + bbox[2]) / 2 - 64) < 12
    under = image.crop((30, 100, 98, 112)).convert("L")
    assert (
        ImageStat.Stat(under).mean[0]
        < ImageStat.Stat(image.crop((0, 0, 128, 8)).convert("L")).mean[0] - 8
    )


@pytest.mark.parametrize("prompt", ["an owl", "a red rocket", "", "a coffee cup at night"])
def test_a_logo_is_flat_with_at_most_six_colours(prompt):
    image = render(prompt, 9, 128, 128, purpose="logo")
    colours = image.getcolors(1 << 16) or []
    assert 2 <= len(colours) <= 6


def test_the_same_inputs_give_the_same_picture_at_any_quality():
    a = render("a fox in a forest", 11, 96, 64)
    assert a.tobytes() == render("a fox in a forest", 11, 96, 64).tobytes()
    assert a.tobytes() != render("a fox in a forest", 12, 96, 64).tobytes()
    ultra = render("a fox in a forest", 11, 96, 64, quality="ultra")
    assert ultra.size == (96, 64)
    # same layout, finer edges: close to, not equal to, the standard drawing
    difference = ImageStat.Stat(ImageChops.difference(a, ultra)).mean
    assert 0 < sum(difference) / 3 < 12


def test_unknown_purpose_or_quality_is_refused():
    with pytest.raises(ValueError, match="purpose"):
        render("x", 1, 8, 8, purpose="poster")
    with pytest.raises(ValueError, match="quality"):
        render("x", 1, 8, 8, quality="max")


def test_a_style_presets_words_leave_the_subject_and_setting_alone():
    # the API appends a preset's words to the prompt ("3d render, octane, studio lighting")
    from photocen.generation.offerings import STYLES

    for preset in STYLES.values():
        reading = read_prompt(f"a fox in a forest at golden hour, boats, {preset.prompt}")
        assert [(s.noun, s.colour) for s in reading.subjects] == [("fox", None), ("boat", None)]
        assert reading.setting == "forest", preset.id
