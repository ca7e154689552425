"""The scenery: gradient skies, a sun or moon with a glow, clouds, ridges with atmospheric
haze, skylines with lit windows, pine rows, dunes, reflections on water, and the settings a
subject stands in (a beach, a city street, a meadow, snow, outer space, underwater, a room).

Every random choice comes from the one ``random.Random`` of the render and is drawn in
normalised coordinates, so the same inputs give the same picture, and the same scene at every
size.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, ImageFilter

from model.engines.procedural.prompt import COLOURS, TIMES

RGB = tuple[int, int, int]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ELEMENTS: dict[str, frozenset[str]] = {
    "sea": _set(
        "sea ocean beach coast coastal seaside lake water harbor harbour bay island river "
        "waves shore lagoon pier marina sail sailing"
    ),
    "mountains": _set(
        "mountain mountains peak peaks alps alpine valley cliff cliffs ridge "
        "highlands volcano summit"
    ),
    "city": _set(
        "city skyline town street streets urban buildings building downtown metropolis "
        "skyscrapers towers rooftop rooftops neon cyberpunk tokyo"
    ),
    "forest": _set("forest forests woods woodland pines jungle grove taiga"),
    "desert": _set("desert dunes dune sand sands canyon sahara arid oasis"),
    "houses": _set("village houses farm inn cafe"),
    # not "minimal": the line-art preset appends it to every prompt
    "abstract": _set("abstract geometric pattern shapes minimalist bauhaus circles composition"),
}
_SNOW = _set("snow snowy winter ice icy frozen arctic glacier frost polar")
_FOG = _set("fog foggy mist misty haze hazy")
_BIRDS = _set("gulls seagulls flock crows")
_BOATS = _set("sailing harbor harbour marina")
# The landscape elements of each setting a subject can stand in.
SETTING_ELEMENTS: dict[str, frozenset[str]] = {
    "forest": frozenset({"forest"}),
    "snow": frozenset({"mountains"}),
    "beach": frozenset({"sea"}),
    "sea": frozenset({"sea"}),
    "city": frozenset({"city"}),
    "desert": frozenset({"desert"}),
    "mountains": frozenset({"mountains"}),
    "meadow": frozenset(),
}
_VIVID = [c for w, c in COLOURS.items() if w not in ("white", "black", "grey", "gray")]
# Words naming what a plain landscape (no subject) shows, for its caption.
ELEMENT_NAMES = {
    "sea": "the sea",
    "mountains": "mountains",
    "city": "a city skyline",
    "forest": "a forest",
    "desert": "desert dunes",
    "houses": "houses",
}


@dataclass(frozen=True)
class Palette:
    sky_top: RGB
    sky_horizon: RGB
    light: RGB  # sun or moon
    sea_top: RGB
    sea_bottom: RGB
    land: RGB  # nearest land/silhouette
    haze: RGB  # what distant layers fade towards
    window: RGB  # lit windows
    cloud: RGB


_PALETTES: dict[str, Palette] = {
    "day": Palette(
        (38, 104, 196),
        (176, 214, 242),
        (255, 250, 228),
        (52, 120, 178),
        (16, 58, 104),
        (52, 92, 56),
        (168, 200, 226),
        (250, 236, 190),
        (250, 252, 255),
    ),
    "sunset": Palette(
        (42, 36, 104),
        (252, 152, 74),
        (255, 214, 130),
        (120, 70, 96),
        (30, 22, 58),
        (36, 22, 44),
        (236, 128, 96),
        (255, 206, 120),
        (250, 170, 140),
    ),
    "dawn": Palette(
        (84, 112, 186),
        (250, 196, 172),
        (255, 238, 206),
        (120, 132, 176),
        (40, 52, 96),
        (56, 60, 86),
        (214, 180, 186),
        (255, 226, 170),
        (255, 226, 220),
    ),
    "night": Palette(
        (4, 8, 26),
        (30, 46, 92),
        (236, 236, 218),
        (22, 34, 70),
        (4, 8, 22),
        (8, 10, 22),
        (66, 80, 124),
        (255, 212, 120),
        (70, 80, 110),
    ),
    "storm": Palette(
        (58, 64, 76),
        (150, 156, 164),
        (220, 222, 226),
        (70, 82, 92),
        (28, 34, 42),
        (36, 42, 44),
        (132, 140, 148),
        (250, 220, 150),
        (120, 126, 136),
    ),
}


# ---------------------------------------------------------------- planning
@dataclass(frozen=True)
class Scene:
    time: str
    elements: frozenset[str]
    palette: Palette
    accent: RGB | None
    snow: bool
    fog: bool
    birds: bool
    boats: bool
    abstract: bool
    horizon: float  # fraction of the height
    setting: str | None = None  # the setting a subject stands in (prompt.SETTINGS)


def plan(
    words: frozenset[str],
    banned: frozenset[str],
    rng: random.Random,
    *,
    setting: str | None = None,
    accent: RGB | None = None,
) -> Scene:
    """The scene: its time, palette and landscape elements. With a ``setting`` (a subject's
    surroundings) the landscape is the setting's, plus any elements the prompt names."""
    time = next((t for t, keys in TIMES.items() if words & keys), None)
    if time is None and {"golden", "hour"} <= words:
        time = "sunset"
    if time is None:
        choices = [t for t in ("day", "sunset", "dawn", "night") if t not in banned]
        time = rng.choices(choices or ["day"], weights=[4, 3, 2, 2][: len(choices or [1])])[0]
    elements = {e for e, keys in _ELEMENTS.items() if words & keys}
    elements -= {e for e, keys in _ELEMENTS.items() if banned & keys or e in banned}
    abstract = "abstract" in elements and setting is None
    elements.discard("abstract")
    if setting is not None:
        elements |= SETTING_ELEMENTS.get(setting, frozenset())
    elif not elements and not abstract:
        if rng.random() < 0.15:
            abstract = True
        else:
            pool = [e for e in ("sea", "mountains", "city", "forest", "desert") if e not in banned]
            k = 1 if rng.random() < 0.5 else 2
            elements = set(rng.sample(pool, min(k, len(pool)))) if pool else {"mountains"}
    if accent is None:
        accent = next((c for w, c in COLOURS.items() if w in words), None)
    palette = _jitter(_PALETTES[time], rng)
    if accent is not None:
        palette = replace(
            palette,
            sky_horizon=_mix(palette.sky_horizon, accent, 0.45),
            sky_top=_mix(palette.sky_top, accent, 0.2),
            sea_top=_mix(palette.sea_top, accent, 0.25),
        )
    snow = bool(words & _SNOW) or setting == "snow"
    if "desert" in elements:
        snow = False
    horizon = rng.uniform(0.56, 0.7) if "sea" in elements else rng.uniform(0.62, 0.78)
    return Scene(
        time=time,
        elements=frozenset(elements),
        palette=palette,
        accent=accent,
        snow=snow,
        fog=bool(words & _FOG),
        birds=bool(words & _BIRDS) or (time in ("sunset", "dawn") and rng.random() < 0.3),
        boats=bool(words & _BOATS) and "sea" in elements,
        abstract=abstract,
        horizon=horizon,
        setting=setting,
    )


def scenery_words(scene: Scene) -> str:
    """A subject-less landscape in words: "mountains and a forest"."""
    if scene.abstract:
        return "an abstract composition"
    names = [ELEMENT_NAMES[e] for e in ELEMENT_NAMES if e in scene.elements] or ["rolling hills"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- colour helpers
def _mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _shade(c: RGB, factor: float) -> RGB:
    return (
        min(255, round(c[0] * factor)),
        min(255, round(c[1] * factor)),
        min(255, round(c[2] * factor)),
    )


def _jitter(p: Palette, rng: random.Random) -> Palette:
    def j(c: RGB) -> RGB:
        return (
            max(0, min(255, c[0] + rng.randint(-14, 14))),
            max(0, min(255, c[1] + rng.randint(-14, 14))),
            max(0, min(255, c[2] + rng.randint(-14, 14))),
        )

    return Palette(
        *(
            j(c)
            for c in (
                p.sky_top,
                p.sky_horizon,
                p.light,
                p.sea_top,
                p.sea_bottom,
                p.land,
                p.haze,
                p.window,
                p.cloud,
            )
        )
    )


# ---------------------------------------------------------------- canvas
def _pixel_box(box: Sequence[float]) -> tuple[int, int, int, int]:
    """Whole pixels, never inverted: Pillow refuses a box whose rounded corners cross, which
    sub-pixel shapes (a star, a far window) at small sizes would otherwise produce."""
    x0, y0, x1, y1 = (round(v) for v in box)
    return (x0, y0, max(x0, x1), max(y0, y1))


class Canvas:
    """The image being painted, with drawing helpers in normalised coordinates."""

    def __init__(self, width: int, height: int, rng: random.Random) -> None:
        self.w = width
        self.h = height
        self.rng = rng
        self.image = Image.new("RGB", (width, height))
        self.draw = ImageDraw.Draw(self.image, "RGBA")  # RGBA fills blend onto the RGB image

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.w, y * self.h)

    def rect(self, box: Sequence[float], fill: tuple[int, ...]) -> None:
        self.draw.rectangle(_pixel_box(box), fill=fill)

    def oval(self, box: Sequence[float], fill: tuple[int, ...]) -> None:
        self.draw.ellipse(_pixel_box(box), fill=fill)

    def gradient(self, top: RGB, bottom: RGB, y0: float, y1: float, ease: float = 1.0) -> None:
        """A vertical gradient from ``top`` at y0 to ``bottom`` at y1, over the full width."""
        a, b = round(y0 * self.h), round(y1 * self.h)
        rows = max(1, b - a)
        column = Image.new("RGB", (1, rows))
        column.putdata([_mix(top, bottom, (i / max(1, rows - 1)) ** ease) for i in range(rows)])
        self.image.paste(column.resize((self.w, rows), Image.Resampling.NEAREST), (0, a))

    def fill_polygon(self, points: list[tuple[float, float]], top: RGB, bottom: RGB) -> None:
        """A polygon filled with a vertical gradient over its own bounding box."""
        pixels = [self.px(x, y) for x, y in points]
        y_min = max(0, math.floor(min(p[1] for p in pixels)))
        y_max = min(self.h, math.ceil(max(p[1] for p in pixels)))
        if y_max <= y_min:
            return
        rows = y_max - y_min
        mask = Image.new("L", (self.w, rows))
        ImageDraw.Draw(mask).polygon([(x, y - y_min) for x, y in pixels], fill=255)
        column = Image.new("RGB", (1, rows))
        column.putdata([_mix(top, bottom, i / max(1, rows - 1)) for i in range(rows)])
        fill = column.resize((self.w, rows), Image.Resampling.NEAREST)
        self.image.paste(fill, (0, y_min), mask)

    def glow(self, cx: float, cy: float, radius: float, colour: RGB, strength: float) -> None:
        """A soft radial light (sun or moon halo), computed small and scaled up."""
        size = 64
        half = size / 2
        mask = Image.new("L", (size, size))
        mask.putdata(
            [
                round(
                    255
                    * strength
                    * math.exp(-(((x - half) ** 2 + (y - half) ** 2) / (half * half)) * 3.2)
                )
                for y in range(size)
                for x in range(size)
            ]
        )
        r = radius * min(self.w, self.h)
        box = (round(cx * self.w - r), round(cy * self.h - r))
        side = max(2, round(2 * r))
        self.image.paste(
            Image.new("RGB", (side, side), colour),
            box,
            mask.resize((side, side), Image.Resampling.BILINEAR),
        )

    def soft_shapes(
        self, ellipses: list[tuple[float, float, float, float]], colour: RGB, opacity: float
    ) -> None:
        """Blurred ellipses (clouds, fog banks): drawn at 1/8 size, blurred, scaled up."""
        factor = 8
        sw, sh = max(1, self.w // factor), max(1, self.h // factor)
        mask = Image.new("L", (sw, sh))
        draw = ImageDraw.Draw(mask)
        for x0, y0, x1, y1 in ellipses:
            draw.ellipse(_pixel_box((x0 * sw, y0 * sh, x1 * sw, y1 * sh)), fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(max(1.0, sh / 60)))
        mask = mask.point(lambda v: round(v * opacity))
        self.image.paste(
            Image.new("RGB", (self.w, self.h), colour),
            (0, 0),
            mask.resize((self.w, self.h), Image.Resampling.BILINEAR),
        )


# ---------------------------------------------------------------- landscapes
def paint_landscape(c: Canvas, s: Scene) -> None:
    p, rng, hz = s.palette, c.rng, s.horizon
    c.gradient(p.sky_top, p.sky_horizon, 0.0, hz, ease=0.8)
    c.gradient(p.sky_horizon, p.haze, hz, 1.0)  # under everything; land covers it

    if s.time == "night":
        _stars(c, hz)
    light_x = rng.uniform(0.2, 0.8)
    light_y = {
        "sunset": hz - rng.uniform(0.04, 0.12),
        "dawn": hz - rng.uniform(0.06, 0.16),
        "night": rng.uniform(0.1, 0.3),
        "day": rng.uniform(0.1, 0.28),
        "storm": rng.uniform(0.15, 0.3),
    }[s.time]
    radius = rng.uniform(0.045, 0.075) if s.time != "sunset" else rng.uniform(0.07, 0.11)
    if s.time == "storm":
        c.glow(light_x, light_y, radius * 5, p.light, 0.35)
    else:
        c.glow(light_x, light_y, radius * 6, p.light, 0.55 if s.time != "day" else 0.35)
        _disc(
            c,
            light_x,
            light_y,
            radius,
            p.light,
            crescent=s.time == "night" and rng.random() < 0.6,
            sky=p.sky_top,
        )

    clouds = {
        "storm": 12,
        "day": rng.randint(2, 6),
        "sunset": rng.randint(3, 6),
        "dawn": rng.randint(2, 5),
        "night": rng.randint(0, 3),
    }[s.time]
    _clouds(c, clouds, hz, p.cloud, 0.85 if s.time == "storm" else 0.6)
    if s.birds:
        _birds(c, hz)

    on_ground = True  # forests stand on land unless the sea fills the foreground
    if "mountains" in s.elements:
        _mountains(c, s, hz)
    if "desert" in s.elements:
        _dunes(c, s, hz)
    if "city" in s.elements:
        _city(c, s, hz)
    if "sea" in s.elements:
        _sea(c, s, hz, light_x, light_y)
        on_ground = False
    elif "desert" not in s.elements:
        _hills(c, s, hz)
    if "forest" in s.elements:
        _forest(c, s, hz, on_ground=on_ground)
    if "houses" in s.elements:
        # By the sea the houses stand on a shore across from the light, not on the water.
        span = _shore(c, s, hz, left=light_x > 0.5) if "sea" in s.elements else (0.05, 0.85)
        _houses(c, s, hz, span)
    if s.boats:
        _boats(c, s, hz)
    if s.fog:
        c.soft_shapes(
            [
                (
                    rng.uniform(-0.3, 0.7),
                    hz - 0.08 + i * 0.05,
                    rng.uniform(0.6, 1.4),
                    hz + 0.1 + i * 0.06,
                )
                for i in range(4)
            ],
            p.haze,
            0.55,
        )


def _disc(
    c: Canvas, x: float, y: float, r: float, colour: RGB, *, crescent: bool, sky: RGB
) -> None:
    rr = r * min(c.w, c.h)
    cx, cy = c.px(x, y)
    if not crescent:
        c.oval((cx - rr, cy - rr, cx + rr, cy + rr), fill=colour)
        return
    # A crescent is the disc minus an offset disc, as a mask: painting the offset disc in a
    # sky colour would cover the glow and read as an eclipse.
    side = max(4, round(2 * rr) + 2)
    mask = Image.new("L", (side, side))
    draw = ImageDraw.Draw(mask)
    draw.ellipse((0, 0, side - 1, side - 1), fill=255)
    off = side * 0.3
    draw.ellipse((off, -off * 0.35, side - 1 + off, side - 1 - off * 0.35), fill=0)
    c.image.paste(
        Image.new("RGB", (side, side), colour), (round(cx - side / 2), round(cy - side / 2)), mask
    )


def _stars(c: Canvas, hz: float) -> None:
    rng = c.rng
    unit = max(1, min(c.w, c.h) // 400)
    for _ in range(220):
        x, y = rng.random(), rng.random() ** 1.6 * hz
        a = rng.randint(90, 255)
        s = unit * (2 if rng.random() < 0.08 else 1)
        px, py = c.px(x, y)
        c.rect((px, py, px + s - 1, py + s - 1), fill=(255, 255, 240, a))


def _clouds(c: Canvas, count: int, hz: float, colour: RGB, opacity: float) -> None:
    rng = c.rng
    shapes: list[tuple[float, float, float, float]] = []
    for _ in range(count):
        cx, cy = rng.uniform(-0.1, 1.1), rng.uniform(0.05, hz * 0.75)
        width, height = rng.uniform(0.15, 0.4), rng.uniform(0.03, 0.07)
        for _ in range(rng.randint(3, 6)):
            dx, dy = rng.uniform(-width / 2, width / 2), rng.uniform(-height, height / 2)
            ew, eh = width * rng.uniform(0.3, 0.6), height * rng.uniform(0.8, 1.6)
            shapes.append((cx + dx - ew / 2, cy + dy - eh / 2, cx + dx + ew / 2, cy + dy + eh / 2))
    if shapes:
        c.soft_shapes(shapes, colour, opacity)


def _birds(c: Canvas, hz: float) -> None:
    rng = c.rng
    fx, fy = rng.uniform(0.15, 0.7), rng.uniform(0.12, hz * 0.6)
    unit = min(c.w, c.h)
    for _ in range(rng.randint(4, 9)):
        x, y = c.px(fx + rng.uniform(0, 0.25), fy + rng.uniform(-0.06, 0.06))
        span = unit * rng.uniform(0.008, 0.016)
        c.draw.line(
            [(x - span, y - span * 0.5), (x, y), (x + span, y - span * 0.5)],
            fill=(20, 20, 30, 220),
            width=max(1, round(unit / 450)),
        )


def _ridge(rng: random.Random, base: float, rough: float, points: int = 65) -> list[float]:
    """Heights along a ridge by midpoint displacement (y grows downwards)."""
    ys = [0.0] * points
    ys[0], ys[-1] = base + rng.uniform(-rough, rough), base + rng.uniform(-rough, rough)
    step, amp = points - 1, rough
    while step > 1:
        half = step // 2
        for i in range(half, points - 1, step):
            ys[i] = (ys[i - half] + ys[i + half]) / 2 + rng.uniform(-amp, amp)
        step, amp = half, amp * 0.55
    return ys


def _mountains(c: Canvas, s: Scene, hz: float) -> None:
    p, rng = s.palette, c.rng
    layers = rng.randint(3, 4)
    rock = (236, 240, 248) if s.snow else _mix(p.land, (90, 96, 120), 0.4)
    for i in range(layers):
        depth = 1 - i / layers  # 1 = farthest
        base = hz - 0.06 - 0.18 * depth * rng.uniform(0.8, 1.2)
        ys = _ridge(rng, base, 0.12 + 0.06 * depth)
        pts = [(x / (len(ys) - 1), y) for x, y in enumerate(ys)]
        colour = _mix(rock if i == 0 and s.snow else _mix(p.land, rock, 0.5), p.haze, 0.6 * depth)
        c.fill_polygon(
            [*pts, (1.0, hz + 0.02), (0.0, hz + 0.02)],
            _shade(colour, 1.08),
            _mix(colour, p.haze, 0.3),
        )
        if s.snow or (depth > 0.6 and rng.random() < 0.6):
            # Snow caps: the ridge above a snow line, one polygon per run of points above it
            # (a zero-height polygon would still draw a 1 px line along the ridge).
            snow_line = min(ys) + rng.uniform(0.04, 0.07)
            snow = _mix((246, 248, 255), p.haze, 0.35 * depth)
            run: list[tuple[float, float]] = []
            for x, y in [*pts, (2.0, 2.0)]:
                if y < snow_line:
                    run.append((x, y))
                    continue
                if len(run) >= 2:
                    under = [(rx, min(ry + 0.035, snow_line)) for rx, ry in reversed(run)]
                    c.draw.polygon([c.px(rx, ry) for rx, ry in run + under], fill=(*snow, 235))
                run = []


def _hills(c: Canvas, s: Scene, hz: float) -> None:
    p, rng = s.palette, c.rng
    ground = (
        (232, 236, 244) if s.snow else _mix(p.land, (70, 120, 60), 0.35 if s.time == "day" else 0.1)
    )
    for i in range(3):
        depth = 1 - i / 3
        phase, freq, amp = rng.uniform(0, 6.3), rng.uniform(1.5, 3.5), rng.uniform(0.015, 0.04)
        y0 = hz + (1 - depth) * 0.08
        pts = [
            (x / 48, y0 - amp * math.sin(phase + freq * x / 48 * math.pi) - 0.01) for x in range(49)
        ]
        colour = _mix(ground, p.haze, 0.55 * depth)
        c.fill_polygon([*pts, (1.0, 1.0), (0.0, 1.0)], colour, _shade(colour, 0.7))


def _dunes(c: Canvas, s: Scene, hz: float) -> None:
    p, rng = s.palette, c.rng
    sand = _mix((222, 170, 104), p.sky_horizon, 0.15)
    for i in range(4):
        depth = 1 - i / 4
        y0 = hz - 0.03 + i * 0.07
        phase, freq, amp = rng.uniform(0, 6.3), rng.uniform(0.8, 2.2), rng.uniform(0.02, 0.06)
        pts = [
            (x / 48, y0 - amp * abs(math.sin(phase + freq * x / 48 * math.pi)) ** 0.7)
            for x in range(49)
        ]
        colour = _mix(sand, p.haze, 0.45 * depth)
        if s.time in ("night", "storm"):
            colour = _shade(colour, 0.45)
        c.fill_polygon([*pts, (1.0, 1.0), (0.0, 1.0)], _shade(colour, 1.05), _shade(colour, 0.72))


def _city(c: Canvas, s: Scene, hz: float) -> None:
    p, rng = s.palette, c.rng
    lit = s.time in ("night", "sunset", "dawn", "storm")
    for row in range(2):
        far = row == 0
        x = rng.uniform(-0.03, 0)
        base = hz + (0.0 if far else 0.015)
        colour = _mix(p.land, p.haze, 0.55 if far else 0.12)
        if s.time == "day":
            colour = _mix(colour, (120, 130, 150), 0.35)
        while x < 1.0:
            bw = rng.uniform(0.025, 0.055) if far else rng.uniform(0.04, 0.085)
            bh = rng.uniform(0.06, 0.2) if far else rng.uniform(0.08, 0.34)
            if rng.random() < 0.12:
                bh *= 1.5  # the odd tower
            top = base - bh
            body = _shade(colour, rng.uniform(0.85, 1.12))
            c.rect((*c.px(x, top), *c.px(x + bw, base + 0.01)), fill=body)
            roof = rng.random()
            if roof < 0.15:
                c.draw.polygon(
                    [c.px(x, top), c.px(x + bw / 2, top - bw * 0.6), c.px(x + bw, top)], fill=body
                )
            elif roof < 0.3:
                c.draw.line(
                    [c.px(x + bw / 2, top), c.px(x + bw / 2, top - bh * 0.25)],
                    fill=body,
                    width=max(1, c.w // 500),
                )
            if not far:
                _windows(c, x, top, bw, base, lit, p.window, body, s.time)
            x += bw + rng.uniform(0.0, 0.012)


def _windows(
    c: Canvas,
    x: float,
    top: float,
    bw: float,
    base: float,
    lit: bool,
    light: RGB,
    body: RGB,
    time: str,
) -> None:
    rng = c.rng
    cols = max(2, round(bw / 0.012))
    rows = max(2, round((base - top) / 0.022))
    gx, gy = bw / cols, (base - top - 0.01) / rows
    odds = 0.35 if time == "night" else 0.2 if lit else 1.0
    for r in range(rows):
        for k in range(cols):
            if rng.random() > odds:
                continue
            x0, y0 = x + k * gx + gx * 0.28, top + 0.008 + r * gy + gy * 0.3
            colour = (*light, rng.randint(170, 255)) if lit else (*_shade(body, 1.3), 160)
            c.rect((*c.px(x0, y0), *c.px(x0 + gx * 0.45, y0 + gy * 0.4)), fill=colour)


def _sea(c: Canvas, s: Scene, hz: float, light_x: float, light_y: float) -> None:
    p, rng = s.palette, c.rng
    c.gradient(_mix(p.sea_top, p.sky_horizon, 0.35), p.sea_bottom, hz, 1.0, ease=0.7)
    # Shimmer: short horizontal strokes, denser and longer towards the viewer.
    for _ in range(260):
        t = rng.random()
        y = hz + (1 - hz) * t**1.5
        x = rng.random()
        length = (0.01 + 0.05 * t) * rng.uniform(0.4, 1.2)
        colour = (*_mix(p.sky_horizon, (255, 255, 255), 0.3), rng.randint(30, 80))
        c.draw.line(
            [c.px(x, y), c.px(x + length, y)],
            fill=colour,
            width=max(1, round(c.h / 500 * (0.5 + t))),
        )
    # The light's reflection: a broken column under the sun or moon.
    if s.time != "storm":
        spread = 0.03 + (0.05 if s.time in ("sunset", "dawn") else 0.02)
        for _ in range(120):
            t = rng.random()
            y = hz + (1 - hz) * t
            w = spread * (0.3 + t) * rng.uniform(0.3, 1.0)
            x = light_x + rng.gauss(0, spread * 0.4)
            c.draw.line(
                [c.px(x - w / 2, y), c.px(x + w / 2, y)],
                fill=(*p.light, rng.randint(70, 170)),
                width=max(1, round(c.h / 350)),
            )
    c.draw.line(
        [c.px(0, hz), c.px(1, hz)],
        fill=(*_mix(p.sky_horizon, p.light, 0.5), 120),
        width=max(1, c.h // 400),
    )


def _forest(c: Canvas, s: Scene, hz: float, *, on_ground: bool) -> None:
    p, rng = s.palette, c.rng
    green = _mix(p.land, (34, 80, 46), 0.5 if s.time == "day" else 0.15)
    rows = 3
    for row in range(rows):
        depth = 1 - row / rows
        base = hz + 0.01 + row * (0.09 if on_ground else 0.0) + (0.0 if on_ground else -0.005)
        colour = _mix(green, p.haze, 0.6 * depth)
        size = 0.05 + 0.07 * (1 - depth)
        x = rng.uniform(-0.02, 0.0)
        while x < 1.02:
            h = size * rng.uniform(0.7, 1.3)
            tone = _shade(colour, rng.uniform(0.85, 1.1))
            if rng.random() < 0.85:  # pine: stacked triangles
                for tier in range(3):
                    ty = base - h * (tier / 3)
                    tw = h * 0.45 * (1 - tier * 0.25)
                    c.draw.polygon(
                        [c.px(x - tw / 2, ty), c.px(x + tw / 2, ty), c.px(x, ty - h * 0.5)],
                        fill=tone,
                    )
            else:  # broadleaf: a crown on a trunk
                c.rect(
                    (*c.px(x - h * 0.03, base - h * 0.4), *c.px(x + h * 0.03, base)),
                    fill=_shade(tone, 0.6),
                )
                c.oval(
                    (*c.px(x - h * 0.3, base - h * 0.95), *c.px(x + h * 0.3, base - h * 0.3)),
                    fill=tone,
                )
            if s.snow:  # snow on the top tier
                c.draw.polygon(
                    [
                        c.px(x - h * 0.06, base - h * 0.76),
                        c.px(x + h * 0.06, base - h * 0.76),
                        c.px(x, base - h * 0.84),
                    ],
                    fill=(240, 244, 252, 200),
                )
            x += h * rng.uniform(0.25, 0.5)


def _shore(c: Canvas, s: Scene, hz: float, *, left: bool) -> tuple[float, float]:
    """A strip of land on one side, widening towards the viewer; returns its x span."""
    p, rng = s.palette, c.rng
    near, far = rng.uniform(0.45, 0.6), rng.uniform(0.2, 0.32)
    steps = 24
    edge = [
        (
            far + (near - far) * (i / steps) ** 1.3 + rng.uniform(-0.01, 0.01),
            hz + (1 - hz) * i / steps,
        )
        for i in range(steps + 1)
    ]
    if not left:
        edge = [(1 - x, y) for x, y in edge]
    side = 0.0 if left else 1.0
    land = (
        (236, 238, 246) if s.snow else _mix(p.land, (104, 120, 70), 0.3 if s.time == "day" else 0.1)
    )
    c.fill_polygon(
        [(side, hz - 0.004), *edge, (side, 1.0)], _mix(land, p.haze, 0.35), _shade(land, 0.75)
    )
    return (0.02, far * 0.9) if left else (1 - far * 0.9, 0.98)


def _houses(c: Canvas, s: Scene, hz: float, span: tuple[float, float]) -> None:
    p, rng = s.palette, c.rng
    lit = s.time != "day"
    for _ in range(rng.randint(2, 5)):
        w = rng.uniform(0.06, 0.11)
        x = rng.uniform(span[0], max(span[0], span[1] - w))
        base = hz + rng.uniform(0.06, 0.14)
        h = w * rng.uniform(0.55, 0.8)
        wall = _mix(
            rng.choice([(196, 90, 70), (226, 206, 170), (150, 170, 190), (235, 235, 225)]),
            p.land,
            0.55 if lit else 0.2,
        )
        roof = _shade(wall, 0.55)
        c.rect((*c.px(x, base - h), *c.px(x + w, base)), fill=wall)
        c.draw.polygon(
            [
                c.px(x - w * 0.08, base - h),
                c.px(x + w / 2, base - h - w * 0.45),
                c.px(x + w * 1.08, base - h),
            ],
            fill=roof,
        )
        window = (*p.window, 255) if lit else (*_mix(p.sky_horizon, wall, 0.3), 255)
        for k in range(2):
            wx = x + w * (0.18 + k * 0.44)
            c.rect((*c.px(wx, base - h * 0.7), *c.px(wx + w * 0.2, base - h * 0.35)), fill=window)
        if lit:
            c.glow(x + w / 2, base - h * 0.5, w * 0.9, p.window, 0.25)


def _boats(c: Canvas, s: Scene, hz: float) -> None:
    rng = c.rng
    dark = _shade(s.palette.land, 0.8)
    for _ in range(rng.randint(1, 3)):
        t = rng.uniform(0.1, 0.6)
        y = hz + (1 - hz) * t
        size = 0.03 + 0.06 * t
        x = rng.uniform(0.05, 0.9)
        c.draw.polygon(
            [
                c.px(x, y),
                c.px(x + size, y),
                c.px(x + size * 0.85, y + size * 0.18),
                c.px(x + size * 0.12, y + size * 0.18),
            ],
            fill=dark,
        )
        sail = (245, 240, 230) if s.time == "day" else _shade(dark, 1.2)
        c.draw.polygon(
            [
                c.px(x + size * 0.5, y - size * 1.1),
                c.px(x + size * 0.5, y - size * 0.05),
                c.px(x + size * 0.92, y - size * 0.05),
            ],
            fill=sail,
        )
        c.draw.polygon(
            [
                c.px(x + size * 0.45, y - size * 0.9),
                c.px(x + size * 0.45, y - size * 0.05),
                c.px(x + size * 0.12, y - size * 0.05),
            ],
            fill=_shade(sail, 0.9),
        )


# ---------------------------------------------------------------- abstract
def paint_abstract(c: Canvas, s: Scene) -> None:
    rng, p = c.rng, s.palette
    base = s.accent or rng.choice(_VIVID)
    hues = [base, _mix(base, p.sky_top, 0.6), p.sky_horizon, p.light, _mix(p.sea_bottom, base, 0.3)]
    c.gradient(_shade(_mix(p.sky_top, base, 0.25), 0.7), _mix(p.sky_horizon, base, 0.2), 0.0, 1.0)
    unit = min(c.w, c.h)
    for _ in range(rng.randint(9, 16)):
        colour = (*rng.choice(hues), rng.randint(110, 210))
        x, y = c.px(rng.random(), rng.random())
        r = unit * rng.uniform(0.05, 0.3)
        kind = rng.random()
        if kind < 0.45:
            c.oval((x - r, y - r, x + r, y + r), fill=colour)
        elif kind < 0.75:
            c.rect((x - r, y - r * rng.uniform(0.3, 1), x + r, y + r), fill=colour)
        else:
            angle = rng.uniform(0, math.tau)
            c.draw.polygon(
                [
                    (
                        x + r * math.cos(angle + k * math.tau / 3),
                        y + r * math.sin(angle + k * math.tau / 3),
                    )
                    for k in range(3)
                ],
                fill=colour,
            )
    for _ in range(rng.randint(2, 4)):  # a few bold lines tie the shapes together
        c.draw.line(
            [c.px(rng.random(), rng.random()), c.px(rng.random(), rng.random())],
            fill=(*p.light, 200),
            width=max(1, unit // 120),
        )


# ---------------------------------------------------------------- a subject's settings
def ground_line(s: Scene) -> float:
    """Where subjects standing in the setting have their feet (fraction of the height)."""
    if s.setting == "room":
        return 0.79  # on the table
    if s.setting in ("space", "underwater"):
        return 0.92
    return min(0.94, s.horizon + (1 - s.horizon) * 0.62)


def paint_setting(c: Canvas, s: Scene) -> None:
    """The backdrop a subject stands in: the landscape of its setting plus a foreground."""
    if s.setting == "space":
        _space(c, s)
    elif s.setting == "underwater":
        _underwater(c, s)
    elif s.setting == "room":
        _room(c, s)
    else:
        paint_landscape(c, s)
        if s.setting in ("beach", "sea"):
            _sand(c, s)
        elif s.setting == "city":
            _street(c, s)


def _sand(c: Canvas, s: Scene) -> None:
    p, hz = s.palette, s.horizon
    top = hz + (1 - hz) * 0.35
    pts = [(x / 24, top + 0.02 * math.sin(x / 24 * 5 + c.rng.uniform(0, 0.3))) for x in range(25)]
    sand = _mix((230, 204, 150), p.sky_horizon, 0.15)
    if s.time in ("night", "storm"):
        sand = _shade(sand, 0.55)
    c.fill_polygon([*pts, (1.0, 1.0), (0.0, 1.0)], _shade(sand, 1.04), _shade(sand, 0.85))
    c.draw.line(
        [c.px(x, y - 0.004) for x, y in pts],
        fill=(255, 255, 255, 150),
        width=max(1, c.h // 180),
    )


def _street(c: Canvas, s: Scene) -> None:
    hz = s.horizon
    top = hz + 0.02
    road = (70, 72, 80) if s.time != "day" else (110, 112, 118)
    c.fill_polygon([(0, top), (1, top), (1, 1), (0, 1)], _shade(road, 1.1), _shade(road, 0.8))
    c.rect((*c.px(0, top), *c.px(1, top + 0.025)), fill=(*_shade(road, 1.5), 255))
    lane = (240, 220, 120, 220)
    y = hz + (1 - hz) * 0.55
    for k in range(7):
        x = k / 6 - 0.04
        c.rect((*c.px(x, y), *c.px(x + 0.08, y + 0.012)), fill=lane)


def _space(c: Canvas, s: Scene) -> None:
    rng = c.rng
    accent = s.accent or rng.choice([(120, 60, 190), (40, 90, 200), (190, 60, 140)])
    c.gradient((4, 4, 16), _mix((10, 12, 40), accent, 0.3), 0.0, 1.0)
    c.soft_shapes(
        [
            (
                rng.uniform(-0.2, 0.8),
                rng.uniform(-0.1, 0.8),
                rng.uniform(0.4, 1.3),
                rng.uniform(0.3, 1.1),
            )
            for _ in range(3)
        ],
        accent,
        0.35,
    )
    _stars(c, 1.0)
    # a planet with a lit side and the curve of another world along the bottom
    r = rng.uniform(0.07, 0.12)
    x, y = rng.choice([0.18, 0.82]), rng.uniform(0.15, 0.35)
    colour = rng.choice([(220, 150, 90), (110, 170, 230), (200, 110, 90)])
    c.glow(x, y, r * 2.5, colour, 0.3)
    _disc(c, x, y, r, colour, crescent=False, sky=(0, 0, 0))
    c.fill_polygon(
        [(i / 32, 0.98 - 0.1 * math.sin(i / 32 * math.pi)) for i in range(33)] + [(1, 1), (0, 1)],
        (150, 150, 160),
        (70, 70, 84),
    )


def _underwater(c: Canvas, s: Scene) -> None:
    rng = c.rng
    top = (40, 150, 190) if s.accent is None else _mix((40, 150, 190), s.accent, 0.3)
    c.gradient(top, (6, 34, 74), 0.0, 1.0)
    for _ in range(6):  # light shafts from the surface
        x = rng.uniform(0, 1)
        w = rng.uniform(0.03, 0.08)
        c.draw.polygon(
            [c.px(x, 0), c.px(x + w, 0), c.px(x + w * 3 - 0.1, 1), c.px(x - 0.1, 1)],
            fill=(200, 240, 255, 28),
        )
    c.fill_polygon(
        [(i / 24, 0.9 + 0.02 * math.sin(i * 0.9)) for i in range(25)] + [(1, 1), (0, 1)],
        (196, 180, 130),
        (120, 110, 80),
    )
    for _ in range(7):  # seaweed
        x = rng.uniform(0, 1)
        h = rng.uniform(0.12, 0.3)
        stem = [(x + 0.015 * math.sin(k * 1.3), 0.93 - h * k / 8) for k in range(9)]
        c.draw.line(
            [c.px(u, v) for u, v in stem],
            fill=(40, 130, 70, 255),
            width=max(2, c.w // 90),
            joint="curve",
        )
    for _ in range(24):  # bubbles
        x, y = rng.uniform(0, 1), rng.uniform(0.05, 0.85)
        r = rng.uniform(0.004, 0.012) * c.w
        cx, cy = c.px(x, y)
        c.draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), outline=(220, 245, 255, 180), width=max(1, c.w // 400)
        )


def _room(c: Canvas, s: Scene) -> None:
    rng = c.rng
    wall = rng.choice([(236, 222, 200), (200, 214, 226), (222, 206, 214), (210, 222, 200)])
    if s.accent is not None:
        wall = _mix(wall, s.accent, 0.25)
    floor_y = 0.7
    c.gradient(_shade(wall, 1.05), _shade(wall, 0.9), 0.0, floor_y)
    c.gradient((170, 120, 80), (120, 80, 50), floor_y, 1.0)
    for k in range(1, 9):  # floorboards converging on the wall
        x = k / 9
        c.draw.line(
            [c.px(x, floor_y), c.px(0.5 + (x - 0.5) * 1.8, 1.0)],
            fill=(100, 66, 40, 160),
            width=max(1, c.w // 400),
        )
    # a window with the sky of the time of day
    wx = rng.choice([0.12, 0.62])
    c.rect((*c.px(wx - 0.01, 0.1), *c.px(wx + 0.27, 0.5)), fill=(250, 248, 240))
    c.draw.rectangle((*c.px(wx, 0.12), *c.px(wx + 0.26, 0.48)), fill=(*s.palette.sky_horizon, 255))
    c.rect((*c.px(wx + 0.125, 0.12), *c.px(wx + 0.135, 0.48)), fill=(250, 248, 240))
    c.rect((*c.px(wx, 0.295), *c.px(wx + 0.26, 0.305)), fill=(250, 248, 240))
    # a table the subject stands on
    c.rect((*c.px(0.1, 0.78), *c.px(0.9, 0.8)), fill=(150, 100, 60))
    c.rect((*c.px(0.08, 0.8), *c.px(0.92, 0.84)), fill=(120, 78, 46))
    for x in (0.12, 0.84):
        c.rect((*c.px(x, 0.84), *c.px(x + 0.04, 1.0)), fill=(110, 70, 42))
