"""The subjects the procedural engine knows how to draw: each noun of the vocabulary with its
synonyms and plurals, its category, its usual colour, where it stands (on the ground, in the
air, in water) and a drawing made of a few flat shapes in its own unit square (pen.Pen).

The main colour of each drawing is the one a colour word of the prompt names ("a red
bicycle"), else the noun's own; the other colours (a fox's white tail tip, a bicycle's black
tyres) stay.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from model.engines.procedural.pen import INK, RGB, Pen, mix, shade

Drawing = Callable[[Pen, RGB], None]

WHITE = (246, 244, 238)
BLACK = (40, 36, 40)
GREY = (140, 144, 150)
SKIN = (236, 190, 150)
WOOD = (150, 100, 60)
GREEN = (70, 160, 80)
METAL = (170, 176, 186)
GLASS = (170, 214, 240)


@dataclass(frozen=True)
class Noun:
    name: str
    plural: str
    category: str  # animal | bird | sea | person | vehicle | building | food | object | plant
    colour: RGB
    draw: Drawing
    synonyms: tuple[str, ...] = ()
    place: str = "ground"  # ground | air | water
    scale: float = 1.0  # its size beside the others, 1 = the usual


# ---------------------------------------------------------------- four-legged animals
@dataclass(frozen=True)
class _Beast:
    body: tuple[float, float] = (0.55, 0.26)  # width, height of the body ellipse
    legs: float = 0.26  # leg length
    leg_width: float = 0.06
    neck: float = 0.1  # how far the head sits above the body's front
    head: float = 0.12  # head radius
    snout: str = "pointed"  # pointed | round | long | flat | trunk | beak
    ears: str = "pointed"  # pointed | round | floppy | long | horns | antlers | none
    tail: str = "thin"  # thin | up | bushy | short | tuft | curly | none
    second: RGB | None = None  # belly, muzzle, tail tip
    marks: str = ""  # stripes | spots | patches | mane | hump | wool


def _beast(p: Pen, c: RGB, b: _Beast) -> None:
    bw, bh = b.body
    ground = 1.0
    top = ground - b.legs - bh * 0.8
    left, right = 0.46 - bw / 2, 0.46 + bw / 2
    cy = top + bh / 2
    dark = shade(c, 0.72)
    # far legs first, darker; near legs over the body
    for u in (left + bw * 0.2, right - bw * 0.12):
        p.rect(u, cy, u + b.leg_width, ground, dark, radius=b.leg_width * 0.4)
    # tail
    tx, ty = left + 0.02, cy - bh * 0.15
    if b.tail == "bushy":
        tip = b.second or WHITE
        p.poly([(tx, ty), (tx - 0.2, ty - 0.12), (tx - 0.28, ty + 0.02), (tx - 0.12, ty + 0.1)], c)
        p.poly([(tx - 0.2, ty - 0.12), (tx - 0.28, ty + 0.02), (tx - 0.3, ty - 0.08)], tip)
    elif b.tail == "thin":
        p.line([(tx, ty), (tx - 0.1, ty + 0.05), (tx - 0.16, ty + 0.16)], INK, 0.025)
        p.line([(tx, ty), (tx - 0.1, ty + 0.05), (tx - 0.16, ty + 0.16)], c, 0.015)
    elif b.tail == "up":  # a cat's tail, raised in a curve
        curve = [(tx, ty), (tx - 0.09, ty - 0.05), (tx - 0.12, ty - 0.18), (tx - 0.07, ty - 0.26)]
        p.line(curve, INK, 0.035)
        p.line(curve, c, 0.022)
    elif b.tail == "tuft":
        p.line([(tx, ty), (tx - 0.1, ty + 0.14)], INK, 0.018)
        p.oval(tx - 0.11, ty + 0.17, 0.03, 0.045, b.second or dark)
    elif b.tail == "short":
        p.circle(tx - 0.02, ty, 0.045, b.second or c)
    elif b.tail == "curly":
        p.ring(tx - 0.05, ty, 0.04, 0.015, INK)
    if b.marks == "wool":
        for k in range(7):
            p.circle(left + bw * (0.12 + 0.13 * k), cy - bh * 0.3 * (k % 2), bh * 0.38, c)
    p.oval((left + right) / 2, cy, bw / 2, bh / 2, c)
    if b.marks == "wool":
        for k in range(6):
            p.circle(left + bw * (0.18 + 0.13 * k), cy + bh * 0.15 * (k % 2), bh * 0.36, c)
    if b.marks == "hump":
        p.oval((left + right) / 2, top - bh * 0.1, bw * 0.22, bh * 0.45, c)
    if b.second is not None and b.marks not in ("wool",):
        p.oval((left + right) / 2 + 0.04, cy + bh * 0.22, bw * 0.3, bh * 0.22, b.second)
    if b.marks == "stripes":
        for k in range(5):
            u = left + bw * (0.2 + 0.14 * k)
            p.line([(u, top + 0.01), (u - 0.03, cy), (u, cy + bh * 0.3)], BLACK, 0.025)
    elif b.marks == "spots":
        for k, (du, dv) in enumerate([(0.2, 0.3), (0.45, 0.25), (0.7, 0.35), (0.35, 0.6)]):
            p.oval(left + bw * du, top + bh * dv, 0.035 + 0.005 * k, 0.03, shade(c, 0.55))
    elif b.marks == "patches":
        p.oval(left + bw * 0.35, cy - bh * 0.1, bw * 0.14, bh * 0.3, BLACK)
        p.oval(left + bw * 0.72, cy + bh * 0.1, bw * 0.1, bh * 0.22, BLACK)
    for u in (left + bw * 0.08, right - bw * 0.24):
        p.rect(u, cy, u + b.leg_width, ground, c, radius=b.leg_width * 0.4)
        p.rect(u - 0.005, ground - 0.035, u + b.leg_width + 0.005, ground, shade(c, 0.5))
    # neck and head
    hx, hy = right + b.head * 0.4, top - b.neck
    if b.marks == "mane":
        p.circle(hx - 0.02, hy + 0.02, b.head * 1.75, b.second or shade(c, 0.6))
    p.poly(
        [(right - bw * 0.22, cy), (right - 0.02, top), (hx + b.head * 0.4, hy), (hx - b.head, hy)],
        c,
    )
    _ears(p, b.ears, hx, hy, b.head, c)
    _snout(p, b.snout, hx, hy, b.head, c, b.second)
    p.circle(hx, hy, b.head, c)
    _ears_front(p, b.ears, hx, hy, b.head, c)
    _snout_front(p, b.snout, hx, hy, b.head, c, b.second)
    p.dot(hx + b.head * 0.3, hy - b.head * 0.25, b.head * 0.14)


def _ears(p: Pen, kind: str, x: float, y: float, r: float, c: RGB) -> None:
    if kind == "pointed":
        for dx in (-0.55, 0.15):
            p.poly(
                [
                    (x + dx * r, y - 0.6 * r),
                    (x + (dx + 0.2) * r, y - 1.9 * r),
                    (x + (dx + 0.6) * r, y - 0.7 * r),
                ],
                c,
            )
    elif kind == "long":
        for dx in (-0.5, 0.2):
            p.oval(x + dx * r, y - 1.6 * r, 0.3 * r, 1.1 * r, c)
    elif kind == "round":
        for dx in (-0.7, 0.6):
            p.circle(x + dx * r, y - 0.8 * r, 0.42 * r, c)
    elif kind == "horns":
        for dx in (-0.4, 0.3):
            p.poly(
                [
                    (x + dx * r, y - 0.7 * r),
                    (x + (dx - 0.3) * r, y - 1.7 * r),
                    (x + (dx + 0.25) * r, y - 0.8 * r),
                ],
                WHITE,
            )
    elif kind == "antlers":
        for dx in (-0.3, 0.35):
            base = (x + dx * r, y - 0.8 * r)
            top = (x + (dx - 0.2) * r, y - 2.6 * r)
            p.line([base, top], WOOD, 0.02)
            p.line([(base[0] - 0.1 * r, y - 1.6 * r), (base[0] - 0.8 * r, y - 2.1 * r)], WOOD, 0.02)
            p.line(
                [(base[0] - 0.05 * r, y - 2.1 * r), (base[0] + 0.6 * r, y - 2.6 * r)], WOOD, 0.02
            )


def _ears_front(p: Pen, kind: str, x: float, y: float, r: float, c: RGB) -> None:
    if kind == "floppy":
        p.oval(x - 0.55 * r, y + 0.2 * r, 0.35 * r, 0.8 * r, shade(c, 0.7))
    elif kind == "big":
        p.oval(x - 0.6 * r, y + 0.1 * r, 0.9 * r, 1.1 * r, shade(c, 0.9))


def _snout(p: Pen, kind: str, x: float, y: float, r: float, c: RGB, second: RGB | None) -> None:
    if kind == "long":
        p.poly(
            [
                (x, y - 0.5 * r),
                (x + 1.9 * r, y + 0.1 * r),
                (x + 1.8 * r, y + 0.7 * r),
                (x, y + 0.8 * r),
            ],
            c,
        )
        p.dot(x + 1.75 * r, y + 0.25 * r, 0.12 * r)
    elif kind == "trunk":
        p.line(
            [
                (x + 0.6 * r, y + 0.2 * r),
                (x + 1.2 * r, y + 1.2 * r),
                (x + 1.1 * r, y + 2.3 * r),
                (x + 1.5 * r, y + 2.6 * r),
            ],
            INK,
            0.07,
        )
        p.line(
            [
                (x + 0.6 * r, y + 0.2 * r),
                (x + 1.2 * r, y + 1.2 * r),
                (x + 1.1 * r, y + 2.3 * r),
                (x + 1.5 * r, y + 2.6 * r),
            ],
            c,
            0.05,
        )


def _snout_front(
    p: Pen, kind: str, x: float, y: float, r: float, c: RGB, second: RGB | None
) -> None:
    if kind == "pointed":
        p.poly(
            [(x + 0.3 * r, y - 0.3 * r), (x + 1.8 * r, y + 0.35 * r), (x + 0.2 * r, y + 0.8 * r)],
            second or c,
        )
        p.dot(x + 1.75 * r, y + 0.35 * r, 0.16 * r)
    elif kind == "round":
        p.oval(x + 0.7 * r, y + 0.35 * r, 0.55 * r, 0.4 * r, second or shade(c, 1.15))
        p.dot(x + 1.05 * r, y + 0.2 * r, 0.14 * r)
    elif kind == "flat":
        p.oval(x + 0.75 * r, y + 0.25 * r, 0.35 * r, 0.45 * r, (236, 150, 160))
        p.dot(x + 0.8 * r, y + 0.15 * r, 0.07 * r)
        p.dot(x + 0.8 * r, y + 0.4 * r, 0.07 * r)


def _beast_drawing(b: _Beast) -> Drawing:
    return lambda p, c: _beast(p, c, b)


BEASTS: dict[str, tuple[RGB, _Beast, tuple[str, ...]]] = {
    "dog": (
        (176, 120, 70),
        _Beast(
            body=(0.5, 0.24),
            legs=0.2,
            neck=0.05,
            head=0.13,
            ears="floppy",
            snout="round",
            tail="thin",
            second=(236, 214, 180),
        ),
        ("puppy", "puppies", "hound", "doggy"),
    ),
    "cat": (
        (120, 120, 128),
        _Beast(body=(0.46, 0.22), legs=0.2, neck=0.04, head=0.12, snout="round", tail="up"),
        ("kitten", "kitty", "kitties"),
    ),
    "fox": (
        (232, 116, 34),
        _Beast(
            body=(0.52, 0.22),
            legs=0.22,
            ears="pointed",
            snout="pointed",
            tail="bushy",
            second=WHITE,
        ),
        ("foxes", "vixen"),
    ),
    "wolf": (
        (128, 130, 138),
        _Beast(
            body=(0.56, 0.26), ears="pointed", snout="pointed", tail="bushy", second=(210, 210, 214)
        ),
        ("wolves",),
    ),
    "horse": (
        (140, 90, 50),
        _Beast(
            body=(0.6, 0.26),
            legs=0.36,
            leg_width=0.055,
            neck=0.2,
            head=0.1,
            snout="long",
            ears="pointed",
            tail="tuft",
            marks="",
        ),
        ("pony", "ponies", "stallion", "mare"),
    ),
    "cow": (
        (250, 248, 240),
        _Beast(
            body=(0.62, 0.3),
            legs=0.26,
            snout="round",
            ears="horns",
            tail="tuft",
            marks="patches",
            second=(240, 180, 180),
        ),
        ("cows", "cattle", "calf", "calves"),
    ),
    "pig": (
        (242, 166, 176),
        _Beast(
            body=(0.56, 0.3),
            legs=0.16,
            neck=0.0,
            head=0.14,
            snout="flat",
            ears="pointed",
            tail="curly",
        ),
        ("pigs", "piglet", "piglets", "hog"),
    ),
    "sheep": (
        (245, 242, 232),
        _Beast(
            body=(0.56, 0.3),
            legs=0.22,
            leg_width=0.05,
            head=0.1,
            snout="round",
            ears="floppy",
            tail="short",
            marks="wool",
            second=(60, 56, 60),
        ),
        ("lamb", "lambs"),
    ),
    "deer": (
        (170, 110, 60),
        _Beast(
            body=(0.52, 0.22),
            legs=0.34,
            leg_width=0.045,
            neck=0.18,
            head=0.09,
            snout="pointed",
            ears="antlers",
            tail="short",
            second=(240, 226, 200),
        ),
        ("reindeer", "stag", "fawn", "elk", "moose"),
    ),
    "bear": (
        (110, 72, 44),
        _Beast(
            body=(0.62, 0.34),
            legs=0.2,
            leg_width=0.1,
            neck=0.02,
            head=0.15,
            snout="round",
            ears="round",
            tail="none",
            second=(170, 130, 90),
        ),
        ("bears", "grizzly", "teddy"),
    ),
    "lion": (
        (222, 170, 80),
        _Beast(
            body=(0.58, 0.26),
            legs=0.26,
            leg_width=0.07,
            head=0.13,
            snout="round",
            ears="round",
            tail="tuft",
            marks="mane",
            second=(170, 96, 40),
        ),
        ("lions", "lioness"),
    ),
    "tiger": (
        (240, 140, 40),
        _Beast(
            body=(0.6, 0.26),
            legs=0.24,
            leg_width=0.07,
            head=0.13,
            snout="round",
            ears="round",
            tail="thin",
            marks="stripes",
            second=WHITE,
        ),
        ("tigers",),
    ),
    "elephant": (
        (150, 152, 162),
        _Beast(
            body=(0.62, 0.38),
            legs=0.24,
            leg_width=0.11,
            neck=0.0,
            head=0.17,
            snout="trunk",
            ears="big",
            tail="thin",
        ),
        ("elephants",),
    ),
    "rabbit": (
        (200, 190, 180),
        _Beast(
            body=(0.4, 0.26),
            legs=0.08,
            leg_width=0.08,
            neck=0.05,
            head=0.11,
            snout="round",
            ears="long",
            tail="short",
            second=WHITE,
        ),
        ("bunny", "bunnies", "hare", "hares"),
    ),
    "mouse": (
        (160, 160, 166),
        _Beast(
            body=(0.42, 0.22),
            legs=0.06,
            leg_width=0.05,
            neck=0.0,
            head=0.1,
            snout="pointed",
            ears="round",
            tail="thin",
            second=(240, 190, 190),
        ),
        ("mice", "rat", "rats", "hamster"),
    ),
    "giraffe": (
        (240, 190, 90),
        _Beast(
            body=(0.42, 0.2),
            legs=0.36,
            leg_width=0.045,
            neck=0.42,
            head=0.08,
            snout="long",
            ears="horns",
            tail="tuft",
            marks="spots",
        ),
        ("giraffes",),
    ),
    "zebra": (
        (246, 246, 246),
        _Beast(
            body=(0.56, 0.24),
            legs=0.3,
            leg_width=0.055,
            neck=0.18,
            head=0.1,
            snout="long",
            ears="pointed",
            tail="tuft",
            marks="stripes",
        ),
        ("zebras",),
    ),
    "camel": (
        (206, 160, 100),
        _Beast(
            body=(0.5, 0.22),
            legs=0.38,
            leg_width=0.05,
            neck=0.2,
            head=0.08,
            snout="long",
            ears="round",
            tail="tuft",
            marks="hump",
        ),
        ("camels", "dromedary"),
    ),
}


# ---------------------------------------------------------------- birds
def _bird_body(p: Pen, c: RGB, *, upright: bool, beak: RGB, belly: RGB | None, legs: bool) -> None:
    if upright:
        p.oval(0.5, 0.62, 0.2, 0.3, c)
        if belly:
            p.oval(0.53, 0.66, 0.13, 0.22, belly)
        p.circle(0.5, 0.3, 0.13, c)
        p.poly([(0.6, 0.3), (0.72, 0.34), (0.6, 0.38)], beak)
        p.dot(0.55, 0.27, 0.02)
    else:
        p.poly([(0.28, 0.6), (0.08, 0.5), (0.1, 0.7)], shade(c, 0.8))  # tail
        p.oval(0.45, 0.62, 0.24, 0.16, c)
        if belly:
            p.oval(0.5, 0.68, 0.16, 0.09, belly)
        p.circle(0.68, 0.45, 0.1, c)
        p.poly([(0.76, 0.42), (0.88, 0.47), (0.76, 0.5)], beak)
        p.dot(0.7, 0.42, 0.018)
        p.poly([(0.32, 0.56), (0.5, 0.52), (0.56, 0.62), (0.36, 0.68)], shade(c, 0.8))
    if legs:
        for u in (0.44, 0.52):
            p.line([(u, 0.78 if not upright else 0.9), (u, 1.0)], (230, 150, 40), 0.018)


def _bird(p: Pen, c: RGB) -> None:
    _bird_body(p, c, upright=False, beak=(240, 170, 40), belly=mix(c, WHITE, 0.5), legs=True)


def _owl(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.6, 0.24, 0.34, c)
    p.oval(0.5, 0.68, 0.16, 0.22, mix(c, WHITE, 0.55))
    for u in (0.4, 0.6):
        p.poly([(u - 0.06, 0.34), (u + (0.08 if u > 0.5 else -0.08), 0.18), (u + 0.06, 0.32)], c)
        p.circle(u, 0.42, 0.08, WHITE)
        p.dot(u, 0.42, 0.04)
    p.poly([(0.47, 0.48), (0.53, 0.48), (0.5, 0.56)], (240, 170, 40))
    p.rect(0.2, 0.93, 0.8, 0.98, WOOD)


def _duck(p: Pen, c: RGB) -> None:
    p.oval(0.45, 0.72, 0.28, 0.16, c)
    p.poly([(0.2, 0.68), (0.1, 0.58), (0.22, 0.78)], c)
    p.circle(0.68, 0.46, 0.12, (40, 120, 70) if c == (250, 250, 245) else c)
    p.poly([(0.78, 0.46), (0.94, 0.5), (0.78, 0.54)], (240, 150, 30))
    p.dot(0.71, 0.43, 0.02)
    p.poly([(0.3, 0.66), (0.5, 0.62), (0.56, 0.74), (0.36, 0.78)], shade(c, 0.85))


def _penguin(p: Pen, c: RGB) -> None:
    _bird_body(p, c, upright=True, beak=(240, 160, 30), belly=WHITE, legs=False)
    for u in (0.43, 0.57):
        p.oval(u, 0.95, 0.06, 0.03, (240, 160, 30))


def _eagle(p: Pen, c: RGB) -> None:
    # wings spread, seen from the front: a soaring silhouette
    p.poly([(0.5, 0.45), (0.05, 0.3), (0.12, 0.42), (0.02, 0.45), (0.2, 0.56), (0.45, 0.6)], c)
    p.poly([(0.5, 0.45), (0.95, 0.3), (0.88, 0.42), (0.98, 0.45), (0.8, 0.56), (0.55, 0.6)], c)
    p.oval(0.5, 0.56, 0.08, 0.16, shade(c, 0.9))
    p.poly([(0.44, 0.7), (0.56, 0.7), (0.6, 0.82), (0.4, 0.82)], WHITE)
    p.circle(0.5, 0.38, 0.07, WHITE)
    p.poly([(0.52, 0.38), (0.6, 0.42), (0.52, 0.44)], (240, 190, 40))


def _parrot(p: Pen, c: RGB) -> None:
    p.rect(0.1, 0.86, 0.9, 0.9, WOOD)
    p.poly([(0.42, 0.72), (0.36, 1.0), (0.5, 0.74)], (40, 90, 220))
    p.oval(0.5, 0.58, 0.14, 0.24, c)
    p.circle(0.52, 0.32, 0.12, c)
    p.poly([(0.6, 0.3), (0.72, 0.36), (0.62, 0.44)], (50, 50, 50))
    p.oval(0.45, 0.6, 0.09, 0.16, (250, 210, 40))
    p.circle(0.55, 0.28, 0.03, WHITE)
    p.dot(0.55, 0.28, 0.015)


def _chicken(p: Pen, c: RGB) -> None:
    _bird_body(p, c, upright=False, beak=(240, 170, 40), belly=None, legs=True)
    for k in range(3):
        p.circle(0.64 + 0.04 * k, 0.34 - 0.02 * (k % 2), 0.03, (220, 40, 40))
    p.oval(0.74, 0.55, 0.02, 0.04, (220, 40, 40))


def _swan(p: Pen, c: RGB) -> None:
    p.oval(0.42, 0.76, 0.3, 0.14, c)
    p.poly([(0.16, 0.72), (0.06, 0.6), (0.2, 0.78)], c)
    p.line([(0.62, 0.72), (0.72, 0.5), (0.64, 0.34), (0.7, 0.26)], INK, 0.065)
    p.line([(0.62, 0.72), (0.72, 0.5), (0.64, 0.34), (0.7, 0.26)], c, 0.045)
    p.circle(0.71, 0.26, 0.055, c)
    p.poly([(0.75, 0.25), (0.85, 0.3), (0.75, 0.3)], (240, 120, 40))


def _flamingo(p: Pen, c: RGB) -> None:
    p.line([(0.48, 0.62), (0.48, 1.0)], (230, 110, 140), 0.02)
    p.line([(0.54, 0.62), (0.6, 0.8), (0.5, 0.82)], (230, 110, 140), 0.02)
    p.oval(0.45, 0.55, 0.2, 0.1, c)
    p.line([(0.62, 0.52), (0.66, 0.3), (0.6, 0.18), (0.66, 0.12)], c, 0.035)
    p.circle(0.67, 0.13, 0.04, c)
    p.poly([(0.7, 0.12), (0.78, 0.18), (0.72, 0.2)], BLACK)


# ---------------------------------------------------------------- water creatures
def _fish(p: Pen, c: RGB) -> None:
    p.poly([(0.26, 0.6), (0.06, 0.44), (0.08, 0.76)], shade(c, 0.85))
    p.oval(0.5, 0.6, 0.28, 0.16, c)
    p.poly([(0.42, 0.46), (0.55, 0.36), (0.62, 0.47)], shade(c, 0.85))
    for u in (0.4, 0.5):
        p.line([(u, 0.48), (u, 0.72)], shade(c, 0.75), 0.012)
    p.circle(0.68, 0.56, 0.035, WHITE)
    p.dot(0.69, 0.56, 0.018)


def _whale(p: Pen, c: RGB) -> None:
    p.poly([(0.2, 0.62), (0.02, 0.48), (0.08, 0.62), (0.02, 0.74)], c)
    p.oval(0.52, 0.64, 0.38, 0.2, c)
    p.oval(0.56, 0.74, 0.3, 0.08, mix(c, WHITE, 0.6))
    p.dot(0.78, 0.6, 0.02)
    for du in (-0.05, 0.0, 0.05):
        p.line([(0.62, 0.42), (0.62 + du, 0.3)], (120, 190, 240), 0.015)


def _dolphin(p: Pen, c: RGB) -> None:
    p.poly([(0.14, 0.4), (0.04, 0.3), (0.08, 0.44), (0.02, 0.52)], c)
    p.poly(
        [(0.1, 0.44), (0.4, 0.48), (0.7, 0.44), (0.92, 0.56), (0.7, 0.6), (0.4, 0.64), (0.14, 0.5)],
        c,
    )
    p.poly([(0.42, 0.48), (0.5, 0.34), (0.56, 0.47)], c)
    p.poly([(0.4, 0.6), (0.7, 0.58), (0.86, 0.57), (0.62, 0.62)], mix(c, WHITE, 0.6))
    p.dot(0.74, 0.5, 0.015)


def _shark(p: Pen, c: RGB) -> None:
    p.poly([(0.12, 0.56), (0.02, 0.36), (0.08, 0.56), (0.04, 0.74)], c)
    p.poly([(0.1, 0.56), (0.5, 0.46), (0.96, 0.58), (0.5, 0.7)], c)
    p.poly([(0.4, 0.5), (0.5, 0.28), (0.56, 0.48)], c)
    p.poly([(0.3, 0.62), (0.6, 0.66), (0.94, 0.6), (0.5, 0.7)], WHITE)
    p.poly([(0.5, 0.66), (0.6, 0.78), (0.64, 0.66)], c)
    p.dot(0.8, 0.55, 0.018)
    for k in range(4):
        u = 0.78 + 0.035 * k
        p.poly([(u, 0.61), (u + 0.015, 0.64), (u + 0.03, 0.61)], WHITE)


def _octopus(p: Pen, c: RGB) -> None:
    for k in range(8):
        u = 0.2 + k * 0.085
        wave = [(u + 0.04 * math.sin(j + k), 0.6 + 0.05 * j) for j in range(8)]
        p.line(wave, INK, 0.05)
        p.line(wave, c, 0.035)
    p.oval(0.5, 0.42, 0.24, 0.24, c)
    for u in (0.42, 0.58):
        p.circle(u, 0.46, 0.05, WHITE)
        p.dot(u, 0.47, 0.025)


def _turtle(p: Pen, c: RGB) -> None:
    for u in (0.28, 0.7):
        p.oval(u, 0.88, 0.07, 0.08, mix(c, (120, 170, 80), 0.5))
    p.oval(0.85, 0.76, 0.09, 0.07, mix(c, (120, 170, 80), 0.5))
    p.dot(0.89, 0.74, 0.015)
    p.poly([(0.16, 0.86), (0.24, 0.56), (0.5, 0.46), (0.76, 0.56), (0.84, 0.86)], c)
    for u, v in ((0.38, 0.66), (0.62, 0.66), (0.5, 0.58), (0.5, 0.76)):
        p.poly(
            [
                (u - 0.06, v),
                (u - 0.03, v - 0.05),
                (u + 0.03, v - 0.05),
                (u + 0.06, v),
                (u + 0.03, v + 0.05),
                (u - 0.03, v + 0.05),
            ],
            shade(c, 0.8),
        )


def _crab(p: Pen, c: RGB) -> None:
    for k in range(3):
        for side in (-1, 1):
            u = 0.5 + side * (0.2 + 0.05 * k)
            p.line(
                [(0.5 + side * 0.1, 0.78), (u + side * 0.1, 0.8), (u + side * 0.12, 0.98)],
                shade(c, 0.7),
                0.02,
            )
    p.oval(0.5, 0.76, 0.26, 0.14, c)
    for side in (-1, 1):
        p.line([(0.5 + side * 0.18, 0.7), (0.5 + side * 0.3, 0.5)], shade(c, 0.8), 0.03)
        p.poly(
            [
                (0.5 + side * 0.3, 0.5),
                (0.5 + side * 0.42, 0.4),
                (0.5 + side * 0.34, 0.48),
                (0.5 + side * 0.44, 0.52),
                (0.5 + side * 0.32, 0.58),
            ],
            c,
        )
    for u in (0.45, 0.55):
        p.line([(u, 0.64), (u, 0.56)], INK, 0.012)
        p.dot(u, 0.56, 0.02)


def _jellyfish(p: Pen, c: RGB) -> None:
    for k in range(6):
        u = 0.3 + k * 0.08
        p.line([(u + 0.03 * math.sin(j + k), 0.5 + 0.07 * j) for j in range(7)], c, 0.015)
    p.poly(
        [
            (0.24, 0.52),
            *[
                (0.5 - 0.26 * math.cos(a / 10 * math.pi), 0.52 - 0.3 * math.sin(a / 10 * math.pi))
                for a in range(11)
            ],
            (0.76, 0.52),
        ],
        c,
    )


# ---------------------------------------------------------------- small creatures
def _butterfly(p: Pen, c: RGB) -> None:
    for side in (-1, 1):
        p.oval(0.5 + side * 0.2, 0.36, 0.18, 0.16, c)
        p.oval(0.5 + side * 0.16, 0.6, 0.13, 0.12, shade(c, 0.8))
        p.circle(0.5 + side * 0.22, 0.36, 0.05, mix(c, WHITE, 0.7))
        p.line([(0.5 + side * 0.02, 0.24), (0.5 + side * 0.08, 0.14)], INK, 0.012)
    p.oval(0.5, 0.46, 0.03, 0.2, BLACK)


def _snake(p: Pen, c: RGB) -> None:
    body = [(0.08 + 0.8 * t / 30, 0.8 + 0.1 * math.sin(t / 30 * 3 * math.pi)) for t in range(31)]
    p.line(body, INK, 0.1)
    p.line(body, c, 0.075)
    for k in range(1, 30, 4):
        p.dot(*body[k], 0.015, shade(c, 0.6))
    p.oval(0.9, 0.78, 0.07, 0.05, c)
    p.dot(0.92, 0.76, 0.012)
    p.line([(0.96, 0.78), (1.0, 0.76), (1.0, 0.8)], (220, 40, 40), 0.01)


def _frog(p: Pen, c: RGB) -> None:
    for side in (-1, 1):
        p.oval(0.5 + side * 0.26, 0.9, 0.14, 0.06, shade(c, 0.85))
    p.oval(0.5, 0.74, 0.3, 0.2, c)
    p.oval(0.5, 0.8, 0.18, 0.1, mix(c, (250, 240, 180), 0.6))
    for side in (-1, 1):
        p.circle(0.5 + side * 0.14, 0.54, 0.08, c)
        p.circle(0.5 + side * 0.14, 0.54, 0.045, WHITE)
        p.dot(0.5 + side * 0.14, 0.54, 0.022)
    p.line([(0.38, 0.72), (0.5, 0.75), (0.62, 0.72)], INK, 0.012)


def _bee(p: Pen, c: RGB) -> None:
    for side in (-1, 1):
        p.oval(0.48 + side * 0.06, 0.36, 0.1, 0.14, (230, 240, 250))
    p.oval(0.5, 0.55, 0.26, 0.16, c)
    for u in (0.42, 0.54):
        p.rect(u, 0.4, u + 0.06, 0.7, BLACK)
    p.circle(0.76, 0.52, 0.08, BLACK)
    p.poly([(0.24, 0.55), (0.16, 0.55), (0.24, 0.6)], BLACK)


def _dragon(p: Pen, c: RGB) -> None:
    # a long tail with a spade tip behind, the four-legged body, then a bat wing over it
    tail = [(0.24, 0.74), (0.12, 0.8), (0.1, 0.92), (0.2, 0.97), (0.04, 0.98)]
    p.line(tail, INK, 0.06)
    p.line(tail, c, 0.045)
    p.poly([(0.04, 0.98), (-0.02, 0.93), (0.0, 1.0), (0.08, 1.0)], shade(c, 0.8))
    _beast(
        p,
        c,
        _Beast(
            body=(0.5, 0.24),
            legs=0.18,
            leg_width=0.07,
            neck=0.22,
            head=0.09,
            snout="long",
            ears="horns",
            tail="none",
            second=mix(c, (250, 230, 160), 0.6),
        ),
    )
    membrane = mix(c, (250, 240, 200), 0.35)
    wing = [
        (0.36, 0.70),
        (0.22, 0.34),
        (0.34, 0.42),
        (0.44, 0.28),
        (0.52, 0.44),
        (0.64, 0.40),
        (0.6, 0.70),
    ]
    p.poly(wing, membrane)
    for tip in wing[1:-1:2]:
        p.line([(0.46, 0.68), tip], shade(c, 0.7), 0.012)


# ---------------------------------------------------------------- people
def _figure(
    p: Pen,
    shirt: RGB,
    *,
    legs: RGB = (50, 70, 120),
    hair: RGB | None = (70, 44, 30),
    skin: RGB = SKIN,
    dress: bool = False,
    height: float = 1.0,
    hat: str = "",
) -> None:
    top = 1 - 0.9 * height
    head_r = 0.075 * height
    hip = 1 - 0.42 * height
    shoulder = top + 0.2 * height
    for u in (0.44, 0.53):
        p.rect(u, hip - 0.02, u + 0.06, 1.0, legs, radius=0.02)
        p.oval(u + 0.03, 0.985, 0.045, 0.02, BLACK)
    for side in (-1, 1):
        p.line(
            [
                (0.5 + side * 0.1, shoulder + 0.02),
                (0.5 + side * 0.17, hip),
                (0.5 + side * 0.2, hip + 0.06),
            ],
            INK,
            0.05 * height,
        )
        p.line(
            [
                (0.5 + side * 0.1, shoulder + 0.02),
                (0.5 + side * 0.17, hip),
                (0.5 + side * 0.2, hip + 0.06),
            ],
            shirt,
            0.035 * height,
        )
        p.circle(0.5 + side * 0.2, hip + 0.07, 0.025 * height, skin)
    if dress:
        p.poly(
            [
                (0.4, shoulder),
                (0.6, shoulder),
                (0.72, hip + 0.16 * height),
                (0.28, hip + 0.16 * height),
            ],
            shirt,
        )
    else:
        p.rect(0.39, shoulder, 0.61, hip + 0.02, shirt, radius=0.04 * height)
    cy = top + head_r
    if hair is not None and dress:
        p.oval(0.5, cy + head_r * 0.5, head_r * 1.25, head_r * 1.6, hair)
    p.circle(0.5, cy, head_r, skin)
    if hair is not None:
        p.poly(
            [
                (0.5 - head_r, cy),
                (0.5 - head_r * 0.8, cy - head_r * 0.9),
                (0.5 + head_r * 0.8, cy - head_r * 0.9),
                (0.5 + head_r, cy - head_r * 0.1),
                (0.5, cy - head_r * 0.5),
            ],
            hair,
        )
    for du in (-0.3, 0.3):
        p.dot(0.5 + du * head_r, cy + 0.1 * head_r, head_r * 0.11)
    p.line(
        [
            (0.5 - head_r * 0.3, cy + head_r * 0.45),
            (0.5, cy + head_r * 0.55),
            (0.5 + head_r * 0.3, cy + head_r * 0.45),
        ],
        INK,
        0.008,
    )
    if hat == "wizard":
        p.poly(
            [
                (0.5 - head_r * 1.8, cy - head_r * 0.6),
                (0.5 + head_r * 0.4, top - 0.22 * height),
                (0.5 + head_r * 1.8, cy - head_r * 0.6),
            ],
            shirt,
        )
        p.dot(0.5, cy - head_r * 2, 0.012, (250, 230, 100))
    elif hat == "crown":
        p.poly(
            [
                (0.5 - head_r, cy - head_r * 0.7),
                (0.5 - head_r, cy - head_r * 1.6),
                (0.5 - head_r * 0.4, cy - head_r * 1.1),
                (0.5, cy - head_r * 1.7),
                (0.5 + head_r * 0.4, cy - head_r * 1.1),
                (0.5 + head_r, cy - head_r * 1.6),
                (0.5 + head_r, cy - head_r * 0.7),
            ],
            (240, 200, 60),
        )


def _person(p: Pen, c: RGB) -> None:
    _figure(p, c)


def _woman(p: Pen, c: RGB) -> None:
    _figure(p, c, dress=True, hair=(120, 70, 40))


def _man(p: Pen, c: RGB) -> None:
    _figure(p, c, hair=(50, 36, 28), legs=(60, 60, 70))


def _child(p: Pen, c: RGB) -> None:
    _figure(p, c, height=0.62, hair=(200, 150, 70))


def _astronaut(p: Pen, c: RGB) -> None:
    _figure(p, c, legs=c, hair=None, skin=c)
    p.rect(0.33, 0.3, 0.39, 0.5, GREY, radius=0.02)
    p.circle(0.5, 0.18, 0.1, c)
    p.oval(0.52, 0.18, 0.07, 0.055, (40, 60, 110))
    p.oval(0.5, 0.45, 0.05, 0.03, (220, 60, 60))


def _knight(p: Pen, c: RGB) -> None:
    _figure(p, c, legs=shade(c, 0.8), hair=None, skin=c)
    p.rect(0.42, 0.08, 0.58, 0.26, c, radius=0.03)
    p.line([(0.45, 0.16), (0.55, 0.16)], INK, 0.015)
    p.poly([(0.5, 0.08), (0.48, 0.02), (0.56, 0.0)], (200, 40, 40))
    p.poly([(0.26, 0.36), (0.4, 0.36), (0.4, 0.52), (0.33, 0.6), (0.26, 0.52)], (40, 80, 170))
    p.line([(0.72, 0.58), (0.8, 0.14)], METAL, 0.025)
    p.line([(0.66, 0.56), (0.78, 0.6)], WOOD, 0.02)


def _robot(p: Pen, c: RGB) -> None:
    for u in (0.4, 0.54):
        p.rect(u, 0.7, u + 0.07, 1.0, shade(c, 0.8))
    for u in (0.24, 0.7):
        p.rect(u, 0.38, u + 0.06, 0.64, shade(c, 0.85), radius=0.02)
    p.rect(0.3, 0.36, 0.7, 0.72, c, radius=0.03)
    p.rect(0.4, 0.44, 0.6, 0.56, (80, 200, 220))
    p.rect(0.36, 0.1, 0.64, 0.32, c, radius=0.03)
    for u in (0.44, 0.56):
        p.circle(u, 0.2, 0.035, (250, 220, 60))
    p.line([(0.5, 0.1), (0.5, 0.03)], INK, 0.012)
    p.dot(0.5, 0.03, 0.02, (230, 60, 60))


def _wizard(p: Pen, c: RGB) -> None:
    _figure(p, c, dress=True, hair=(220, 220, 224), hat="wizard", legs=c)
    p.poly([(0.44, 0.28), (0.56, 0.28), (0.5, 0.44)], (230, 230, 234))
    p.line([(0.76, 1.0), (0.74, 0.3)], WOOD, 0.02)
    p.dot(0.74, 0.3, 0.03, (140, 220, 255))


def _king(p: Pen, c: RGB) -> None:
    _figure(p, c, dress=True, hair=(90, 60, 40), hat="crown", legs=c)


def _snowman(p: Pen, c: RGB) -> None:
    p.circle(0.5, 0.78, 0.2, c)
    p.circle(0.5, 0.46, 0.15, c)
    p.circle(0.5, 0.2, 0.11, c)
    p.poly([(0.5, 0.2), (0.66, 0.23), (0.5, 0.25)], (240, 130, 40))
    for v in (0.42, 0.5):
        p.dot(0.5, v, 0.015)
    for u in (0.46, 0.54):
        p.dot(u, 0.17, 0.013)
    p.rect(0.4, 0.02, 0.6, 0.11, BLACK)
    p.rect(0.35, 0.1, 0.65, 0.12, BLACK)
    p.line([(0.36, 0.44), (0.18, 0.34)], WOOD, 0.015)
    p.line([(0.64, 0.44), (0.82, 0.34)], WOOD, 0.015)


# ---------------------------------------------------------------- vehicles
def _wheel(p: Pen, cx: float, cy: float, r: float, hub: RGB = METAL) -> None:
    p.circle(cx, cy, r, BLACK)
    p.circle(cx, cy, r * 0.55, hub)


def _bicycle(p: Pen, c: RGB) -> None:
    for cx in (0.22, 0.78):
        p.ring(cx, 0.78, 0.19, 0.025, BLACK)
        p.ring(cx, 0.78, 0.16, 0.006, GREY)
        for a in range(0, 180, 45):
            dx, dy = 0.16 * math.cos(math.radians(a)), 0.16 * math.sin(math.radians(a))
            p.line([(cx - dx, 0.78 - dy), (cx + dx, 0.78 + dy)], GREY, 0.004)
    frame = [(0.22, 0.78), (0.44, 0.78), (0.36, 0.5), (0.22, 0.78)]
    p.line(frame, c, 0.03)
    p.line([(0.44, 0.78), (0.7, 0.52), (0.36, 0.5)], c, 0.03)
    p.line([(0.78, 0.78), (0.7, 0.52), (0.68, 0.42)], c, 0.03)
    p.line([(0.62, 0.4), (0.72, 0.42)], BLACK, 0.025)
    p.line([(0.36, 0.5), (0.34, 0.44)], c, 0.025)
    p.oval(0.34, 0.43, 0.06, 0.018, BLACK)
    p.circle(0.44, 0.78, 0.035, GREY)


def _motorcycle(p: Pen, c: RGB) -> None:
    for cx in (0.2, 0.8):
        _wheel(p, cx, 0.8, 0.16)
    p.poly([(0.26, 0.66), (0.42, 0.56), (0.66, 0.56), (0.74, 0.7), (0.56, 0.78), (0.34, 0.76)], c)
    p.oval(0.52, 0.56, 0.12, 0.05, shade(c, 0.8))
    p.rect(0.3, 0.52, 0.46, 0.56, BLACK, radius=0.02)
    p.line([(0.8, 0.8), (0.7, 0.5), (0.64, 0.44)], METAL, 0.025)
    p.line([(0.4, 0.76), (0.14, 0.74)], METAL, 0.02)


def _car(p: Pen, c: RGB) -> None:
    p.poly(
        [
            (0.04, 0.84),
            (0.04, 0.66),
            (0.22, 0.6),
            (0.34, 0.44),
            (0.66, 0.44),
            (0.8, 0.6),
            (0.96, 0.64),
            (0.96, 0.84),
        ],
        c,
    )
    p.poly([(0.37, 0.48), (0.49, 0.48), (0.49, 0.6), (0.28, 0.6)], GLASS)
    p.poly([(0.52, 0.48), (0.64, 0.48), (0.74, 0.6), (0.52, 0.6)], GLASS)
    p.rect(0.9, 0.66, 0.96, 0.7, (255, 236, 150))
    for cx in (0.24, 0.76):
        _wheel(p, cx, 0.84, 0.1)


def _bus(p: Pen, c: RGB) -> None:
    p.rect(0.02, 0.38, 0.98, 0.86, c, radius=0.04)
    for k in range(5):
        u = 0.06 + k * 0.15
        p.rect(u, 0.44, u + 0.12, 0.6, GLASS)
    p.rect(0.84, 0.44, 0.94, 0.8, GLASS)
    p.rect(0.02, 0.66, 0.98, 0.7, shade(c, 0.7))
    for cx in (0.2, 0.78):
        _wheel(p, cx, 0.86, 0.09)


def _truck(p: Pen, c: RGB) -> None:
    p.rect(0.02, 0.36, 0.64, 0.82, (230, 230, 226))
    p.poly([(0.66, 0.82), (0.66, 0.46), (0.86, 0.46), (0.98, 0.62), (0.98, 0.82)], c)
    p.poly([(0.72, 0.5), (0.84, 0.5), (0.92, 0.62), (0.72, 0.62)], GLASS)
    for cx in (0.16, 0.44, 0.82):
        _wheel(p, cx, 0.84, 0.09)


def _train(p: Pen, c: RGB) -> None:
    p.rect(0.0, 0.9, 1.0, 0.93, WOOD)
    p.rect(0.06, 0.5, 0.62, 0.82, c)
    p.rect(0.56, 0.3, 0.9, 0.82, c)
    p.rect(0.62, 0.36, 0.84, 0.52, GLASS)
    p.rect(0.14, 0.3, 0.24, 0.5, shade(c, 0.6))
    p.poly([(0.1, 0.3), (0.28, 0.3), (0.24, 0.24), (0.14, 0.24)], BLACK)
    p.circle(0.2, 0.14, 0.06, (226, 226, 230))
    p.circle(0.3, 0.08, 0.045, (236, 236, 240))
    p.poly([(0.9, 0.7), (1.0, 0.86), (0.9, 0.86)], BLACK)
    for cx in (0.16, 0.36, 0.66, 0.84):
        _wheel(p, cx, 0.84, 0.07, (200, 60, 50))


def _boat(p: Pen, c: RGB) -> None:
    p.line([(0.5, 0.12), (0.5, 0.7)], WOOD, 0.02)
    p.poly([(0.52, 0.14), (0.52, 0.66), (0.84, 0.66)], WHITE)
    p.poly([(0.48, 0.2), (0.48, 0.66), (0.2, 0.66)], mix(WHITE, c, 0.2))
    p.poly([(0.08, 0.7), (0.92, 0.7), (0.8, 0.86), (0.2, 0.86)], c)


def _ship(p: Pen, c: RGB) -> None:
    p.rect(0.3, 0.34, 0.7, 0.56, WHITE)
    for k in range(4):
        p.circle(0.36 + k * 0.09, 0.45, 0.025, GLASS)
    p.rect(0.46, 0.18, 0.56, 0.34, (220, 60, 50))
    p.rect(0.46, 0.18, 0.56, 0.22, BLACK)
    p.poly([(0.02, 0.56), (0.98, 0.56), (0.86, 0.8), (0.12, 0.8)], c)
    p.rect(0.08, 0.56, 0.92, 0.6, WHITE)


def _airplane(p: Pen, c: RGB) -> None:
    p.poly([(0.42, 0.5), (0.3, 0.14), (0.38, 0.14), (0.6, 0.5)], shade(c, 0.85))
    p.poly([(0.1, 0.5), (0.04, 0.28), (0.12, 0.28), (0.2, 0.46)], c)
    p.poly([(0.06, 0.46), (0.8, 0.44), (0.96, 0.5), (0.8, 0.58), (0.08, 0.56)], c)
    for k in range(6):
        p.circle(0.3 + k * 0.08, 0.49, 0.015, GLASS)
    p.poly([(0.42, 0.54), (0.3, 0.86), (0.38, 0.86), (0.6, 0.54)], shade(c, 0.75))


def _helicopter(p: Pen, c: RGB) -> None:
    p.line([(0.04, 0.3), (0.96, 0.3)], BLACK, 0.02)
    p.line([(0.56, 0.3), (0.56, 0.4)], BLACK, 0.02)
    p.line([(0.46, 0.56), (0.06, 0.5)], c, 0.06)
    p.ring(0.06, 0.5, 0.06, 0.01, BLACK)
    p.oval(0.6, 0.56, 0.22, 0.16, c)
    p.oval(0.7, 0.52, 0.1, 0.08, GLASS)
    p.line([(0.44, 0.84), (0.82, 0.84)], BLACK, 0.02)
    for u in (0.52, 0.7):
        p.line([(u, 0.7), (u, 0.84)], BLACK, 0.015)


def _rocket(p: Pen, c: RGB) -> None:
    p.poly([(0.44, 0.88), (0.5, 1.0), (0.56, 0.88)], (250, 170, 40))
    p.poly([(0.36, 0.86), (0.26, 0.92), (0.32, 0.7)], (220, 50, 50))
    p.poly([(0.64, 0.86), (0.74, 0.92), (0.68, 0.7)], (220, 50, 50))
    p.poly([(0.36, 0.86), (0.36, 0.34), (0.5, 0.06), (0.64, 0.34), (0.64, 0.86)], c)
    p.poly([(0.39, 0.26), (0.5, 0.06), (0.61, 0.26)], (220, 50, 50))
    p.circle(0.5, 0.46, 0.07, GLASS)


def _balloon(p: Pen, c: RGB) -> None:
    for k, colour in enumerate((c, mix(c, WHITE, 0.5), c)):
        u = 0.28 + k * 0.15
        p.oval(u + 0.07, 0.34, 0.1, 0.3, colour)
    p.oval(0.5, 0.34, 0.3, 0.3, c)
    p.oval(0.5, 0.34, 0.12, 0.3, mix(c, WHITE, 0.5))
    for u0, u1 in ((0.26, 0.42), (0.74, 0.58)):
        p.line([(u0, 0.52), (u1, 0.8)], WOOD, 0.008)
    p.rect(0.41, 0.78, 0.59, 0.9, WOOD)


def _submarine(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.62, 0.4, 0.14, c)
    p.rect(0.44, 0.38, 0.6, 0.5, c, radius=0.02)
    p.line([(0.52, 0.38), (0.52, 0.26), (0.58, 0.26)], METAL, 0.015)
    for k in range(3):
        p.circle(0.36 + k * 0.14, 0.62, 0.035, GLASS)
    p.poly([(0.1, 0.62), (0.04, 0.5), (0.04, 0.74)], shade(c, 0.8))


def _tractor(p: Pen, c: RGB) -> None:
    p.rect(0.3, 0.54, 0.86, 0.76, c)
    p.rect(0.14, 0.3, 0.44, 0.76, c)
    p.rect(0.18, 0.34, 0.4, 0.52, GLASS)
    p.rect(0.7, 0.4, 0.74, 0.54, BLACK)
    _wheel(p, 0.28, 0.78, 0.2, (240, 200, 60))
    _wheel(p, 0.78, 0.86, 0.12, (240, 200, 60))


# ---------------------------------------------------------------- buildings
def _house(p: Pen, c: RGB) -> None:
    p.rect(0.68, 0.16, 0.76, 0.36, (150, 70, 60))
    p.rect(0.16, 0.48, 0.84, 1.0, c)
    p.poly([(0.08, 0.5), (0.5, 0.16), (0.92, 0.5)], (170, 60, 50))
    p.rect(0.44, 0.7, 0.58, 1.0, WOOD)
    p.dot(0.55, 0.86, 0.012)
    for u in (0.22, 0.66):
        p.rect(u, 0.6, u + 0.12, 0.72, GLASS)
        p.line([(u + 0.06, 0.6), (u + 0.06, 0.72)], INK, 0.008)


def _castle(p: Pen, c: RGB) -> None:
    for u in (0.06, 0.74):
        p.rect(u, 0.3, u + 0.2, 1.0, c)
        p.poly([(u - 0.02, 0.3), (u + 0.1, 0.1), (u + 0.22, 0.3)], (80, 90, 160))
    p.rect(0.26, 0.44, 0.74, 1.0, shade(c, 0.92))
    for k in range(6):
        p.rect(0.26 + k * 0.09, 0.4, 0.3 + k * 0.09, 0.44, shade(c, 0.92))
    p.poly([(0.42, 1.0), (0.42, 0.76), (0.5, 0.68), (0.58, 0.76), (0.58, 1.0)], WOOD)
    for u in (0.14, 0.82):
        p.rect(u, 0.44, u + 0.04, 0.54, BLACK)
    p.line([(0.16, 0.1), (0.16, 0.0)], INK, 0.008)
    p.poly([(0.16, 0.0), (0.24, 0.02), (0.16, 0.05)], (220, 50, 50))


def _lighthouse(p: Pen, c: RGB) -> None:
    p.poly([(0.36, 1.0), (0.42, 0.3), (0.58, 0.3), (0.64, 1.0)], WHITE)
    for v0, v1 in ((0.4, 0.52), (0.64, 0.76), (0.88, 1.0)):
        w0, w1 = 0.42 - (v0 - 0.3) * 0.086, 0.42 - (v1 - 0.3) * 0.086
        p.poly([(w0, v0), (1 - w0, v0), (1 - w1, v1), (w1, v1)], c)
    p.rect(0.42, 0.18, 0.58, 0.3, (255, 236, 120))
    p.poly([(0.38, 0.18), (0.5, 0.06), (0.62, 0.18)], c)
    p.rect(0.38, 0.28, 0.62, 0.31, BLACK)


def _tower(p: Pen, c: RGB) -> None:
    p.poly(
        [(0.2, 1.0), (0.44, 0.3), (0.56, 0.3), (0.8, 1.0), (0.66, 1.0), (0.5, 0.7), (0.34, 1.0)], c
    )
    p.rect(0.3, 0.62, 0.7, 0.66, c)
    p.poly([(0.45, 0.3), (0.5, 0.02), (0.55, 0.3)], c)
    p.rect(0.4, 0.4, 0.6, 0.43, c)


def _church(p: Pen, c: RGB) -> None:
    p.rect(0.1, 0.56, 0.7, 1.0, c)
    p.poly([(0.06, 0.58), (0.4, 0.36), (0.74, 0.58)], (150, 70, 60))
    p.rect(0.64, 0.3, 0.86, 1.0, c)
    p.poly([(0.62, 0.3), (0.75, 0.04), (0.88, 0.3)], (150, 70, 60))
    p.line([(0.75, 0.04), (0.75, -0.04)], INK, 0.01)
    p.line([(0.72, -0.01), (0.78, -0.01)], INK, 0.01)
    p.poly([(0.7, 1.0), (0.7, 0.82), (0.75, 0.76), (0.8, 0.82), (0.8, 1.0)], WOOD)
    for u in (0.2, 0.44):
        p.poly([(u, 0.9), (u, 0.72), (u + 0.05, 0.66), (u + 0.1, 0.72), (u + 0.1, 0.9)], GLASS)


def _skyscraper(p: Pen, c: RGB) -> None:
    p.rect(0.3, 0.1, 0.7, 1.0, c)
    p.rect(0.4, 0.04, 0.6, 0.1, shade(c, 0.85))
    p.line([(0.5, 0.04), (0.5, -0.06)], INK, 0.01)
    for row in range(14):
        for col in range(4):
            u, v = 0.34 + col * 0.09, 0.14 + row * 0.06
            p.draw.rectangle(p._box(u, v, u + 0.06, v + 0.035), fill=GLASS)


def _bridge(p: Pen, c: RGB) -> None:
    def cable(u: float) -> float:  # a parabola hanging between the two towers
        return 0.2 + 0.3 * (1 - ((u - 0.5) / 0.28) ** 2) if 0.22 <= u <= 0.78 else 0.2

    for k in range(1, 10):
        u = k * 0.1
        hang = (
            cable(u)
            if 0.22 <= u <= 0.78
            else 0.2 + 0.4 * abs(u - 0.22 if u < 0.5 else 0.78 - u) / 0.22
        )
        p.line([(u, 0.6), (u, hang)], shade(c, 0.7), 0.005)
    p.line([(0.0, 0.6), (0.22, 0.2)], shade(c, 0.7), 0.012)
    p.line([(0.78, 0.2), (1.0, 0.6)], shade(c, 0.7), 0.012)
    p.line([(u / 20, cable(u / 20)) for u in range(5, 16)], shade(c, 0.7), 0.012)
    p.rect(0.0, 0.6, 1.0, 0.66, c)
    for u in (0.22, 0.78):
        p.rect(u - 0.03, 0.2, u + 0.03, 1.0, c)


def _windmill(p: Pen, c: RGB) -> None:
    p.poly([(0.34, 1.0), (0.42, 0.36), (0.58, 0.36), (0.66, 1.0)], c)
    p.poly([(0.4, 0.38), (0.5, 0.24), (0.6, 0.38)], (150, 70, 60))
    p.rect(0.46, 0.8, 0.54, 1.0, WOOD)
    for a in (40, 130, 220, 310):
        ca, sa = math.cos(math.radians(a)), math.sin(math.radians(a))
        tip = (0.5 + 0.4 * ca, 0.34 + 0.4 * sa)
        side = (0.5 + 0.4 * ca - 0.06 * sa, 0.34 + 0.4 * sa + 0.06 * ca)
        p.poly([(0.5, 0.34), tip, side, (0.5 - 0.06 * sa, 0.34 + 0.06 * ca)], WHITE)
    p.circle(0.5, 0.34, 0.03, WOOD)


def _tent(p: Pen, c: RGB) -> None:
    p.poly([(0.08, 1.0), (0.5, 0.36), (0.92, 1.0)], c)
    p.poly([(0.4, 1.0), (0.5, 0.62), (0.6, 1.0)], shade(c, 0.45))
    p.line([(0.5, 0.36), (0.5, 0.28)], WOOD, 0.012)


def _pyramid(p: Pen, c: RGB) -> None:
    p.poly([(0.02, 1.0), (0.5, 0.3), (0.74, 0.96)], c)
    p.poly([(0.5, 0.3), (0.98, 0.92), (0.74, 0.96)], shade(c, 0.72))
    for k in range(1, 6):
        v = 0.3 + k * 0.12
        p.line(
            [(0.5 - (v - 0.3) * 0.69, v), (0.5 + (v - 0.3) * 0.34, v - 0.0)], shade(c, 0.8), 0.004
        )


def _barn(p: Pen, c: RGB) -> None:
    p.poly([(0.12, 1.0), (0.12, 0.5), (0.3, 0.3), (0.7, 0.3), (0.88, 0.5), (0.88, 1.0)], c)
    p.rect(0.36, 0.62, 0.64, 1.0, WHITE)
    p.rect(0.39, 0.65, 0.61, 1.0, shade(c, 0.8))
    p.line([(0.39, 0.65), (0.61, 1.0)], WHITE, 0.02)
    p.line([(0.61, 0.65), (0.39, 1.0)], WHITE, 0.02)
    p.rect(0.44, 0.4, 0.56, 0.52, WHITE)


def _igloo(p: Pen, c: RGB) -> None:
    p.poly(
        [
            (0.1, 1.0),
            *[
                (0.5 - 0.4 * math.cos(a / 16 * math.pi), 1.0 - 0.45 * math.sin(a / 16 * math.pi))
                for a in range(17)
            ],
            (0.9, 1.0),
        ],
        c,
    )
    for v in (0.72, 0.86):
        p.line([(0.12, v), (0.88, v)], shade(c, 0.85), 0.006)
    p.poly(
        [
            (0.56, 1.0),
            *[
                (0.72 - 0.14 * math.cos(a / 8 * math.pi), 1.0 - 0.2 * math.sin(a / 8 * math.pi))
                for a in range(9)
            ],
            (0.86, 1.0),
        ],
        shade(c, 0.95),
    )
    p.poly(
        [
            (0.62, 1.0),
            *[
                (0.72 - 0.08 * math.cos(a / 8 * math.pi), 1.0 - 0.12 * math.sin(a / 8 * math.pi))
                for a in range(9)
            ],
            (0.8, 1.0),
        ],
        (40, 50, 70),
    )


# ---------------------------------------------------------------- food
def _apple(p: Pen, c: RGB) -> None:
    p.oval(0.4, 0.66, 0.2, 0.26, c)
    p.oval(0.6, 0.66, 0.2, 0.26, c)
    p.oval(0.4, 0.58, 0.05, 0.08, mix(c, WHITE, 0.5))
    p.line([(0.5, 0.44), (0.52, 0.3)], WOOD, 0.02)
    p.poly([(0.52, 0.36), (0.66, 0.28), (0.58, 0.4)], GREEN)


def _banana(p: Pen, c: RGB) -> None:
    outer = [(0.12 + 0.76 * t / 12, 0.6 + 0.3 * math.sin(t / 12 * math.pi)) for t in range(13)]
    inner = [(0.88 - 0.76 * t / 12, 0.62 + 0.12 * math.sin(t / 12 * math.pi)) for t in range(13)]
    p.poly([*outer, *inner], c)
    p.line([(0.1, 0.6), (0.06, 0.54)], WOOD, 0.025)


def _pizza(p: Pen, c: RGB) -> None:
    p.circle(0.5, 0.62, 0.36, (220, 170, 90))
    p.circle(0.5, 0.62, 0.31, c)
    for u, v in ((0.4, 0.5), (0.6, 0.54), (0.46, 0.7), (0.64, 0.74), (0.34, 0.66)):
        p.circle(u, v, 0.045, (180, 40, 40))
    for k in range(3):
        a = math.radians(k * 60)
        p.line(
            [
                (0.5 - 0.31 * math.cos(a), 0.62 - 0.31 * math.sin(a)),
                (0.5 + 0.31 * math.cos(a), 0.62 + 0.31 * math.sin(a)),
            ],
            (200, 150, 80),
            0.008,
        )


def _cake(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.94, 0.42, 0.05, WHITE)
    p.rect(0.16, 0.56, 0.84, 0.92, c)
    p.rect(0.16, 0.56, 0.84, 0.64, WHITE)
    for k in range(5):
        p.circle(0.22 + k * 0.14, 0.64, 0.04, WHITE)
    p.rect(0.16, 0.74, 0.84, 0.77, shade(c, 0.7))
    for u in (0.38, 0.5, 0.62):
        p.rect(u - 0.015, 0.42, u + 0.015, 0.56, (120, 180, 240))
        p.oval(u, 0.38, 0.018, 0.035, (250, 200, 60))
    p.circle(0.5, 0.52, 0.0, c)


def _cupcake(p: Pen, c: RGB) -> None:
    p.poly([(0.3, 0.62), (0.7, 0.62), (0.64, 0.96), (0.36, 0.96)], (230, 180, 120))
    for k in range(4):
        p.line([(0.38 + k * 0.08, 0.64), (0.4 + k * 0.07, 0.94)], (200, 150, 100), 0.008)
    p.oval(0.5, 0.56, 0.24, 0.12, c)
    p.oval(0.5, 0.44, 0.16, 0.1, c)
    p.circle(0.5, 0.32, 0.05, (210, 30, 50))


def _burger(p: Pen, c: RGB) -> None:
    p.rect(0.16, 0.8, 0.84, 0.92, (220, 160, 80), radius=0.04)
    p.rect(0.14, 0.7, 0.86, 0.8, (110, 60, 40), radius=0.04)
    p.poly(
        [
            (0.14, 0.7),
            (0.86, 0.7),
            (0.8, 0.76),
            (0.7, 0.7),
            (0.6, 0.76),
            (0.5, 0.7),
            (0.4, 0.76),
            (0.3, 0.7),
            (0.2, 0.76),
        ],
        (250, 200, 50),
    )
    p.rect(0.13, 0.64, 0.87, 0.7, (80, 170, 60), radius=0.02)
    p.rect(0.18, 0.6, 0.82, 0.64, (220, 50, 40))
    p.poly(
        [
            (0.14, 0.6),
            *[
                (0.5 - 0.36 * math.cos(a / 10 * math.pi), 0.6 - 0.24 * math.sin(a / 10 * math.pi))
                for a in range(11)
            ],
            (0.86, 0.6),
        ],
        c,
    )
    for u, v in ((0.36, 0.46), (0.5, 0.42), (0.62, 0.48)):
        p.oval(u, v, 0.02, 0.01, WHITE)


def _ice_cream(p: Pen, c: RGB) -> None:
    p.poly([(0.36, 0.5), (0.64, 0.5), (0.5, 0.98)], (220, 170, 100))
    for k in range(3):
        p.line([(0.38 + 0.08 * k, 0.5), (0.5 + 0.04 * k, 0.8)], (180, 130, 70), 0.006)
    p.circle(0.5, 0.42, 0.16, c)
    p.circle(0.5, 0.24, 0.12, mix(c, (120, 70, 40), 0.5))
    p.circle(0.52, 0.1, 0.04, (210, 30, 50))


def _coffee(p: Pen, c: RGB) -> None:
    p.oval(0.48, 0.92, 0.34, 0.05, WHITE)
    p.ring(0.74, 0.7, 0.08, 0.03, c)
    p.rect(0.24, 0.56, 0.7, 0.92, c, radius=0.06)
    p.oval(0.47, 0.56, 0.23, 0.05, (110, 60, 30))
    for u in (0.4, 0.52):
        p.line([(u, 0.46), (u + 0.03, 0.38), (u, 0.3), (u + 0.03, 0.22)], (200, 200, 200), 0.012)


def _donut(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.7, 0.36, 0.22, (210, 150, 80))
    p.oval(0.5, 0.67, 0.31, 0.18, c)
    p.oval(0.5, 0.67, 0.09, 0.05, (210, 150, 80))
    for k in range(9):
        a = k * 0.7
        p.line(
            [
                (0.5 + 0.22 * math.cos(a), 0.67 + 0.12 * math.sin(a)),
                (0.52 + 0.22 * math.cos(a), 0.66 + 0.12 * math.sin(a)),
            ],
            ((60, 160, 230), (250, 240, 90), WHITE)[k % 3],
            0.012,
        )


def _cherry(p: Pen, c: RGB) -> None:
    p.line([(0.34, 0.66), (0.5, 0.3), (0.66, 0.7)], (90, 130, 50), 0.015)
    p.poly([(0.5, 0.3), (0.66, 0.22), (0.58, 0.34)], GREEN)
    for u in (0.34, 0.66):
        p.circle(u, 0.76, 0.13, c)
        p.oval(u - 0.04, 0.72, 0.025, 0.035, mix(c, WHITE, 0.6))


def _strawberry(p: Pen, c: RGB) -> None:
    p.poly([(0.24, 0.42), (0.76, 0.42), (0.7, 0.66), (0.5, 0.94), (0.3, 0.66)], c)
    for u, v in ((0.36, 0.52), (0.5, 0.5), (0.64, 0.52), (0.42, 0.64), (0.58, 0.64), (0.5, 0.78)):
        p.oval(u, v, 0.012, 0.02, (250, 230, 120))
    p.poly([(0.3, 0.42), (0.4, 0.32), (0.5, 0.4), (0.6, 0.32), (0.7, 0.42)], GREEN)


def _bread(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.7, 0.4, 0.2, c)
    for u in (0.34, 0.5, 0.66):
        p.line([(u - 0.05, 0.62), (u + 0.05, 0.56)], shade(c, 0.7), 0.02)


def _watermelon(p: Pen, c: RGB) -> None:
    p.poly(
        [
            (0.08, 0.56),
            *[
                (0.5 - 0.42 * math.cos(a / 12 * math.pi), 0.56 + 0.38 * math.sin(a / 12 * math.pi))
                for a in range(13)
            ],
            (0.92, 0.56),
        ],
        (60, 150, 60),
    )
    p.poly(
        [
            (0.13, 0.56),
            *[
                (0.5 - 0.37 * math.cos(a / 12 * math.pi), 0.56 + 0.32 * math.sin(a / 12 * math.pi))
                for a in range(13)
            ],
            (0.87, 0.56),
        ],
        c,
    )
    for u, v in ((0.3, 0.64), (0.44, 0.7), (0.58, 0.68), (0.7, 0.62), (0.5, 0.6)):
        p.oval(u, v, 0.012, 0.022, BLACK)


def _pear(p: Pen, c: RGB) -> None:
    p.circle(0.5, 0.74, 0.2, c)
    p.circle(0.5, 0.48, 0.12, c)
    p.draw.rectangle(p._box(0.4, 0.5, 0.6, 0.66), fill=c)
    p.line([(0.5, 0.36), (0.52, 0.26)], WOOD, 0.02)


def _lemon(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.7, 0.3, 0.2, c)
    p.poly([(0.18, 0.7), (0.14, 0.66), (0.14, 0.74)], c)
    p.poly([(0.82, 0.7), (0.86, 0.66), (0.86, 0.74)], c)


def _carrot(p: Pen, c: RGB) -> None:
    p.poly([(0.36, 0.4), (0.64, 0.4), (0.5, 0.98)], c)
    for u in (0.44, 0.5, 0.56):
        p.line([(0.5, 0.4), (u + (u - 0.5) * 2, 0.16)], GREEN, 0.025)
    for v in (0.52, 0.66, 0.8):
        p.line([(0.42 + (v - 0.4) * 0.2, v), (0.5, v + 0.01)], shade(c, 0.75), 0.008)


# ---------------------------------------------------------------- plants, objects
def _tree(p: Pen, c: RGB) -> None:
    p.rect(0.45, 0.6, 0.55, 1.0, WOOD)
    for u, v, r in ((0.34, 0.46, 0.17), (0.66, 0.46, 0.17), (0.5, 0.3, 0.22), (0.5, 0.52, 0.18)):
        p.circle(u, v, r, c)


def _pine(p: Pen, c: RGB) -> None:
    p.rect(0.46, 0.84, 0.54, 1.0, WOOD)
    for k in range(3):
        v = 0.84 - k * 0.22
        w = 0.36 - k * 0.08
        p.poly([(0.5 - w, v), (0.5, v - 0.36), (0.5 + w, v)], c)


def _flower(p: Pen, c: RGB) -> None:
    p.line([(0.5, 0.4), (0.5, 1.0)], (70, 140, 60), 0.025)
    p.poly([(0.5, 0.78), (0.7, 0.62), (0.64, 0.78)], GREEN)
    for k in range(6):
        a = k * math.tau / 6
        p.circle(0.5 + 0.12 * math.cos(a), 0.34 + 0.12 * math.sin(a), 0.09, c)
    p.circle(0.5, 0.34, 0.07, (250, 200, 50))


def _cactus(p: Pen, c: RGB) -> None:
    p.rect(0.42, 0.2, 0.58, 1.0, c, radius=0.08)
    p.rect(0.22, 0.44, 0.32, 0.66, c, radius=0.05)
    p.rect(0.22, 0.6, 0.44, 0.68, c, radius=0.03)
    p.rect(0.68, 0.34, 0.78, 0.58, c, radius=0.05)
    p.rect(0.56, 0.52, 0.78, 0.6, c, radius=0.03)


def _mushroom(p: Pen, c: RGB) -> None:
    p.rect(0.4, 0.56, 0.6, 1.0, (245, 236, 220), radius=0.06)
    p.poly(
        [
            (0.14, 0.6),
            *[
                (0.5 - 0.36 * math.cos(a / 12 * math.pi), 0.6 - 0.36 * math.sin(a / 12 * math.pi))
                for a in range(13)
            ],
            (0.86, 0.6),
        ],
        c,
    )
    for u, v in ((0.32, 0.46), (0.5, 0.34), (0.66, 0.48)):
        p.circle(u, v, 0.045, WHITE)


def _chair(p: Pen, c: RGB) -> None:
    p.rect(0.3, 0.2, 0.36, 1.0, c)
    p.rect(0.3, 0.2, 0.7, 0.3, c)
    p.rect(0.3, 0.56, 0.72, 0.62, c)
    for u in (0.66,):
        p.rect(u, 0.6, u + 0.06, 1.0, c)


def _table(p: Pen, c: RGB) -> None:
    p.rect(0.06, 0.5, 0.94, 0.58, c)
    for u in (0.12, 0.8):
        p.rect(u, 0.58, u + 0.07, 1.0, shade(c, 0.8))


def _lamp(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.96, 0.18, 0.04, BLACK)
    p.line([(0.5, 0.96), (0.5, 0.4)], BLACK, 0.02)
    p.poly([(0.34, 0.4), (0.66, 0.4), (0.58, 0.16), (0.42, 0.16)], c)


def _clock(p: Pen, c: RGB) -> None:
    p.circle(0.5, 0.56, 0.36, c)
    p.circle(0.5, 0.56, 0.3, WHITE)
    for k in range(12):
        a = k * math.tau / 12
        p.line(
            [
                (0.5 + 0.25 * math.cos(a), 0.56 + 0.25 * math.sin(a)),
                (0.5 + 0.28 * math.cos(a), 0.56 + 0.28 * math.sin(a)),
            ],
            INK,
            0.012,
        )
    p.line([(0.5, 0.56), (0.5, 0.36)], INK, 0.02)
    p.line([(0.5, 0.56), (0.64, 0.6)], INK, 0.02)


def _book(p: Pen, c: RGB) -> None:
    p.poly([(0.1, 0.5), (0.5, 0.56), (0.5, 0.92), (0.1, 0.86)], WHITE)
    p.poly([(0.9, 0.5), (0.5, 0.56), (0.5, 0.92), (0.9, 0.86)], WHITE)
    p.poly([(0.06, 0.88), (0.5, 0.96), (0.94, 0.88), (0.94, 0.92), (0.5, 1.0), (0.06, 0.92)], c)
    for k in range(4):
        v = 0.62 + k * 0.06
        p.line([(0.16, v), (0.44, v + 0.04)], GREY, 0.006)
        p.line([(0.56, v + 0.04), (0.84, v)], GREY, 0.006)


def _umbrella(p: Pen, c: RGB) -> None:
    p.line([(0.5, 0.36), (0.5, 0.9), (0.58, 0.92), (0.6, 0.86)], BLACK, 0.02)
    p.poly(
        [
            (0.1, 0.4),
            *[
                (0.5 - 0.4 * math.cos(a / 12 * math.pi), 0.4 - 0.3 * math.sin(a / 12 * math.pi))
                for a in range(13)
            ],
            (0.9, 0.4),
            (0.77, 0.36),
            (0.63, 0.4),
            (0.5, 0.36),
            (0.37, 0.4),
            (0.23, 0.36),
        ],
        c,
    )


def _guitar(p: Pen, c: RGB) -> None:
    p.rect(0.47, 0.06, 0.53, 0.52, WOOD)
    p.rect(0.45, 0.02, 0.55, 0.1, shade(WOOD, 0.7), radius=0.02)
    p.circle(0.5, 0.82, 0.18, c)
    p.circle(0.5, 0.58, 0.13, c)
    p.circle(0.5, 0.7, 0.05, BLACK)
    p.rect(0.44, 0.86, 0.56, 0.88, BLACK)


def _key(p: Pen, c: RGB) -> None:
    p.ring(0.3, 0.6, 0.12, 0.05, c)
    p.rect(0.4, 0.57, 0.86, 0.63, c)
    p.rect(0.72, 0.63, 0.76, 0.72, c)
    p.rect(0.8, 0.63, 0.84, 0.7, c)


def _bottle(p: Pen, c: RGB) -> None:
    p.rect(0.34, 0.48, 0.66, 1.0, c, radius=0.05)
    p.poly([(0.34, 0.5), (0.44, 0.32), (0.56, 0.32), (0.66, 0.5)], c)
    p.rect(0.44, 0.14, 0.56, 0.34, c)
    p.rect(0.43, 0.1, 0.57, 0.16, (180, 60, 50))
    p.rect(0.36, 0.64, 0.64, 0.82, WHITE)


def _vase(p: Pen, c: RGB) -> None:
    for k, colour in enumerate(((230, 60, 80), (250, 200, 50), (150, 80, 200))):
        u = 0.36 + k * 0.14
        p.line([(0.5, 0.5), (u, 0.2)], (70, 140, 60), 0.015)
        p.circle(u, 0.18, 0.06, colour)
    p.poly(
        [
            (0.4, 0.44),
            (0.6, 0.44),
            (0.58, 0.52),
            (0.72, 0.72),
            (0.6, 1.0),
            (0.4, 1.0),
            (0.28, 0.72),
            (0.42, 0.52),
        ],
        c,
    )


def _crown(p: Pen, c: RGB) -> None:
    p.poly(
        [
            (0.14, 0.86),
            (0.14, 0.42),
            (0.32, 0.62),
            (0.5, 0.34),
            (0.68, 0.62),
            (0.86, 0.42),
            (0.86, 0.86),
        ],
        c,
    )
    for u in (0.3, 0.5, 0.7):
        p.circle(u, 0.76, 0.04, (200, 30, 60) if u != 0.5 else (40, 120, 220))


def _sword(p: Pen, c: RGB) -> None:
    p.poly([(0.46, 0.7), (0.46, 0.12), (0.5, 0.04), (0.54, 0.12), (0.54, 0.7)], c)
    p.rect(0.32, 0.7, 0.68, 0.75, (200, 160, 60), radius=0.02)
    p.rect(0.47, 0.75, 0.53, 0.92, WOOD)
    p.circle(0.5, 0.94, 0.035, (200, 160, 60))


def _heart(p: Pen, c: RGB) -> None:
    points = []
    for k in range(40):
        t = k / 40 * math.tau
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((0.5 + x / 40, 0.56 - y / 40))
    p.poly(points, c)


def _star(p: Pen, c: RGB) -> None:
    points = []
    for k in range(10):
        r = 0.4 if k % 2 == 0 else 0.17
        a = -math.pi / 2 + k * math.pi / 5
        points.append((0.5 + r * math.cos(a), 0.58 + r * math.sin(a)))
    p.poly(points, c)


def _diamond(p: Pen, c: RGB) -> None:
    p.poly([(0.2, 0.42), (0.34, 0.28), (0.66, 0.28), (0.8, 0.42), (0.5, 0.9)], c)
    p.poly([(0.2, 0.42), (0.8, 0.42), (0.5, 0.9)], shade(c, 0.85))
    p.poly([(0.34, 0.42), (0.5, 0.28), (0.66, 0.42), (0.5, 0.9)], mix(c, WHITE, 0.4))


def _shoe(p: Pen, c: RGB) -> None:
    p.poly([(0.1, 0.9), (0.12, 0.56), (0.36, 0.56), (0.48, 0.7), (0.84, 0.76), (0.92, 0.9)], c)
    p.rect(0.08, 0.88, 0.94, 0.94, WHITE, radius=0.02)
    for k in range(3):
        p.line([(0.36 + k * 0.05, 0.6 + k * 0.04), (0.44 + k * 0.05, 0.6 + k * 0.04)], WHITE, 0.01)


def _hat(p: Pen, c: RGB) -> None:
    p.oval(0.5, 0.84, 0.42, 0.08, c)
    p.rect(0.28, 0.46, 0.72, 0.84, c, radius=0.04)
    p.rect(0.28, 0.74, 0.72, 0.8, (200, 40, 40))


def _teapot(p: Pen, c: RGB) -> None:
    p.line([(0.72, 0.66), (0.86, 0.48), (0.92, 0.44)], INK, 0.06)
    p.line([(0.72, 0.66), (0.86, 0.48), (0.92, 0.44)], c, 0.04)
    p.ring(0.22, 0.66, 0.1, 0.035, c)
    p.oval(0.5, 0.7, 0.26, 0.24, c)
    p.oval(0.5, 0.46, 0.14, 0.04, shade(c, 0.85))
    p.circle(0.5, 0.4, 0.035, shade(c, 0.85))


def _candle(p: Pen, c: RGB) -> None:
    p.rect(0.4, 0.42, 0.6, 1.0, c)
    p.line([(0.5, 0.42), (0.5, 0.36)], INK, 0.01)
    p.oval(0.5, 0.28, 0.04, 0.08, (250, 180, 40))
    p.oval(0.5, 0.3, 0.02, 0.04, (255, 240, 160))


def _kite(p: Pen, c: RGB) -> None:
    p.poly([(0.5, 0.06), (0.74, 0.3), (0.5, 0.62), (0.26, 0.3)], c)
    p.line([(0.5, 0.06), (0.5, 0.62)], INK, 0.008)
    p.line([(0.26, 0.3), (0.74, 0.3)], INK, 0.008)
    tail = [(0.5 + 0.05 * math.sin(k), 0.62 + k * 0.05) for k in range(8)]
    p.line(tail, INK, 0.008)
    for u, v in tail[1::2]:
        p.poly(
            [
                (u - 0.03, v - 0.02),
                (u + 0.03, v + 0.02),
                (u + 0.03, v - 0.02),
                (u - 0.03, v + 0.02),
            ],
            (250, 200, 40),
        )


def _ball(p: Pen, c: RGB) -> None:
    p.circle(0.5, 0.7, 0.28, c)
    p.line([(0.22, 0.7), (0.78, 0.7)], WHITE, 0.03)
    p.ring(0.5, 0.7, 0.14, 0.02, WHITE)


def _bell(p: Pen, c: RGB) -> None:
    p.poly(
        [(0.2, 0.82), (0.3, 0.7), (0.32, 0.4), (0.5, 0.24), (0.68, 0.4), (0.7, 0.7), (0.8, 0.82)], c
    )
    p.circle(0.5, 0.88, 0.06, shade(c, 0.7))
    p.ring(0.5, 0.22, 0.04, 0.015, shade(c, 0.7))


def _planet(p: Pen, c: RGB) -> None:
    p.ring(0.5, 0.56, 0.46, 0.025, (230, 210, 160))
    p.circle(0.5, 0.56, 0.28, c)
    p.oval(0.5, 0.5, 0.27, 0.04, shade(c, 0.85))
    p.oval(0.5, 0.64, 0.25, 0.03, shade(c, 0.85))


def _camera(p: Pen, c: RGB) -> None:
    p.rect(0.12, 0.44, 0.88, 0.86, c, radius=0.05)
    p.rect(0.3, 0.36, 0.5, 0.44, c, radius=0.02)
    p.circle(0.52, 0.65, 0.16, BLACK)
    p.circle(0.52, 0.65, 0.1, (60, 90, 140))
    p.rect(0.72, 0.5, 0.82, 0.56, (250, 240, 200))


def _phone(p: Pen, c: RGB) -> None:
    p.rect(0.32, 0.16, 0.68, 0.98, c, radius=0.05)
    p.rect(0.35, 0.24, 0.65, 0.88, (60, 120, 200))
    p.circle(0.5, 0.93, 0.025, shade(c, 1.3))


def _laptop(p: Pen, c: RGB) -> None:
    p.rect(0.18, 0.34, 0.82, 0.8, c, radius=0.02)
    p.rect(0.22, 0.38, 0.78, 0.76, (60, 120, 200))
    p.poly([(0.1, 0.8), (0.9, 0.8), (0.98, 0.9), (0.02, 0.9)], shade(c, 0.85))


_DRAWINGS: list[tuple[str, str, str, RGB, Drawing, tuple[str, ...], str, float]] = [
    # name, plural, category, colour, drawing, synonyms, place, scale
    (
        "bird",
        "birds",
        "bird",
        (70, 130, 210),
        _bird,
        ("songbird", "sparrow", "robin"),
        "ground",
        0.55,
    ),
    ("owl", "owls", "bird", (150, 110, 70), _owl, (), "ground", 0.7),
    (
        "duck",
        "ducks",
        "bird",
        (250, 250, 245),
        _duck,
        ("duckling", "ducklings", "goose", "geese"),
        "ground",
        0.6,
    ),
    ("penguin", "penguins", "bird", (40, 40, 50), _penguin, (), "ground", 0.75),
    ("eagle", "eagles", "bird", (110, 70, 40), _eagle, ("hawk", "falcon"), "air", 0.9),
    ("parrot", "parrots", "bird", (220, 40, 40), _parrot, ("macaw",), "ground", 0.75),
    (
        "chicken",
        "chickens",
        "bird",
        (250, 245, 235),
        _chicken,
        ("hen", "hens", "rooster", "chick"),
        "ground",
        0.6,
    ),
    ("swan", "swans", "bird", (250, 250, 250), _swan, (), "water", 0.8),
    ("flamingo", "flamingos", "bird", (245, 130, 160), _flamingo, ("flamingoes",), "ground", 0.9),
    ("fish", "fish", "sea", (250, 140, 40), _fish, ("fishes", "goldfish", "salmon"), "water", 0.6),
    ("whale", "whales", "sea", (60, 90, 140), _whale, (), "water", 1.2),
    ("dolphin", "dolphins", "sea", (120, 150, 180), _dolphin, (), "water", 1.0),
    ("shark", "sharks", "sea", (120, 130, 144), _shark, (), "water", 1.1),
    ("octopus", "octopuses", "sea", (220, 90, 120), _octopus, ("octopi", "squid"), "water", 0.9),
    ("turtle", "turtles", "sea", (110, 140, 70), _turtle, ("tortoise",), "ground", 0.7),
    ("crab", "crabs", "sea", (220, 70, 50), _crab, ("lobster",), "ground", 0.55),
    ("jellyfish", "jellyfish", "sea", (200, 140, 230), _jellyfish, ("jellyfishes",), "water", 0.8),
    ("butterfly", "butterflies", "animal", (240, 140, 40), _butterfly, ("moth",), "air", 0.55),
    ("snake", "snakes", "animal", (90, 160, 60), _snake, ("serpent", "python"), "ground", 0.9),
    ("frog", "frogs", "animal", (90, 180, 70), _frog, ("toad",), "ground", 0.5),
    ("bee", "bees", "animal", (250, 200, 40), _bee, ("bumblebee", "wasp"), "air", 0.4),
    ("dragon", "dragons", "animal", (60, 150, 90), _dragon, ("dinosaur", "dino"), "ground", 1.2),
    (
        "person",
        "people",
        "person",
        (70, 130, 200),
        _person,
        ("human", "figure", "persons", "hiker", "traveler", "traveller"),
        "ground",
        1.0,
    ),
    (
        "woman",
        "women",
        "person",
        (200, 60, 90),
        _woman,
        ("lady", "ladies", "girl", "girls", "princess"),
        "ground",
        1.0,
    ),
    (
        "man",
        "men",
        "person",
        (60, 120, 80),
        _man,
        ("gentleman", "boy", "boys", "guy"),
        "ground",
        1.0,
    ),
    (
        "child",
        "children",
        "person",
        (240, 180, 40),
        _child,
        ("kid", "kids", "baby", "toddler"),
        "ground",
        1.0,
    ),
    (
        "astronaut",
        "astronauts",
        "person",
        (240, 240, 244),
        _astronaut,
        ("spaceman", "cosmonaut"),
        "ground",
        1.0,
    ),
    (
        "knight",
        "knights",
        "person",
        (170, 176, 190),
        _knight,
        ("soldier", "warrior"),
        "ground",
        1.0,
    ),
    ("robot", "robots", "person", (160, 170, 190), _robot, ("android", "cyborg"), "ground", 0.9),
    (
        "wizard",
        "wizards",
        "person",
        (80, 60, 160),
        _wizard,
        ("witch", "mage", "sorcerer"),
        "ground",
        1.0,
    ),
    ("king", "kings", "person", (160, 30, 50), _king, ("queen", "queens", "prince"), "ground", 1.0),
    ("snowman", "snowmen", "object", (248, 250, 255), _snowman, (), "ground", 0.9),
    (
        "bicycle",
        "bicycles",
        "vehicle",
        (40, 110, 200),
        _bicycle,
        ("bike", "bikes", "cycle", "cycles"),
        "ground",
        1.0,
    ),
    (
        "motorcycle",
        "motorcycles",
        "vehicle",
        (200, 40, 40),
        _motorcycle,
        ("motorbike", "motorbikes", "scooter"),
        "ground",
        1.0,
    ),
    (
        "car",
        "cars",
        "vehicle",
        (210, 40, 40),
        _car,
        ("automobile", "taxi", "jeep", "sedan"),
        "ground",
        1.1,
    ),
    ("bus", "buses", "vehicle", (250, 190, 30), _bus, ("busses", "tram", "trams"), "ground", 1.3),
    ("truck", "trucks", "vehicle", (40, 110, 200), _truck, ("lorry", "van", "vans"), "ground", 1.3),
    ("train", "trains", "vehicle", (40, 140, 80), _train, ("locomotive", "railway"), "ground", 1.3),
    (
        "boat",
        "boats",
        "vehicle",
        (180, 60, 50),
        _boat,
        ("sailboat", "sailboats", "yacht", "canoe"),
        "water",
        0.9,
    ),
    (
        "ship",
        "ships",
        "vehicle",
        (40, 50, 80),
        _ship,
        ("steamship", "ferry", "cruise"),
        "water",
        1.3,
    ),
    (
        "airplane",
        "airplanes",
        "vehicle",
        (240, 242, 246),
        _airplane,
        ("plane", "planes", "aeroplane", "aeroplanes", "jet", "aircraft"),
        "air",
        1.2,
    ),
    ("helicopter", "helicopters", "vehicle", (220, 60, 40), _helicopter, (), "air", 1.0),
    (
        "rocket",
        "rockets",
        "vehicle",
        (236, 236, 240),
        _rocket,
        ("spaceship", "spacecraft"),
        "air",
        1.1,
    ),
    ("balloon", "balloons", "vehicle", (230, 70, 60), _balloon, (), "air", 1.0),
    ("submarine", "submarines", "vehicle", (240, 200, 40), _submarine, (), "water", 1.1),
    ("tractor", "tractors", "vehicle", (60, 150, 60), _tractor, (), "ground", 1.0),
    (
        "house",
        "houses",
        "building",
        (236, 214, 170),
        _house,
        ("home", "cottage", "cabin", "hut"),
        "ground",
        1.2,
    ),
    (
        "castle",
        "castles",
        "building",
        (190, 186, 176),
        _castle,
        ("palace", "fortress", "fort"),
        "ground",
        1.5,
    ),
    ("lighthouse", "lighthouses", "building", (214, 50, 50), _lighthouse, (), "ground", 1.5),
    ("tower", "towers", "building", (120, 110, 100), _tower, ("eiffel",), "ground", 1.6),
    (
        "church",
        "churches",
        "building",
        (226, 220, 206),
        _church,
        ("chapel", "cathedral"),
        "ground",
        1.4,
    ),
    ("skyscraper", "skyscrapers", "building", (90, 110, 140), _skyscraper, (), "ground", 1.7),
    ("bridge", "bridges", "building", (190, 60, 50), _bridge, (), "ground", 1.6),
    ("windmill", "windmills", "building", (226, 214, 190), _windmill, (), "ground", 1.4),
    ("tent", "tents", "building", (240, 130, 40), _tent, (), "ground", 0.9),
    ("pyramid", "pyramids", "building", (220, 180, 110), _pyramid, (), "ground", 1.5),
    ("barn", "barns", "building", (180, 40, 40), _barn, (), "ground", 1.3),
    ("igloo", "igloos", "building", (236, 242, 250), _igloo, (), "ground", 1.1),
    ("apple", "apples", "food", (210, 40, 40), _apple, (), "ground", 0.5),
    ("banana", "bananas", "food", (250, 216, 60), _banana, (), "ground", 0.55),
    ("pizza", "pizzas", "food", (240, 190, 70), _pizza, (), "ground", 0.7),
    ("cake", "cakes", "food", (240, 150, 180), _cake, ("birthday",), "ground", 0.7),
    (
        "cupcake",
        "cupcakes",
        "food",
        (240, 150, 200),
        _cupcake,
        ("muffin", "muffins"),
        "ground",
        0.55,
    ),
    (
        "burger",
        "burgers",
        "food",
        (220, 150, 70),
        _burger,
        ("hamburger", "hamburgers", "cheeseburger"),
        "ground",
        0.6,
    ),
    (
        "ice cream",
        "ice creams",
        "food",
        (250, 210, 220),
        _ice_cream,
        ("icecream", "gelato", "sundae"),
        "ground",
        0.6,
    ),
    (
        "coffee",
        "coffees",
        "food",
        (240, 240, 236),
        _coffee,
        ("cup", "cups", "mug", "mugs", "latte", "tea", "espresso"),
        "ground",
        0.55,
    ),
    ("donut", "donuts", "food", (240, 130, 170), _donut, ("doughnut", "doughnuts"), "ground", 0.5),
    ("cherry", "cherries", "food", (200, 20, 40), _cherry, (), "ground", 0.45),
    ("strawberry", "strawberries", "food", (220, 40, 50), _strawberry, (), "ground", 0.45),
    (
        "bread",
        "breads",
        "food",
        (210, 150, 80),
        _bread,
        ("loaf", "baguette", "croissant"),
        "ground",
        0.6,
    ),
    ("watermelon", "watermelons", "food", (240, 80, 90), _watermelon, ("melon",), "ground", 0.6),
    ("pear", "pears", "food", (170, 200, 70), _pear, (), "ground", 0.5),
    ("lemon", "lemons", "food", (250, 230, 60), _lemon, ("lime",), "ground", 0.45),
    ("carrot", "carrots", "food", (240, 130, 30), _carrot, (), "ground", 0.5),
    ("tree", "trees", "plant", (60, 150, 70), _tree, ("oak", "maple"), "ground", 1.4),
    (
        "pine tree",
        "pine trees",
        "plant",
        (40, 110, 70),
        _pine,
        ("fir", "spruce", "christmas"),
        "ground",
        1.4,
    ),
    (
        "flower",
        "flowers",
        "plant",
        (230, 70, 120),
        _flower,
        ("rose", "roses", "tulip", "tulips", "daisy", "daisies", "blossom", "sunflower", "lily"),
        "ground",
        0.6,
    ),
    ("cactus", "cacti", "plant", (70, 150, 80), _cactus, ("cactuses", "succulent"), "ground", 0.9),
    ("mushroom", "mushrooms", "plant", (210, 40, 40), _mushroom, ("toadstool",), "ground", 0.5),
    ("chair", "chairs", "object", (160, 100, 60), _chair, ("armchair", "stool"), "ground", 0.8),
    ("table", "tables", "object", (150, 96, 56), _table, ("desk",), "ground", 0.9),
    ("lamp", "lamps", "object", (250, 210, 90), _lamp, ("lantern",), "ground", 0.8),
    ("clock", "clocks", "object", (200, 160, 60), _clock, ("watch",), "ground", 0.6),
    ("book", "books", "object", (170, 40, 50), _book, ("novel", "notebook"), "ground", 0.6),
    ("umbrella", "umbrellas", "object", (220, 50, 60), _umbrella, ("parasol",), "ground", 0.9),
    ("guitar", "guitars", "object", (220, 140, 50), _guitar, ("violin",), "ground", 0.9),
    ("key", "keys", "object", (220, 180, 60), _key, (), "ground", 0.5),
    ("bottle", "bottles", "object", (60, 150, 90), _bottle, ("wine", "perfume"), "ground", 0.6),
    ("vase", "vases", "object", (60, 110, 190), _vase, ("pot",), "ground", 0.7),
    ("crown", "crowns", "object", (240, 200, 60), _crown, ("tiara",), "ground", 0.55),
    ("sword", "swords", "object", (200, 206, 216), _sword, ("blade", "dagger"), "ground", 0.9),
    ("heart", "hearts", "object", (220, 40, 70), _heart, (), "ground", 0.6),
    ("star", "stars", "object", (250, 210, 50), _star, (), "ground", 0.6),
    (
        "diamond",
        "diamonds",
        "object",
        (120, 200, 240),
        _diamond,
        ("gem", "gems", "jewel", "crystal"),
        "ground",
        0.55,
    ),
    (
        "shoe",
        "shoes",
        "object",
        (200, 60, 50),
        _shoe,
        ("sneaker", "sneakers", "boot", "boots"),
        "ground",
        0.55,
    ),
    ("hat", "hats", "object", (50, 50, 60), _hat, ("tophat",), "ground", 0.55),
    ("teapot", "teapots", "object", (80, 140, 200), _teapot, ("kettle",), "ground", 0.6),
    ("candle", "candles", "object", (220, 70, 70), _candle, (), "ground", 0.5),
    ("kite", "kites", "object", (220, 50, 60), _kite, (), "air", 0.8),
    (
        "ball",
        "balls",
        "object",
        (230, 60, 50),
        _ball,
        ("football", "soccer", "basketball"),
        "ground",
        0.5,
    ),
    ("bell", "bells", "object", (230, 180, 60), _bell, (), "ground", 0.55),
    (
        "planet",
        "planets",
        "object",
        (220, 150, 90),
        _planet,
        ("saturn", "jupiter", "mars"),
        "air",
        1.0,
    ),
    ("camera", "cameras", "object", (60, 60, 66), _camera, (), "ground", 0.55),
    (
        "phone",
        "phones",
        "object",
        (40, 40, 46),
        _phone,
        ("smartphone", "iphone", "telephone"),
        "ground",
        0.55,
    ),
    ("laptop", "laptops", "object", (170, 176, 186), _laptop, ("computer",), "ground", 0.7),
]

VOCABULARY: dict[str, Noun] = {}
for _name, _plural, _category, _colour, _draw, _synonyms, _place, _scale in _DRAWINGS:
    VOCABULARY[_name] = Noun(_name, _plural, _category, _colour, _draw, _synonyms, _place, _scale)
for _name, (_colour, _shape, _synonyms) in BEASTS.items():
    _plural = (
        _name if _name in ("sheep", "deer") else _name + ("es" if _name.endswith("x") else "s")
    )
    _plural = {"mouse": "mice", "wolf": "wolves"}.get(_name, _plural)
    VOCABULARY[_name] = Noun(
        _name,
        _plural,
        "animal",
        _colour,
        _beast_drawing(_shape),
        _synonyms,
        "ground",
        {"elephant": 1.3, "giraffe": 1.4, "mouse": 0.45, "rabbit": 0.55, "cat": 0.7}.get(
            _name, 1.0
        ),
    )
