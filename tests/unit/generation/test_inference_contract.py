"""The inference input the generate function writes is what model/inference.py reads, and
its output is what the jobs function reads."""

import io
from datetime import UTC, datetime
from fractions import Fraction

import pytest
from photocen.generation.model import Job, Plan, inference_input
from photocen.generation.offerings import IMAGE_MODELS
from photocen.generation.results import parse_output
from photocen.generation.service import MAX_REFERENCE_PIXELS
from PIL import Image

from model import contract, inference
from tests.crafted_images import data_url, encoded, png_declaring
from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def plan(count: int = 2, reference_images: tuple[str, ...] = ()) -> Plan:
    return Plan(
        prompt="a seaside cafe",
        final_prompt="a seaside cafe at golden hour",
        negative_prompt="blurry",
        model=IMAGE_MODELS["flux-schnell"].id,
        style="watercolor",
        width=96,
        height=64,
        steps=4,
        cfg=0.0,
        seed=41,
        count=count,
        region="global",
        region_source="default",
        searchable=True,
        cost_per_image=1,
        reserved=count,
        webhook_url=None,
        reference_images=reference_images,
    )


def document_of(planned: Plan) -> dict:
    """The inference input of the job a plan becomes once accepted."""
    job = Job.accept(
        planned,
        job_id="gen_1",
        account_id="acct",
        now=datetime(2026, 1, 1, tzinfo=UTC),
        deadline=0,
    )
    return inference_input(job, planned.reference_images)


def test_the_inference_input_is_the_engine_request_of_the_accepted_job():
    assert document_of(plan()) == {
        "job_id": "gen_1",
        "prompt": "a seaside cafe at golden hour",
        "negative_prompt": "blurry",
        "model": "flux-schnell",
        "style": "watercolor",
        "width": 96,
        "height": 64,
        "steps": 4,
        "cfg": 0.0,
        "seeds": [41, 42],
        "reference_images": [],
        "purpose": "image",
        "quality": "standard",
        "upscale": 1,
    }


def test_round_trip_through_the_sagemaker_handler_functions():
    document = document_of(plan())
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
    document = document_of(plan(count=1))
    engine = inference.model_fn("")
    first = inference.output_fn(
        inference.predict_fn(inference.input_fn(__import__("json").dumps(document)), engine)
    )
    second = inference.output_fn(
        inference.predict_fn(inference.input_fn(__import__("json").dumps(document)), engine)
    )
    assert parse_output(first)[0][0].data == parse_output(second)[0][0].data


def test_price_factor_is_a_fraction():
    assert all(isinstance(m.price_factor, Fraction) for m in IMAGE_MODELS.values())


def test_the_engine_and_the_api_cap_reference_images_at_the_same_pixel_count():
    # model/ cannot import photocen, so each keeps the number; they must not drift apart
    assert contract.MAX_REFERENCE_PIXELS == MAX_REFERENCE_PIXELS


@pytest.mark.parametrize(
    "reference",
    [
        data_url("image/png", b"just some text, not a picture"),
        data_url("image/jpeg", encoded("PNG")),  # a PNG labelled image/jpeg
        data_url("image/png", encoded("PNG")[:20]),  # truncated in the header
        data_url("image/png", png_declaring(50_000, 50_000)),  # past Pillow's own bomb limit
        data_url("image/png", png_declaring(4097, 4096)),  # one column past the cap
        "https://example.com/reference.png",
    ],
)
def test_the_engine_refuses_a_reference_that_is_not_what_it_says_or_too_large(reference):
    document = document_of(plan(count=1, reference_images=(reference,)))
    with pytest.raises(inference.InvalidRequest, match="reference image"):
        inference.input_fn(__import__("json").dumps(document))


def test_the_engine_takes_references_up_to_the_cap_reading_the_header_only():
    references = (
        data_url("image/png", png_declaring(4096, 4096)),  # no pixels behind it: never decoded
        data_url("image/jpeg", encoded("JPEG")),
        data_url("image/webp", encoded("WEBP")),
    )
    document = document_of(plan(count=1, reference_images=references))
    request = inference.input_fn(__import__("json").dumps(document))
    assert request.reference_images == references
    with inference.open_reference(references[0]) as image:
        assert image.size == (4096, 4096)
