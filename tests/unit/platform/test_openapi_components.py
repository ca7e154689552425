"""Merging the functions' OpenAPI documents never lets one function's model silently stand
for another's: two different components under one name fail the build."""

from __future__ import annotations

import pytest
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.platform import openapi
from pydantic import BaseModel


def _router(path: str, model: type[BaseModel]) -> APIGatewayRouter:
    router = APIGatewayRouter()

    def answer() -> model:  # type: ignore[valid-type]
        raise NotImplementedError

    answer.__annotations__["return"] = model
    router.get(path)(answer)
    return router


def _named(class_name: str, /, **fields: type) -> type[BaseModel]:
    return type(class_name, (BaseModel,), {"__annotations__": fields})


def test_two_functions_with_different_models_of_one_name_fail_the_merge() -> None:
    keys_of_accounts = _named("KeyOut", key_id=str, name=str)
    keys_of_partners = _named("KeyOut", key_id=str)
    with pytest.raises(ValueError, match="'KeyOut'"):
        openapi.document([_router("/a", keys_of_accounts), _router("/b", keys_of_partners)])


def test_the_same_model_in_two_functions_merges_once() -> None:
    shared = _named("Shared", value=int)
    document = openapi.document([_router("/a", shared), _router("/b", shared)])
    assert document["components"]["schemas"]["Shared"]["required"] == ["value"]
