"""What a generate request may ask of each model: one rule, read by the route's validator and
written into ``/openapi.json``.

The bounds are the models' own (``photocen.generation.offerings.IMAGE_MODELS``). The rule: every
``width``/``height``/``steps``/``num_inference_steps``/``cfg`` a request gives — flat or in
``settings`` — must fit the model it may be used with. An item's values fit the item's model
(its own ``model``, else the top-level one). A single generation that names no model (absent or
``null``) uses the default model if its values fit it, else the first model of the catalog
whose bounds they fit (``model_for``): the PhotoCen document's own example (1024², 30 steps,
cfg 7) asks for no model and gets Stable Diffusion XL. In a batch an item without a
``model`` key uses the top-level one, else (or with ``"model": null``) the default; the
top-level values are defaults for every item, so they must fit every item's model.
A value that ``settings`` overrides must fit too: a request that contradicts itself is refused
rather than half-read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from photocen.generation.offerings import DEFAULT_IMAGE_MODEL as DEFAULT_MODEL
from photocen.generation.offerings import IMAGE_MODELS as MODELS
from photocen.generation.offerings import MAX_OUTPUT_EDGE
from photocen.generation.offerings import ImageModel as ModelSpec
from photocen.platform.errors import ValidationFailed

FLAT = ("width", "height", "steps", "num_inference_steps", "cfg")
# With ``upscale`` (4x) the drawn image may be at most this large an edge: 4096 / 4.
UPSCALED_EDGE_MAX = MAX_OUTPUT_EDGE // 4
IN_SETTINGS = ("width", "height", "steps", "cfg")
_UNITS = {"width": " px", "height": " px", "steps": " steps", "num_inference_steps": " steps"}


def bounds(model: ModelSpec) -> dict[str, tuple[float, float]]:
    edge = (model.min_edge, model.max_edge)
    steps = (model.min_steps, model.max_steps)
    return {
        "width": edge,
        "height": edge,
        "steps": steps,
        "num_inference_steps": steps,
        "cfg": (0, model.max_cfg),
    }


def _widest(name: str) -> tuple[Any, Any]:
    """What some model takes: the field-level bounds of the request models."""
    spans = [bounds(m)[name] for m in MODELS.values()]
    return min(lo for lo, _ in spans), max(hi for _, hi in spans)


EDGE_MIN, EDGE_MAX = _widest("width")
STEPS_MIN, STEPS_MAX = _widest("steps")
CFG_MAX = _widest("cfg")[1]


# ---------------------------------------------------------------- the validator
def model_named(
    fields: Mapping[str, Any], inherited: str | None = None, defaults: Mapping[str, Any] = {}
) -> ModelSpec | None:
    """The model these fields use (``None``: unknown, which the service refuses by name).
    Without a name: the first model, in ``offerings.model_for``'s order (the default, then
    the list), that every value these fields give fits, and ``defaults``' too (a batch's
    top-level fields); when none does, the default, whose bounds the refusal names. The
    service then picks by the resolved values alone, which that model fits: never a 422."""
    name = fields.get("model", inherited)
    if name is not None:
        return MODELS.get(name)
    default = MODELS[DEFAULT_MODEL]
    for model in (default, *MODELS.values()):
        if _fit(fields, model) and _fit(defaults, model):
            return model
    return default


def _fit(fields: Mapping[str, Any], model: ModelSpec) -> bool:
    try:
        _check_fits(fields, model, "")
    except ValidationFailed:
        return False
    return True


def check_single(fields: Mapping[str, Any]) -> None:
    model = model_named(fields)
    if model is not None:
        _check_fits(fields, model, "body.")
    check_upscale(fields, "body.")


def check_upscale(fields: Mapping[str, Any], where: str) -> None:
    """Fields that ask for ``upscale`` give no edge above ``UPSCALED_EDGE_MAX`` (flat or in
    ``settings``: as for model bounds, an overridden value must fit too)."""
    upscale = fields.get("upscale")
    # `True == 1` in Python: the boolean and the number are told apart by type.
    if not (upscale is True or (type(upscale) is int and upscale == 4)):
        return
    for location, name, value in _given(fields):
        if name in ("width", "height") and value > UPSCALED_EDGE_MAX:
            raise ValidationFailed(
                f"{where}{location}: with upscale (4x) at most {UPSCALED_EDGE_MAX} px"
                f" (the upscaled image may be {MAX_OUTPUT_EDGE} px at most)"
            )


def upscale_rule() -> dict[str, Any]:
    """JSON Schema of ``check_upscale``: no upscale, or every given edge within bounds."""
    edge = {"maximum": UPSCALED_EDGE_MAX}
    return {
        "anyOf": [
            {"properties": {"upscale": {"enum": [False, 1, None]}}},
            {
                "properties": {
                    "width": edge,
                    "height": edge,
                    "settings": {"properties": {"width": edge, "height": edge}},
                }
            },
        ]
    }


def check_batch(top: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> None:
    """``top``: the top-level fields given (no ``items``); ``items``: each item's own fields.
    In a batch a model named nowhere is the default: the top-level values are shared by
    every item, so "the first model they fit" would depend on the other items."""
    inherited = top.get("model")
    for index, item in enumerate(items):
        model = model_named(item, inherited, top)
        if model is not None:
            _check_fits(item, model, f"body.items.{index}.")
            _check_fits(top, model, "body.", f" (the model of items.{index})")
        check_upscale(item, f"body.items.{index}.")
    # (The top-level values of a batch are checked merged into each item, by the service.)


def _given(fields: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    for name in FLAT:
        if fields.get(name) is not None:
            yield name, name, fields[name]
    settings = fields.get("settings")
    if isinstance(settings, Mapping):
        for name in IN_SETTINGS:
            if settings.get(name) is not None:
                yield f"settings.{name}", name, settings[name]


def _check_fits(fields: Mapping[str, Any], model: ModelSpec, where: str, why: str = "") -> None:
    limits = bounds(model)
    for location, name, value in _given(fields):
        low, high = limits[name]
        if not low <= value <= high:
            unit = _UNITS.get(name, "")
            raise ValidationFailed(
                f"{where}{location}: {model.id}{why} takes {low} to {high}{unit}"
            )


# ---------------------------------------------------------------- the document
# Written as choices (`anyOf`) rather than `if`/`then` rules: the same meaning, and a shape
# that generators (and readers) can follow without expanding every combination.
def fits(limits: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """JSON Schema: every bounded value these fields give is within ``limits``. (Numeric
    keywords ignore ``null`` and ``properties`` ignores a non-object, as the validator does.)"""

    def span(name: str) -> dict[str, Any]:
        low, high = limits[name]
        return {"minimum": low, "maximum": high}

    return {
        "properties": {
            **{name: span(name) for name in FLAT},
            "settings": {"properties": {name: span(name) for name in IN_SETTINGS}},
        }
    }


def _common(models: Sequence[ModelSpec]) -> dict[str, tuple[float, float]]:
    """The bounds every one of ``models`` takes (their intersection)."""
    each = [bounds(m) for m in models]
    return {
        name: (max(b[name][0] for b in each), min(b[name][1] for b in each)) for name in each[0]
    }


def _contains(outer: Mapping[str, tuple[float, float]], inner: Mapping[str, Any]) -> bool:
    return all(outer[n][0] <= inner[n][0] and inner[n][1] <= outer[n][1] for n in inner)


def shared_groups() -> list[list[ModelSpec]]:
    """Each set of models that some top-level values can fit all at once, as large as it gets:
    for every combination of models, the models whose bounds hold the combination's common
    bounds. A batch's defaults are valid for its items exactly when the items' models all lie
    in one group and the defaults fit the group's common bounds."""
    models = list(MODELS.values())
    groups: list[list[ModelSpec]] = []
    for mask in range(1, 2 ** len(models)):
        chosen = [m for i, m in enumerate(models) if mask >> i & 1]
        common = _common(chosen)
        group = [m for m in models if _contains(bounds(m), common)]
        if group not in groups:
            groups.append(group)
    return groups


def _names(model_id: str) -> list[str | None]:
    """The ``model`` values that may mean this model: its id, or ``null``/absent, which means
    the first model whose bounds the values fit (``offerings.model_for``)."""
    return [model_id, None]


def _top_uses(model_id: str) -> dict[str, Any]:
    """The top-level fields name this model, or no model (then one that fits is used)."""
    return {"properties": {"model": {"enum": _names(model_id)}}}


def _names_model(model_id: str) -> dict[str, Any]:
    """These fields have a ``model`` key for this model (``null`` being the default)."""
    return {"required": ["model"], "properties": {"model": {"enum": _names(model_id)}}}


def _batch(group: list[ModelSpec], inherited: ModelSpec | None) -> dict[str, Any]:
    """A batch whose items all use models of ``group``; ``inherited``: the top-level model
    (items without a ``model`` key use it), or ``None`` when every item names its own."""
    item_choices = [{"allOf": [_names_model(m.id), fits(bounds(m))]} for m in group]
    rules: list[dict[str, Any]] = [fits(_common(group))]
    if inherited is not None:
        rules.append(_top_uses(inherited.id))
        item_choices.append({"allOf": [{"not": {"required": ["model"]}}, fits(bounds(inherited))]})
    rules.append({"properties": {"items": {"items": {"anyOf": item_choices}}}})
    return {"allOf": rules}


def document_rules(schema: dict[str, Any]) -> None:
    """Adds to the generate body's schema the two forms (``prompt`` xor ``items``) and, in
    each, the per-model bounds of the rule above."""
    batches = []
    for group in shared_groups():
        batches.append(_batch(group, None))
        batches.extend(_batch(group, inherited) for inherited in group)
    single = {"required": ["prompt"], "properties": {"prompt": {"type": "string"}}}
    batch = {"required": ["items"], "properties": {"items": {"type": "array"}}}
    # Exactly one form: a prompt (and no items) or items (and no prompt); null is absent.
    schema["oneOf"] = [
        {
            "title": "One generation",
            **single,
            "properties": {"prompt": {"type": "string"}, "items": {"type": "null"}},
        },
        {
            "title": "A batch",
            **batch,
            "properties": {"items": {"type": "array"}, "prompt": {"type": "null"}},
        },
    ]
    # In each form, what every model takes.
    named = [{"allOf": [_names_model(m), fits(bounds(spec))]} for m, spec in MODELS.items()]
    # No model named (absent or null): the values fit some model (``model_for`` picks it).
    unnamed = {
        "allOf": [
            {"properties": {"model": {"type": "null"}}},
            {"anyOf": [fits(bounds(spec)) for spec in MODELS.values()]},
        ]
    }
    schema["anyOf"] = [
        # (and asking for upscale limits the edges given alongside it)
        {**single, "anyOf": [*named, unnamed], "allOf": [upscale_rule()]},
        {**batch, "anyOf": batches},
    ]
