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


def test_the_engine_and_the_api_offer_the_same_style_presets():
    # model/ cannot import photocen, so each keeps the list; they must not drift apart
    from photocen.generation.offerings import STYLES

    from model.engines.procedural import STYLE_PRESETS

    assert list(STYLE_PRESETS) == list(STYLES)


def _run(document: dict) -> dict:
    engine = inference.model_fn("")
    request = inference.input_fn(__import__("json").dumps(document))
    return __import__("json").loads(inference.output_fn(inference.predict_fn(request, engine)))


def test_purpose_quality_and_upscale_default_when_absent():
    request = inference.input_fn(__import__("json").dumps(document_of(plan(count=1))))
    assert (request.purpose, request.quality, request.upscale) == ("image", "standard", 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purpose", "poster"),
        ("quality", "max"),
        ("upscale", 2),
        ("upscale", "4"),
        ("upscale", True),
        ("upscale", 4.0),
    ],
)
def test_an_invalid_purpose_quality_or_upscale_is_refused(field, value):
    document = {**document_of(plan(count=1)), field: value}
    with pytest.raises(inference.InvalidRequest, match=field):
        inference.input_fn(__import__("json").dumps(document))


def test_more_than_ten_references_are_refused():
    reference = data_url("image/png", encoded("PNG"))
    document = {**document_of(plan(count=1)), "reference_images": [reference] * 11}
    with pytest.raises(inference.InvalidRequest, match="at most 10"):
        inference.input_fn(__import__("json").dumps(document))


def test_each_image_carries_a_caption_of_what_was_drawn():
    document = {**document_of(plan(count=2)), "prompt": "a red bicycle in the city at dusk"}
    output = _run(document)
    captions = [i["caption"] for i in output["images"]]
    assert captions == ["a red bicycle on a city street at dusk, watercolor"] * 2


def test_an_upscaled_image_reports_its_final_size_capped_at_4096():
    output = _run({**document_of(plan(count=1)), "upscale": 4})
    (image,) = output["images"]
    assert (image["width"], image["height"]) == (384, 256)
    picture = Image.open(io.BytesIO(__import__("base64").b64decode(image["data"])))
    assert picture.size == (384, 256)
    assert contract.upscaled_size(2048, 1024, 4) == (4096, 2048)
    assert contract.upscaled_size(1500, 1000, 4) == (4096, 2731)


def test_the_local_upscaler_is_sharper_than_plain_resizing():
    from PIL import ImageChops, ImageFilter, ImageStat

    small = Image.new("RGB", (32, 32), (250, 250, 250))
    small.paste((20, 20, 20), (8, 8, 24, 24))
    plain = small.resize((128, 128), Image.Resampling.BILINEAR)
    upscaled = contract.resample_upscale(small, 4)

    def sharpness(image: Image.Image) -> float:
        return ImageStat.Stat(image.convert("L").filter(ImageFilter.FIND_EDGES)).stddev[0]

    assert upscaled.size == (128, 128)
    assert sharpness(upscaled) > sharpness(plain)
    assert ImageChops.difference(upscaled, plain).getbbox() is not None


def test_references_change_the_local_engines_picture():
    reference = data_url("image/png", encoded("PNG", (32, 32)))  # solid red
    without = _run(document_of(plan(count=1)))["images"][0]["data"]
    with_reference = _run(document_of(plan(count=1, reference_images=(reference,))))
    assert with_reference["images"][0]["data"] != without
