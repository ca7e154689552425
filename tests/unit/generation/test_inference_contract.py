"""The inference input the generate function writes is what model/inference.py reads, and
its output is what the jobs function reads."""

import io
from fractions import Fraction

import pytest
from photocen.generation.catalog import MODELS
from photocen.generation.model import ItemRequest
from photocen.generation.region import AppliedRegion
from photocen.generation.results import parse_output
from photocen.generation.service import Plan, inference_input
from PIL import Image

from model import inference
from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def plan(count: int = 2) -> Plan:
    return Plan(
        item=ItemRequest(prompt="a seaside cafe", count=count),
        model=MODELS["flux-schnell"],
        width=96,
        height=64,
        steps=4,
        cfg=0.0,
        seed=41,
        prompt="a seaside cafe at golden hour",
        negative_prompt="blurry",
        style="watercolor",
        region=AppliedRegion("global", "default"),
        cost_per_image=1,
        cost=count,
        reference_images=(),
    )


def test_round_trip_through_the_sagemaker_handler_functions():
    document = inference_input("gen_1", plan())
    engine = inference.model_fn("")
    request = inference.input_fn(__import__("json").dumps(document), "application/json")
    assert request.seeds == (41, 42)
    prediction = inference.predict_fn(request, engine)
    body = inference.output_fn(prediction, "application/json")
    images, engine_ms = parse_output(body)
    assert [i.seed for i in images] == [41, 42]
    assert engine_ms is not None
    # the jobs function reads the engine's own timing (what GET /v1/images/jobs shows)
    assert engine_ms == prediction.engine_ms
    picture = Image.open(io.BytesIO(images[0].data))
    assert picture.size == (96, 64)


def test_the_procedural_engine_is_deterministic_for_a_seed():
    document = inference_input("gen_1", plan(count=1))
    engine = inference.model_fn("")
    first = inference.output_fn(
        inference.predict_fn(inference.input_fn(__import__("json").dumps(document)), engine)
    )
    second = inference.output_fn(
        inference.predict_fn(inference.input_fn(__import__("json").dumps(document)), engine)
    )
    assert parse_output(first)[0][0].data == parse_output(second)[0][0].data


def test_price_factor_is_a_fraction():
    assert all(isinstance(m.price_factor, Fraction) for m in MODELS.values())
