"""Style memory: presets, overrides, what was set and what was learned."""

import pytest
from photocen.generation.model import StyleChoice
from photocen.generation.style_memory import (
    StyleEdits,
    StyleMemory,
    apply_style,
    edited,
    forgotten,
    learn,
)
from photocen.platform.errors import ValidationFailed

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def test_no_style_leaves_the_prompt():
    styled = apply_style("a cafe", "", StyleChoice(), None)
    assert (styled.prompt, styled.negative_prompt, styled.style) == ("a cafe", "", None)


def test_a_preset_adds_its_words():
    styled = apply_style("a cafe", "blurry", StyleChoice(preset="watercolor"), None)
    assert styled.prompt.startswith("a cafe, watercolor")
    assert styled.style == "watercolor"
    assert styled.negative_prompt == "blurry"


def test_memory_applies_only_when_asked_and_the_override_replaces_it():
    memory = StyleMemory(preset="noir", keywords=("rain", "neon"), negative_prompt="people")
    ignored = apply_style("a street", "", StyleChoice(), memory)
    assert ignored.prompt == "a street"
    used = apply_style("a street", "", StyleChoice(use_style_memory=True), memory)
    assert "rain" in used.prompt
    assert used.style == "noir"
    assert used.negative_prompt.startswith("people")
    overridden = apply_style(
        "a street", "", StyleChoice(use_style_memory=True, style_override="pastel sketch"), memory
    )
    assert overridden.prompt == "a street, pastel sketch"
    assert overridden.style is None


def test_learning_counts_styles_and_words_and_set_values_win():
    memory = StyleMemory()
    for _ in range(3):
        memory = learn(memory, "watercolor", "a lighthouse over stormy harbour")
    memory = learn(memory, "noir", "a lighthouse")
    assert memory.learned_from == 4
    assert memory.effective_preset() == "watercolor"
    assert memory.effective_keywords()[0] == "lighthouse"
    edited = StyleMemory(preset="anime", learned_styles=memory.learned_styles)
    assert edited.effective_preset() == "anime"


def test_edits_replace_what_was_set_and_keep_what_was_learned():
    learned = learn(StyleMemory(preset="noir", keywords=("rain",)), "watercolor", "a harbour")
    memory = edited(
        learned,
        StyleEdits(preset="anime", default_region="JP", billing_country="BR", negative_prompt=""),
    )
    assert (memory.preset, memory.keywords, memory.negative_prompt) == ("anime", (), None)
    assert (memory.default_region, memory.billing_country) == ("jp", "br")
    assert (memory.learned_styles, memory.learned_from) == ({"watercolor": 1}, 1)


@pytest.mark.parametrize(
    ("edits", "field"),
    [
        (StyleEdits(default_region="zz"), "body.default_region"),
        (StyleEdits(preset="nope"), "body.preset"),
        (StyleEdits(keywords=tuple(f"k{n}" for n in range(13))), "body.keywords"),
    ],
)
def test_an_invalid_edit_is_refused_naming_the_field(edits, field):
    with pytest.raises(ValidationFailed) as refused:
        edited(StyleMemory(), edits)
    assert refused.value.message.startswith(field)


def test_forgetting_keeps_only_the_region_defaults():
    memory = learn(
        StyleMemory(preset="noir", default_region="jp", billing_country="br"), "noir", "rain"
    )
    assert forgotten(memory) == StyleMemory(default_region="jp", billing_country="br")
