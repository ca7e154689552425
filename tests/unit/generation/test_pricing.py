"""Pricing: cost grows with pixels, steps, count and the model's factor (property tests)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.generation.offerings import IMAGE_MODELS
from photocen.generation.pricing import actual_cost, image_cost, job_cost

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

edges = st.integers(min_value=64, max_value=4096)
steps = st.integers(min_value=1, max_value=150)
counts = st.integers(min_value=1, max_value=10)
factors = st.sampled_from([m.price_factor for m in IMAGE_MODELS.values()] + [Fraction(1, 2)])


def test_reference_image_costs_one_credit():
    assert image_cost(512, 512, 25, Fraction(1)) == 1


def test_documented_examples():
    # 1024² at 30 steps on SDXL (factor 1.5): 4 x 1.2 x 1.5 = 7.2 → 8 credits per image
    assert image_cost(1024, 1024, 30, Fraction(3, 2)) == 8
    assert job_cost(1024, 1024, 30, 3, Fraction(3, 2)) == 24


@given(edges, edges, steps, counts, factors, edges, steps)
def test_cost_never_decreases_when_any_input_grows(w, h, s, n, f, dw, ds):
    base = job_cost(w, h, s, n, f)
    assert job_cost(w + dw, h, s, n, f) >= base
    assert job_cost(w, h + dw, s, n, f) >= base
    assert job_cost(w, h, s + ds, n, f) >= base
    assert job_cost(w, h, s, min(10, n + 1), f) >= base
    assert job_cost(w, h, s, n, f * 2) >= base


@given(edges, edges, steps, counts, factors)
def test_cost_is_at_least_one_credit_per_image_and_linear_in_count(w, h, s, n, f):
    per_image = image_cost(w, h, s, f)
    assert per_image >= 1
    assert job_cost(w, h, s, n, f) == per_image * n


@given(edges, edges, steps, factors)
def test_doubling_pixels_and_steps_roughly_quadruples_large_jobs(w, h, s, f):
    # Rational arithmetic: the ceiling is the only rounding, so the ratio stays close to 4.
    small = image_cost(w, h, s, f)
    large = image_cost(w * 2, h, s * 2, f)
    assert large <= 4 * small
    assert large >= 4 * small - 4 or small == 1


@given(st.integers(1, 50), st.integers(0, 12), st.integers(1, 500))
def test_actual_cost_never_exceeds_the_reservation(per_image, delivered, reserved):
    charged = actual_cost(per_image, delivered, reserved)
    assert 0 <= charged <= reserved


@pytest.mark.parametrize("bad", [(0, 512, 25), (512, 0, 25), (512, 512, 0)])
def test_non_positive_inputs_are_rejected(bad):
    with pytest.raises(ValueError):
        image_cost(*bad, Fraction(1))


@given(
    width=st.integers(1, 4096),
    height=st.integers(1, 4096),
    steps=st.integers(1, 60),
    factor=factors,
)
def test_quality_and_upscale_only_ever_raise_the_price(width, height, steps, factor):
    from photocen.generation.pricing import QUALITY_FACTORS

    base = image_cost(width, height, steps, factor)
    prices = [image_cost(width, height, steps, factor, q) for q in QUALITY_FACTORS]
    assert prices == sorted(prices)
    assert prices[0] == base
    assert image_cost(width, height, steps, factor, "standard", 4) >= base


def test_the_documented_examples_of_quality_and_upscale():
    from fractions import Fraction

    # 1024x1024, 10 steps, flux-schnell (1x): 1.6 units
    assert image_cost(1024, 1024, 10, Fraction(1), "hd") == 3
    assert image_cost(1024, 1024, 10, Fraction(1), "ultra") == 4
    assert image_cost(1024, 1024, 10, Fraction(1), "standard", 4) == 4
    assert image_cost(1024, 1024, 10, Fraction(1), "ultra", 4) == 7
