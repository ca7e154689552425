"""``/openapi.json``: the meta function gathers every API function's router and has the
platform merge them (functions may import each other; the layer may not import functions)."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.platform import openapi
from photocen.platform.routes import functions


def routers() -> list[APIGatewayRouter]:
    """The router of every function behind the API, in the route table's order."""
    return [importlib.import_module(f"functions.{name}.routes").router for name in functions()]


@cache
def document(server_url: str | None = None) -> dict[str, Any]:
    return openapi.document(routers(), server_url)
