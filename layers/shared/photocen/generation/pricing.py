"""Pricing of a generation. Pure functions (docs/decisions: generation pricing).

One image costs ``ceil(megapixels_ratio * steps_ratio * model_factor)`` credits and never less
than one, where ``megapixels_ratio = width·height / 512²`` and ``steps_ratio = steps / 25``;
a job of ``count`` images costs ``count`` times that. Every factor only ever raises the
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

# What GET /v1/models says about pricing: plain text, for people and clients alike.
PRICING_SUMMARY = (
    "One image costs ceil(width * height / 512^2 * steps / 25 * price_factor) credits, "
    "at least 1; a job of count images costs count times that. The estimate is reserved "
    "when the job is accepted; completion charges the images delivered and releases the "
    "rest; a failed job is refunded in full."
)


def image_cost(width: int, height: int, steps: int, factor: Fraction) -> int:
    if width <= 0 or height <= 0 or steps <= 0 or factor <= 0:
        raise ValueError("width, height, steps and factor must be positive")
    units = Fraction(width * height, REFERENCE_PIXELS) * Fraction(steps, REFERENCE_STEPS) * factor
    return max(1, math.ceil(units))


def job_cost(width: int, height: int, steps: int, count: int, factor: Fraction) -> int:
    if count <= 0:
        raise ValueError("count must be positive")
    return image_cost(width, height, steps, factor) * count


def actual_cost(cost_per_image: int, delivered: int, reserved: int) -> int:
    """What a finished job charges: the images delivered, never more than was reserved."""
    return max(0, min(reserved, cost_per_image * delivered))
