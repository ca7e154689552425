"""The SDK's hand-written models against the app's /openapi.json: each model mirrors one
component (``__openapi__``) and must have exactly its fields, its required fields, its closed
enums and its nested components. A server change that the SDK does not follow fails here."""

from __future__ import annotations

import types
import typing
from typing import Any

import pytest
from photocen_sdk import models
from pydantic import BaseModel

REF = "#/components/schemas/"


def _enums(schema: Any) -> set[Any]:
    """Every enum value a property's schema allows (through anyOf/oneOf), null aside."""
    found: set[Any] = set()
    if isinstance(schema, dict):
        found.update(v for v in schema.get("enum", []) if v is not None)
        if schema.get("const") is not None:
            found.add(schema["const"])
        for key in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(key, []):
                found |= _enums(option)
    return found


def _refs(schema: Any) -> set[str]:
    """The components a property's schema points at, anywhere inside it."""
    found: set[str] = set()
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            found.add(ref[len(REF) :])
        for value in schema.values():
            found |= _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _refs(value)
    return found


def _annotation_models(annotation: Any) -> set[str]:
    """The components the SDK field's type names (its model classes' ``__openapi__``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation.__openapi__}  # type: ignore[attr-defined]
    found: set[str] = set()
    for argument in typing.get_args(annotation):
        found |= _annotation_models(argument)
    return found


def _literals(annotation: Any) -> set[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    found: set[Any] = set()
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found |= _literals(argument)
    return found


@pytest.mark.parametrize("model", models.ALL_MODELS, ids=lambda model: model.__name__)
def test_model_matches_its_openapi_component(model: Any, openapi_document: dict) -> None:
    component = openapi_document["components"]["schemas"].get(model.__openapi__)
    assert component is not None, f"{model.__openapi__} is no longer in /openapi.json"
    properties = component["properties"]
    fields = model.model_fields

    assert set(fields) == set(properties), "fields differ from the component's properties"
    required = {name for name, field in fields.items() if field.is_required()}
    assert required == set(component.get("required", [])), "required fields differ"
    for name, field in fields.items():
        server_enum = _enums(properties[name])
        sdk_literals = _literals(field.annotation)
        if sdk_literals or name not in model.__open_enums__:
            assert sdk_literals == server_enum, f"{name}: enum differs"
        assert _annotation_models(field.annotation) == _refs(properties[name]), (
            f"{name}: nested models differ"
        )


def test_every_component_the_sdk_reads_or_sends_is_mirrored(openapi_document: dict) -> None:
    # Given the components that the operations' bodies and answers use (errors aside)
    used: set[str] = set()
    for operations in openapi_document["paths"].values():
        for operation in operations.values():
            used |= _refs(operation.get("requestBody", {}))
            for status, answer in operation.get("responses", {}).items():
                if status.startswith("2"):
                    used |= _refs(answer)
    schemas = openapi_document["components"]["schemas"]
    closure = set()
    while used - closure:
        name = (used - closure).pop()
        closure.add(name)
        used |= _refs(schemas[name])
    # Then each has an SDK model
    mirrored = {model.__openapi__ for model in models.ALL_MODELS}
    assert closure - mirrored == set()


def test_the_drift_check_notices_a_renamed_field(openapi_document: dict) -> None:
    # Given a model that lost one field of its component
    class Broken(models.Answer):
        __openapi__ = "Usage"
        images_served: int

    # Then the check fails on it
    with pytest.raises(AssertionError):
        test_model_matches_its_openapi_component(Broken, openapi_document)
