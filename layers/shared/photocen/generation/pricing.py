"""Pricing of a generation. Pure functions (docs/decisions: generation pricing).

One image costs ``ceil(megapixels_ratio * steps_ratio * model_factor * quality_factor *
upscale_factor)`` credits and never less than one, where ``megapixels_ratio = width·height /
512²`` (the size the model draws, before any upscaling), ``steps_ratio = steps / 25``,
``quality_factor`` is 1 / 1.5 / 2 for ``standard`` / ``hd`` / ``ultra`` and
``upscale_factor`` is 2 for a 4x upscale (1 without); a job of ``count`` images costs
``count`` times that. Every factor only ever raises the
price, so the cost grows with pixels, steps, count and the model's factor. Exact rational
arithmetic: no float rounding can make two equal requests cost differently.

The estimate is reserved when the job is accepted; completion charges the images actually
delivered (``actual_cost``) and releases the rest; failure refunds everything.
"""

from __future__ import annotations

import math
from fractions import Fraction

REFERENCE_PIXELS = 512 * 512
REFERENCE_STEPS = 25
QUALITY_FACTORS: dict[str, Fraction] = {
    "standard": Fraction(1),
    "hd": Fraction(3, 2),
    "ultra": Fraction(2),
}
UPSCALE_FACTORS: dict[int, Fraction] = {1: Fraction(1), 4: Fraction(2)}

# What GET /v1/models says about pricing: plain text, for people and clients alike.
PRICING_SUMMARY = (
    "One image costs ceil(width * height / 512^2 * steps / 25 * price_factor * quality_factor"
    " * upscale_factor) credits, at least 1, where quality_factor is 1 (standard), 1.5 (hd) or"
    " 2 (ultra) and upscale_factor is 2 for upscale 4x (1 without); width and height are the"
    " size the model draws, before upscaling. A job of count images costs count times that."
    " The estimate is reserved "
    "when the job is accepted; completion charges the images delivered and releases the "
    "rest; a failed job is refunded in full."
)


def image_cost(
    width: int,
    height: int,
    steps: int,
    factor: Fraction,
    quality: str = "standard",
    upscale: int = 1,
) -> int:
    if width <= 0 or height <= 0 or steps <= 0 or factor <= 0:
        raise ValueError("width, height, steps and factor must be positive")
    units = (
        Fraction(width * height, REFERENCE_PIXELS)
        * Fraction(steps, REFERENCE_STEPS)
        * factor
        * QUALITY_FACTORS[quality]
        * UPSCALE_FACTORS[upscale]
    )
    return max(1, math.ceil(units))


def job_cost(
    width: int,
    height: int,
    steps: int,
    count: int,
    factor: Fraction,
    quality: str = "standard",
    upscale: int = 1,
) -> int:
    if count <= 0:
        raise ValueError("count must be positive")
    return image_cost(width, height, steps, factor, quality, upscale) * count


def actual_cost(cost_per_image: int, delivered: int, reserved: int) -> int:
    """What a finished job charges: the images delivered, never more than was reserved."""
    return max(0, min(reserved, cost_per_image * delivered))
