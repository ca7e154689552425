"""A fast, deterministic procedural image engine: prompt + seed → a picture and its caption.

The local stack's default image engine and the source of the demo catalog. It reads the
prompt (prompt.read_prompt): the subjects it names from a vocabulary of drawings
(subjects.VOCABULARY: animals, birds, sea creatures, people, vehicles, buildings, food,
plants, objects, with synonyms and plurals), their colour words and counts, the setting
(forest, snow, beach, sea, city, desert, mountains, meadow, outer space, underwater, a room),
the time of day and a style. Then it paints the setting (scene.py), stands the subjects in it
(each a flat vector drawing with an ink outline and a soft shadow), recolours it after any
reference images (references.py) and applies the style (styles.py). A prompt without a
subject gets a landscape or an abstract composition, as engine version 2 did.

Purposes: ``image`` (a scene), ``product`` (the subject centred on a clean light background
with a soft shadow) and ``logo`` (a flat mark: a badge and the subject, at most 6 colours).
Quality: ``standard`` draws at 2x and reduces up to 1.2 MP (anti-aliasing); ``hd`` draws
at 2x always and ``ultra`` at 3x (finer edges; same layout, as the layout comes only from the
prompt and seed).

Pure Pillow + stdlib. Every random choice comes from one ``random.Random`` seeded with a
hash of (prompt, negative prompt, seed, purpose), so the same inputs give the same picture,
and a style preset treats the same drawing (a style named in the prompt's words is part of the
prompt, so it may change the layout too).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from PIL import Image

from model.engines.procedural.pen import RGB, Pen, mix, shade
from model.engines.procedural.prompt import COLOURS, Reading, caption, read_prompt, words_of
from model.engines.procedural.references import apply_references
from model.engines.procedural.scene import (
    Canvas,
    Scene,
    ground_line,
    paint_abstract,
    paint_landscape,
    paint_setting,
    plan,
    scenery_words,
)
from model.engines.procedural.styles import STYLE_PRESETS, apply_style, style_of
from model.engines.procedural.subjects import VOCABULARY, Noun

__all__ = [
    "ENGINE_VERSION",
    "MAX_EDGE",
    "STYLE_PRESETS",
    "VOCABULARY",
    "read_prompt",
    "render",
    "render_with_caption",
]

# Bump when a change alters the pixels for the same inputs (caches of rendered demo images
# key on it).
ENGINE_VERSION = "3"

MAX_EDGE = 8192
PURPOSES = ("image", "product", "logo")
# Drawing scale per quality (see the module docstring); standard stops supersampling past
# this many output pixels.
_SUPERSAMPLE_MAX_PIXELS = 1_200_000
_QUALITY_SCALE = {"standard": 2, "hd": 2, "ultra": 3}
_SUPERSAMPLED_MAX_PIXELS = 40_000_000  # never draw more than this (ultra at 4096x4096 is 2x)
LOGO_COLOURS = 6
MAX_INSTANCES = 6


def render(
    prompt: str,
    seed: int,
    width: int,
    height: int,
    *,
    negative_prompt: str = "",
    style: str | None = None,
    purpose: str = "image",
    quality: str = "standard",
    references: Sequence[Image.Image] = (),
) -> Image.Image:
    """Paint what the prompt describes; the same inputs always give the same RGB image."""
    return render_with_caption(
        prompt,
        seed,
        width,
        height,
        negative_prompt=negative_prompt,
        style=style,
        purpose=purpose,
        quality=quality,
        references=references,
    )[0]


def render_with_caption(
    prompt: str,
    seed: int,
    width: int,
    height: int,
    *,
    negative_prompt: str = "",
    style: str | None = None,
    purpose: str = "image",
    quality: str = "standard",
    references: Sequence[Image.Image] = (),
) -> tuple[Image.Image, str]:
    """The picture and a plain-words caption of what it shows."""
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or not 1 <= value <= MAX_EDGE:
            raise ValueError(f"{name} must be a whole number from 1 to {MAX_EDGE}")
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {', '.join(PURPOSES)}")
    digest = hashlib.sha256(
        "\x00".join([prompt, negative_prompt, str(seed), purpose]).encode()
    ).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    reading = read_prompt(prompt, negative_prompt)
    banned = words_of(negative_prompt)
    chosen_style = style_of(style, reading.words)
    accent = COLOURS[reading.colours[0]] if reading.colours else None

    scale = _scale(quality, width, height)
    canvas = Canvas(width * scale, height * scale, rng)
    setting: str | None = None
    time: str | None = None
    scenery = ""
    if purpose == "product":
        _paint_product(canvas, reading, accent)
        scenery = "a glossy sphere"
    elif purpose == "logo":
        _paint_logo(canvas, reading, accent)
        scenery = "an abstract emblem"
    elif reading.subjects:
        setting = reading.setting or rng.choice(
            _usual_settings(VOCABULARY[reading.subjects[0].noun])
        )
        scene = plan(reading.words, banned, rng, setting=setting, accent=accent)
        paint_setting(canvas, scene)
        _place_subjects(canvas, scene, reading)
        time = None if setting in ("space", "underwater", "room") else scene.time
    else:
        scene = plan(reading.words, banned, rng, accent=accent)
        if scene.abstract:
            paint_abstract(canvas, scene)
        else:
            paint_landscape(canvas, scene)
            time = scene.time
        scenery = scenery_words(scene)
    image = canvas.image
    if scale > 1:
        image = image.reduce(scale)
    if references:
        image = apply_references(image, references)
    if chosen_style is not None or purpose == "image":
        # product shots and logos keep their clean backgrounds unless a style is asked for
        image = apply_style(image, chosen_style, int.from_bytes(digest[8:16], "big"))
    if purpose == "logo":
        image = image.quantize(
            colors=LOGO_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        ).convert("RGB")
    text = caption(
        reading,
        setting=setting,
        time=time,
        style=chosen_style,
        purpose=purpose,
        scenery=scenery,
    )
    return image, text


def _scale(quality: str, width: int, height: int) -> int:
    if quality not in _QUALITY_SCALE:
        raise ValueError(f"quality must be one of {', '.join(_QUALITY_SCALE)}")
    scale = _QUALITY_SCALE[quality]
    if quality == "standard" and width * height > _SUPERSAMPLE_MAX_PIXELS:
        scale = 1
    while scale > 1 and width * height * scale * scale > _SUPERSAMPLED_MAX_PIXELS:
        scale -= 1
    return scale


def _usual_settings(noun: Noun) -> tuple[str, ...]:
    from model.engines.procedural.prompt import USUAL_SETTINGS

    if noun.place == "water" and noun.category == "vehicle":
        return ("sea",)
    if noun.name in ("astronaut", "rocket", "planet"):
        return ("space",)
    return USUAL_SETTINGS[noun.category]


# ---------------------------------------------------------------- subjects in a scene
def _colour(reading_colour: str | None, noun: Noun) -> RGB:
    return COLOURS[reading_colour] if reading_colour else noun.colour


def _instances(reading: Reading) -> list[tuple[Noun, RGB]]:
    """Each drawing to make, in order, at most MAX_INSTANCES."""
    found: list[tuple[Noun, RGB]] = []
    for subject in reading.subjects:
        noun = VOCABULARY[subject.noun]
        found.extend([(noun, _colour(subject.colour, noun))] * subject.count)
    return found[:MAX_INSTANCES]


def _place_subjects(c: Canvas, scene: Scene, reading: Reading) -> None:
    rng = c.rng
    things = _instances(reading)
    n = len(things)
    unit = min(c.w, c.h)
    ground = ground_line(scene) * c.h
    slots = [(k + 0.5) / n for k in range(n)]
    boxes = []
    for (noun, colour), slot in zip(things, slots, strict=True):
        side = unit * 0.62 * noun.scale / (1 + 0.3 * (n - 1))
        side = min(side, c.h * 0.82, c.w / n * 1.15 if n > 1 else c.w * 0.95)
        cx = (0.5 if n == 1 else 0.12 + 0.76 * slot + rng.uniform(-0.03, 0.03)) * c.w
        if noun.place == "air":
            bottom = c.h * rng.uniform(0.36, 0.5) + side * 0.5
        elif noun.place == "water" and scene.setting in ("sea", "beach"):
            bottom = (scene.horizon + (1 - scene.horizon) * 0.3) * c.h + side * 0.1
        elif noun.place == "water" and scene.setting == "underwater":
            bottom = c.h * rng.uniform(0.62, 0.76)
        else:
            bottom = ground + (rng.uniform(-0.02, 0.03) * c.h if n > 1 else 0)
        boxes.append((noun, colour, cx, bottom, side))
    # shadows first, then the drawings from back (higher up) to front
    shadows = [
        (
            (cx - side * 0.4) / c.w,
            (bottom - side * 0.05) / c.h,
            (cx + side * 0.4) / c.w,
            (bottom + side * 0.05) / c.h,
        )
        for noun, _, cx, bottom, side in boxes
        if noun.place == "ground"
    ]
    if shadows:
        c.soft_shapes(shadows, shade(scene.palette.land, 0.3), 0.45)
    for noun, colour, cx, bottom, side in sorted(boxes, key=lambda b: b[3]):
        if scene.time == "night" and scene.setting not in ("room", "space", "underwater"):
            colour = mix(colour, scene.palette.sky_top, 0.25)  # moonlight dims the colours
        pen = Pen(c.draw, cx - side / 2, bottom - side, side, flip=rng.random() < 0.5)
        noun.draw(pen, colour)


# ---------------------------------------------------------------- product shots and logos
def _paint_product(c: Canvas, reading: Reading, accent: RGB | None) -> None:
    rng = c.rng
    light = mix((246, 246, 248), accent, 0.08) if accent else (246, 246, 248)
    c.gradient(light, shade(light, 0.88), 0.0, 1.0, ease=1.4)
    things = _instances(reading)[:3]
    unit = min(c.w, c.h)
    n = max(1, len(things))
    side = unit * 0.74 / (1 + 0.35 * (n - 1))
    floor = c.h * 0.8
    xs = [(k + 0.5) / n * c.w for k in range(n)] if n > 1 else [c.w / 2]
    c.soft_shapes(
        [
            ((x - side * 0.42) / c.w, 0.76, (x + side * 0.42) / c.w, 0.84)
            for x in xs[: len(things) or 1]
        ],
        (60, 60, 70),
        0.35,
    )
    if not things:  # no subject named: a glossy sphere, the studio's test object
        colour = accent or rng.choice(list(COLOURS.values()))
        r = side * 0.36
        cx, cy = c.w / 2, floor - r
        c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        c.glow(0.5 - r * 0.35 / c.w, (cy - r * 0.4) / c.h, r / unit * 0.5, (255, 255, 255), 0.7)
        return
    for (noun, colour), x in zip(things, xs, strict=False):
        size = side * min(1.0, max(0.85, noun.scale))
        noun.draw(Pen(c.draw, x - size / 2, floor - size, size), colour)


def _paint_logo(c: Canvas, reading: Reading, accent: RGB | None) -> None:
    rng = c.rng
    things = _instances(reading)[:1]
    brand = accent or (things[0][1] if things else rng.choice(list(COLOURS.values())))
    if sum(brand) > 600:  # a white subject (a cup, a snowman) gets a dark brand colour
        brand = (40, 70, 120)
    c.gradient((252, 252, 250), (252, 252, 250), 0.0, 1.0)
    unit = min(c.w, c.h)
    cx, cy = c.w / 2, c.h / 2
    r = unit * 0.4
    backing = mix(brand, (255, 255, 255), 0.82)
    if rng.random() < 0.5:
        c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=backing)
        c.draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), outline=shade(brand, 0.7), width=max(2, unit // 40)
        )
    else:
        c.draw.rounded_rectangle(
            (cx - r, cy - r, cx + r, cy + r),
            radius=r * 0.3,
            fill=backing,
            outline=shade(brand, 0.7),
            width=max(2, unit // 40),
        )
    if things:
        noun, colour = things[0]
        side = r * 1.35
        noun.draw(
            Pen(c.draw, cx - side / 2, cy - side * 0.55, side, ink=shade(brand, 0.35)), colour
        )
    else:  # a geometric emblem: nested shapes in the brand colour
        for k in range(3):
            rr = r * (0.7 - 0.2 * k)
            fill = brand if k % 2 == 0 else backing
            c.draw.regular_polygon((cx, cy, rr), n_sides=3 + k * 3, fill=fill)
