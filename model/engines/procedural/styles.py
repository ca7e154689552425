"""The style presets, each a visible treatment of the drawn picture: pixel-art is pixelated,
line-art is drawn with lines, watercolor is washed, noir is black and white, and so on.

The preset ids are photocen.generation.offerings.STYLES' (the API's ``style.preset``); model/
ships alone and cannot import them, so a unit test holds the two lists equal. A prompt that
names a style in words ("a fox, watercolor") gets it too when no preset was chosen.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageOps

# The ids of photocen.generation.offerings.STYLES, in the same order.
STYLE_PRESETS = (
    "auto",
    "photographic",
    "cinematic",
    "anime",
    "digital-art",
    "watercolor",
    "oil-painting",
    "pixel-art",
    "vintage",
    "noir",
    "pastel",
    "neon-punk",
    "line-art",
    "3d-render",
)
# Words of a prompt that ask for a style, most specific first ("vintage film photo" is
# vintage, not photographic).
_STYLE_WORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (style, frozenset(words.split()))
    for style, words in (
        ("noir", "noir monochrome grayscale greyscale bw"),
        ("pixel-art", "pixel pixelart pixelated 8bit 16bit voxel"),
        ("line-art", "lineart sketch ink outline doodle"),
        ("watercolor", "watercolor watercolour aquarelle"),
        ("oil-painting", "oil painterly impressionist impasto"),
        ("anime", "anime manga cartoon cel"),
        ("neon-punk", "neon cyberpunk synthwave vaporwave"),
        ("3d-render", "3d render octane isometric clay"),
        ("vintage", "vintage retro sepia nostalgic analog"),
        ("cinematic", "cinematic movie widescreen"),
        ("pastel", "pastel dreamy"),
        ("digital-art", "digital vivid vibrant"),
        ("photographic", "photo photograph photographic photorealistic realistic 35mm"),
    )
)
# The old (engine version 2) style names, still accepted.
_ALIASES = {"painterly": "oil-painting", "pixel": "pixel-art", "vivid": "digital-art"}


def style_of(style: str | None, words: frozenset[str]) -> str | None:
    """The preset to apply: the request's, else the one the prompt's words ask for."""
    style = style.strip().lower().replace(" ", "-") if style else None
    if style in STYLE_PRESETS and style != "auto":
        return style
    if style in _ALIASES:
        return _ALIASES[style]
    return next((s for s, keys in _STYLE_WORDS if words & keys), None)


def apply_style(image: Image.Image, style: str | None, seed: int) -> Image.Image:
    treat = _TREATMENTS.get(style or "")
    if treat is None:
        return vignette(image, 0.2)
    return treat(image.convert("RGB"), random.Random(seed))


# ---------------------------------------------------------------- helpers
def vignette(image: Image.Image, strength: float) -> Image.Image:
    """Darken the corners a little: a radial mask computed small and scaled up."""
    size = 48
    half = (size - 1) / 2
    mask = Image.new("L", (size, size))
    mask.putdata(
        [
            round(
                255
                * strength
                * min(1.0, max(0.0, (math.hypot(x - half, y - half) / half - 0.55) / 0.6)) ** 1.5
            )
            for y in range(size)
            for x in range(size)
        ]
    )
    shade = mask.resize(image.size, Image.Resampling.BILINEAR)
    image.paste((0, 0, 0), (0, 0, *image.size), shade)
    return image


def _grain(size: tuple[int, int], rng: random.Random, amount: int) -> Image.Image:
    """Film grain / paper tooth: a seeded noise tile around mid-grey, repeated."""
    tile = Image.new("L", (64, 64))
    tile.putdata([128 + rng.randint(-amount, amount) for _ in range(64 * 64)])
    grain = Image.new("L", size)
    for y in range(0, size[1], 64):
        for x in range(0, size[0], 64):
            grain.paste(tile, (x, y))
    return grain


def _edges(image: Image.Image, blur: float, threshold: int) -> Image.Image:
    """The outlines of the picture as a mask: 255 on an edge."""
    grey = image.convert("L")
    if blur:
        grey = grey.filter(ImageFilter.GaussianBlur(blur))
    edges = grey.filter(ImageFilter.FIND_EDGES)
    return edges.point(lambda v: 255 if v > threshold else 0)


def _quantise(image: Image.Image, colours: int) -> Image.Image:
    """Flat colours: a median-cut palette found on a thumbnail, applied without dithering."""
    thumb = image.copy()
    thumb.thumbnail((96, 96))
    palette = thumb.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    return image.quantize(palette=palette, dither=Image.Dither.NONE).convert("RGB")


def _unit(image: Image.Image) -> int:
    return max(1, min(image.size) // 256)


# ---------------------------------------------------------------- the presets
def _photographic(image: Image.Image, rng: random.Random) -> Image.Image:
    image = ImageEnhance.Contrast(image).enhance(1.12)
    image = ImageEnhance.Color(image).enhance(0.9)
    warm = Image.new("RGB", image.size, (255, 226, 190))
    image = ImageChops.multiply(image, warm)
    grain = _grain(image.size, rng, 14).convert("RGB")
    image = ImageChops.overlay(image, grain)
    return vignette(image, 0.3)


def _cinematic(image: Image.Image, rng: random.Random) -> Image.Image:
    graded = ImageOps.colorize(image.convert("L"), (10, 36, 48), (255, 214, 160), (120, 130, 128))
    image = Image.blend(ImageEnhance.Contrast(image).enhance(1.2), graded, 0.45)
    bar = image.height // 9
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width, bar), fill=(0, 0, 0))
    draw.rectangle((0, image.height - bar, image.width, image.height), fill=(0, 0, 0))
    return vignette(image, 0.35)


def _anime(image: Image.Image, rng: random.Random) -> Image.Image:
    flat = image.filter(ImageFilter.SMOOTH_MORE)
    flat = ImageEnhance.Color(flat).enhance(1.35)
    flat = _quantise(flat, 14)
    lines = _edges(image, 1.0, 24).filter(ImageFilter.MaxFilter(3 if _unit(image) > 1 else 1))
    flat.paste((30, 24, 40), (0, 0, *flat.size), lines)
    return flat


def _digital_art(image: Image.Image, rng: random.Random) -> Image.Image:
    image = ImageEnhance.Contrast(ImageEnhance.Color(image).enhance(1.5)).enhance(1.12)
    image = image.filter(ImageFilter.UnsharpMask(radius=2, percent=120, threshold=2))
    bright = image.convert("L").point(lambda v: 0 if v < 180 else v)
    glow = Image.composite(image, Image.new("RGB", image.size), bright)
    glow = glow.filter(ImageFilter.GaussianBlur(max(2, min(image.size) / 60)))
    return ImageChops.screen(image, glow)


def _watercolor(image: Image.Image, rng: random.Random) -> Image.Image:
    unit = _unit(image)
    washed = image.filter(ImageFilter.GaussianBlur(unit)).filter(ImageFilter.SMOOTH_MORE)
    washed = ImageOps.posterize(washed, 4)
    washed = washed.filter(ImageFilter.GaussianBlur(0.7 * unit))
    paper = Image.new("RGB", image.size, (250, 246, 236))
    washed = Image.blend(washed, paper, 0.35)
    # pigment pools at the edges of each wash: darker rims
    rims = _edges(washed, 0, 10).filter(ImageFilter.GaussianBlur(unit))
    washed.paste((120, 100, 110), (0, 0, *washed.size), rims.point(lambda v: v // 4))
    tooth = _grain(image.size, rng, 10).filter(ImageFilter.GaussianBlur(0.8)).convert("RGB")
    return ImageChops.overlay(washed, tooth)


def _oil_painting(image: Image.Image, rng: random.Random) -> Image.Image:
    # daubs: the most common colour of each neighbourhood, on a quarter-size picture (fast)
    small = image.reduce(4) if min(image.size) >= 128 else image
    daubed = _quantise(small, 24).filter(ImageFilter.ModeFilter(3)).filter(ImageFilter.SMOOTH)
    daubed = daubed.resize(image.size, Image.Resampling.BICUBIC)
    daubed = ImageEnhance.Color(daubed).enhance(1.25)
    # brush relief: the embossed grain of strokes, laid over the colours
    strokes = _grain((max(1, image.width // 4), max(1, image.height // 4)), rng, 40)
    strokes = strokes.resize(image.size, Image.Resampling.BICUBIC).filter(ImageFilter.EMBOSS)
    relief = Image.merge("RGB", (strokes, strokes, strokes))
    return Image.blend(daubed, ImageChops.overlay(daubed, relief), 0.6)


def _pixel_art(image: Image.Image, rng: random.Random) -> Image.Image:
    w, h = image.size
    block = max(4, min(w, h) // 64)
    small = image.resize((max(1, w // block), max(1, h // block)), Image.Resampling.BOX)
    small = ImageEnhance.Color(small).enhance(1.2)
    return _quantise(small, 16).resize((w, h), Image.Resampling.NEAREST)


def _vintage(image: Image.Image, rng: random.Random) -> Image.Image:
    sepia = ImageOps.colorize(image.convert("L"), (50, 34, 18), (250, 232, 196))
    image = Image.blend(image, sepia, 0.7)
    image = image.point(lambda v: 28 + v * 200 // 255)  # faded: no true black or white
    grain = _grain(image.size, rng, 18).convert("RGB")
    return vignette(ImageChops.overlay(image, grain), 0.4)


def _noir(image: Image.Image, rng: random.Random) -> Image.Image:
    grey = ImageOps.autocontrast(image.convert("L"), cutoff=2)
    grey = ImageEnhance.Contrast(grey).enhance(1.4)
    grey = ImageChops.overlay(grey, _grain(image.size, rng, 12))
    return vignette(grey.convert("RGB"), 0.45)


def _pastel(image: Image.Image, rng: random.Random) -> Image.Image:
    soft = ImageEnhance.Color(image).enhance(0.75)
    soft = Image.blend(soft, Image.new("RGB", image.size, (252, 240, 246)), 0.42)
    return soft.filter(ImageFilter.SMOOTH)


def _neon_punk(image: Image.Image, rng: random.Random) -> Image.Image:
    dark = ImageEnhance.Brightness(image).enhance(0.35)
    dark = ImageChops.multiply(dark, Image.new("RGB", image.size, (150, 110, 255)))
    lines = _edges(image, 0.8, 18)
    tint = Image.linear_gradient("L").resize(image.size)
    neon = Image.composite(
        Image.new("RGB", image.size, (255, 40, 200)),
        Image.new("RGB", image.size, (30, 240, 255)),
        tint,
    )
    glow = Image.composite(neon, Image.new("RGB", image.size), lines)
    halo = glow.filter(ImageFilter.GaussianBlur(max(2, min(image.size) / 90)))
    out = ImageChops.screen(dark, ImageEnhance.Brightness(halo).enhance(2.2))
    return ImageChops.screen(out, glow)


def _line_art(image: Image.Image, rng: random.Random) -> Image.Image:
    lines = _edges(image, 1.0 * _unit(image), 14)
    paper = Image.new("RGB", image.size, (250, 248, 242))
    paper.paste((30, 30, 36), (0, 0, *paper.size), lines)
    return paper


def _3d_render(image: Image.Image, rng: random.Random) -> Image.Image:
    smooth = image.filter(ImageFilter.GaussianBlur(1.2 * _unit(image)))
    relief = image.convert("L").filter(ImageFilter.GaussianBlur(3 * _unit(image)))
    relief = relief.filter(ImageFilter.EMBOSS)
    lit = ImageChops.overlay(smooth, Image.merge("RGB", (relief, relief, relief)))
    lit = ImageEnhance.Color(lit).enhance(1.2)
    return vignette(ImageEnhance.Contrast(lit).enhance(1.1), 0.25)


_TREATMENTS: dict[str, Callable[[Image.Image, random.Random], Image.Image]] = {
    "photographic": _photographic,
    "cinematic": _cinematic,
    "anime": _anime,
    "digital-art": _digital_art,
    "watercolor": _watercolor,
    "oil-painting": _oil_painting,
    "pixel-art": _pixel_art,
    "vintage": _vintage,
    "noir": _noir,
    "pastel": _pastel,
    "neon-punk": _neon_punk,
    "line-art": _line_art,
    "3d-render": _3d_render,
}
