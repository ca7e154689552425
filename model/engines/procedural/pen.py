"""Drawing in a subject's own square: (u, v) from (0, 0) top left to (1, 1) bottom right, the
ground at v = 1, mapped onto a square box of the canvas (and mirrored when the subject faces
left). Every shape gets the same dark ink outline: the clean, flat look of a vector drawing."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import ImageDraw

RGB = tuple[int, int, int]
INK = (34, 30, 38)


def shade(colour: Sequence[int], factor: float) -> RGB:
    return (
        max(0, min(255, round(colour[0] * factor))),
        max(0, min(255, round(colour[1] * factor))),
        max(0, min(255, round(colour[2] * factor))),
    )


def mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


class Pen:
    def __init__(
        self,
        draw: ImageDraw.ImageDraw,
        left: float,
        top: float,
        side: float,
        *,
        flip: bool = False,
        ink: RGB = INK,
    ) -> None:
        self.draw = draw
        self.left, self.top, self.side = left, top, side
        self.flip = flip
        self.ink = ink
        self.stroke = max(1, round(side * 0.012))

    def xy(self, u: float, v: float) -> tuple[float, float]:
        return (self.left + (1 - u if self.flip else u) * self.side, self.top + v * self.side)

    def _box(self, u0: float, v0: float, u1: float, v1: float) -> tuple[float, ...]:
        (x0, y0), (x1, y1) = self.xy(u0, v0), self.xy(u1, v1)
        x0, x1 = min(x0, x1), max(x0, x1)
        return (x0, min(y0, y1), max(x0 + 1, x1), max(min(y0, y1) + 1, max(y0, y1)))

    def poly(self, points: Sequence[tuple[float, float]], fill: Sequence[int]) -> None:
        self.draw.polygon(
            [self.xy(u, v) for u, v in points],
            fill=tuple(fill),
            outline=self.ink,
            width=self.stroke,
        )

    def oval(self, cx: float, cy: float, ru: float, rv: float, fill: Sequence[int]) -> None:
        self.draw.ellipse(
            self._box(cx - ru, cy - rv, cx + ru, cy + rv),
            fill=tuple(fill),
            outline=self.ink,
            width=self.stroke,
        )

    def circle(self, cx: float, cy: float, r: float, fill: Sequence[int]) -> None:
        self.oval(cx, cy, r, r, fill)

    def ring(self, cx: float, cy: float, r: float, width: float, colour: Sequence[int]) -> None:
        self.draw.ellipse(
            self._box(cx - r, cy - r, cx + r, cy + r),
            outline=tuple(colour),
            width=max(1, round(width * self.side)),
        )

    def rect(
        self,
        u0: float,
        v0: float,
        u1: float,
        v1: float,
        fill: Sequence[int],
        radius: float = 0.0,
    ) -> None:
        box = self._box(u0, v0, u1, v1)
        if radius > 0:
            self.draw.rounded_rectangle(
                box,
                radius=radius * self.side,
                fill=tuple(fill),
                outline=self.ink,
                width=self.stroke,
            )
        else:
            self.draw.rectangle(box, fill=tuple(fill), outline=self.ink, width=self.stroke)

    def line(
        self, points: Sequence[tuple[float, float]], colour: Sequence[int], width: float
    ) -> None:
        self.draw.line(
            [self.xy(u, v) for u, v in points],
            fill=tuple(colour),
            width=max(1, round(width * self.side)),
            joint="curve",
        )

    def dot(self, cx: float, cy: float, r: float, colour: Sequence[int] = INK) -> None:
        self.draw.ellipse(self._box(cx - r, cy - r, cx + r, cy + r), fill=tuple(colour))
