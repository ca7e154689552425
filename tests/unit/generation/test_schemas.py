"""The generate request's HTTP shape and its one mapping to the domain's
(functions/generate/schemas.py)."""

from __future__ import annotations

import pytest
from photocen.generation.model import GenerationRequest, ReferenceImage, StyleChoice
from photocen.generation.offerings import model_for
from photocen.platform.errors import ValidationFailed
from pydantic import ValidationError as PydanticValidationError

from functions.generate.schemas import GenerateIn


def test_a_single_generation_maps_with_settings_winning_over_the_flat_form():
    body = GenerateIn.model_validate(
        {
            "prompt": "a fox",
            "style": {"preset": "noir", "use_style_memory": True},
            "width": 768,
            "num_inference_steps": 9,
            "settings": {"width": 640, "count": 2},
            "reference_images": [{"data_url": "data:image/png;base64,AA=="}],
            "options": {"not_searchable": True},
        }
    )
    single, batch = body.to_domain()
    assert batch is None
    assert single == GenerationRequest(
        prompt="a fox",
        style=StyleChoice(preset="noir", use_style_memory=True),
        width=640,
        steps=9,
        count=2,
        reference_images=(ReferenceImage(data_url="data:image/png;base64,AA=="),),
        not_searchable=True,
    )


def test_a_batch_applies_the_top_level_fields_as_defaults_of_every_item():
    body = GenerateIn.model_validate(
        {"model": "sdxl-lightning", "style": "anime", "items": [{"prompt": "a"}, {"prompt": "b"}]}
    )
    single, batch = body.to_domain()
    assert single is None
    assert batch is not None
    assert [(i.prompt, i.model, i.style.preset) for i in batch] == [
        ("a", "sdxl-lightning", "anime"),
        ("b", "sdxl-lightning", "anime"),
    ]


def test_an_invalid_batch_item_is_refused_naming_the_item_field():
    # Items are ItemIn (as the document says), so the body's own validation names the field
    # (Powertools answers it as the caller's 422).
    with pytest.raises(PydanticValidationError) as refused:
        GenerateIn.model_validate({"items": [{"prompt": "a"}, {"settings": {"count": 0}}]})
    assert ("items", 1, "settings", "count") in [e["loc"] for e in refused.value.errors()]


def test_a_batch_default_must_fit_every_items_model():
    # Given top-level defaults too wide for one item's model (the document says the same)
    body = GenerateIn.model_validate(
        {"steps": 40, "items": [{"prompt": "a", "model": "flux-schnell"}]}
    )
    # Then the request is the caller's 422, before anything is reserved
    with pytest.raises(ValidationFailed) as refused:
        body.to_domain()
    assert refused.value.message.startswith("body.steps")


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("wait", 25),
        ("wait=5", 5),
        ("WAIT = 7", 7),
        ("respond-async, wait=3", 3),
        ("wait=60", 25),
        ("wait=" + "9" * 5000, 25),
        ("return=minimal", None),
        ('wait="4"', 4),
    ],
)
def test_prefer_wait_is_read_as_rfc_7240_says(header, seconds):
    from functions.generate.schemas import prefer_wait

    assert prefer_wait(header) == seconds


@pytest.mark.parametrize("header", ["wait=0", "wait=abc", "wait=-1", "wait=1.5", "wait=", "wait=٣"])
def test_a_wait_that_is_no_whole_number_of_seconds_is_refused(header):
    from photocen.platform.errors import ValidationFailed

    from functions.generate.schemas import prefer_wait

    with pytest.raises(ValidationFailed, match=r"header\.Prefer"):
        prefer_wait(header)


def test_no_model_named_picks_the_first_model_whose_bounds_fit():
    # The PhotoCen document's own example: 1024², 30 steps, cfg 7, no model
    body = GenerateIn.model_validate(
        {
            "prompt": "a seaside cafe at golden hour",
            "settings": {"width": 1024, "height": 1024, "steps": 30, "seed": None, "cfg": 7},
        }
    )
    single, _ = body.to_domain()  # accepted: some model fits (flux-schnell takes 12 steps)
    assert single is not None
    # The service picks by the resolved values (offerings.model_for; test_model_choice.py)
    assert single.model is None
    chosen = model_for(None, width=1024, height=1024, steps=30, cfg=7)
    assert chosen is not None
    assert chosen.id == "stable-diffusion-xl"
    # A named model is never swapped: its bounds refuse
    with pytest.raises(ValidationFailed, match="flux-schnell takes 1 to 12 steps"):
        GenerateIn.model_validate({"prompt": "a", "model": "flux-schnell", "steps": 30}).to_domain()


def test_in_a_batch_an_items_null_model_is_the_default_not_the_top_level_one():
    # Given a top-level model whose bounds the item's height does not fit
    body = GenerateIn.model_validate(
        {"model": "sdxl-turbo", "items": [{"prompt": "a", "model": None, "height": 358}]}
    )
    # Then the item runs on the default model, as its merged fields say
    _, batch = body.to_domain()
    assert batch is not None
    assert batch[0].model is None
    assert batch[0].height == 358


@pytest.mark.parametrize(
    "body",
    [
        {"prompt": "a", "upscale": True, "width": 2047},
        {"prompt": "a", "upscale": 4, "settings": {"height": 1025}},
        {"items": [{"prompt": "a", "upscale": True, "width": 2047}]},
    ],
)
def test_upscale_limits_the_edges_given_with_it(body):
    with pytest.raises(ValidationFailed, match=r"with upscale \(4x\) at most 1024 px"):
        GenerateIn.model_validate(body).to_domain()


def test_the_document_states_the_upscale_limit():
    from functions.generate.contract import upscale_rule

    schema = GenerateIn.model_json_schema()
    assert upscale_rule() in schema["anyOf"][0]["allOf"]


@pytest.mark.parametrize("upscale", [False, 1, None])
def test_no_upscale_leaves_the_edges_to_the_model(upscale):
    # `1 == True` in Python: upscale 1 (none) must not be read as `true`
    single, _ = GenerateIn.model_validate(
        {"prompt": "a", "model": "stable-diffusion-xl", "upscale": upscale, "height": 1264}
    ).to_domain()
    assert single is not None
    assert single.upscale == 1
    assert single.height == 1264
