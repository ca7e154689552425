"""A request that names no model is served by one whose bounds fit it (the PhotoCen
document's generate example: 1024x1024, 30 steps, cfg 7, no model)."""

from __future__ import annotations

from photocen.generation.offerings import DEFAULT_IMAGE_MODEL, model_for

from functions.generate import contract


def test_the_default_model_serves_what_it_fits():
    chosen = model_for(None, width=512, height=512, steps=4)
    assert chosen is not None
    assert chosen.id == DEFAULT_IMAGE_MODEL


def test_the_first_model_whose_bounds_fit_serves_the_rest():
    chosen = model_for(None, width=1024, height=1024, steps=30, cfg=7)
    assert chosen is not None
    assert chosen.id == "stable-diffusion-xl"
    assert chosen.min_steps <= 30 <= chosen.max_steps


def test_a_named_model_is_that_model_or_unknown():
    named = model_for("flux-2-dev", steps=1)
    assert named is not None
    assert named.id == "flux-2-dev"
    assert model_for("no-such-model") is None


def test_when_nothing_fits_the_default_is_named_in_the_refusal():
    chosen = model_for(None, steps=10_000)
    assert chosen is not None
    assert chosen.id == DEFAULT_IMAGE_MODEL


def test_the_request_contract_accepts_the_documents_example():
    contract.check_single(
        {
            "prompt": "a seaside cafe",
            "settings": {"width": 1024, "height": 1024, "steps": 30, "cfg": 7},
        }
    )


def test_every_value_an_item_gives_chooses_the_model_not_only_the_last():
    # steps and num_inference_steps both given: the model must take both (and the top-level)
    item = {"prompt": "x", "steps": 58, "num_inference_steps": 7}
    chosen = contract.model_named(item, None, {"num_inference_steps": 4})
    assert chosen is not None
    assert chosen.id == "stable-diffusion-xl"
    contract.check_batch({"num_inference_steps": 4}, [item])
