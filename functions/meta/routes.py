"""Routes of the meta function (no token needed): health, the OpenAPI document, docs page."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.platform import health
from photocen.platform.health import MetaSettings
from photocen.platform.http import base_url
from photocen.platform.settings import load
from pydantic import BaseModel

from functions.meta import console, openapi

router = APIGatewayRouter()


class CheckOut(BaseModel):
    component: Literal["table", "bucket"]
    name: str
    status: Literal["ok", "failing"]
    detail: str


class HealthOut(BaseModel):
    status: Literal["healthy", "degraded"]
    checks: list[CheckOut]


@cache
def settings() -> MetaSettings:
    return load(MetaSettings)


@router.get("/v1/health", summary="Service health with a check per component")
def get_health() -> Response[HealthOut]:
    result = health.check_health(settings())
    body = HealthOut(
        status=result.status,
        checks=[
            CheckOut(
                component=c.component,  # type: ignore[arg-type]
                name=c.name,
                status="ok" if c.ok else "failing",
                detail=c.detail,
            )
            for c in result.checks
        ],
    )
    return Response(
        status_code=200 if result.status == "healthy" else 503,
        content_type="application/json",
        body=body,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/openapi.json", summary="The OpenAPI 3.1 document of the whole API")
def get_openapi() -> Response[dict[str, Any]]:
    return Response(
        status_code=200,
        content_type="application/json",
        body=openapi.document(base_url(router.current_event)),
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/docs", summary="Human-readable API reference", include_in_schema=False)
def get_docs() -> Response[str]:
    page = resources.files("functions.meta").joinpath("docs.html").read_text()
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=page)


@router.get("/console", summary="The web console", include_in_schema=False)
def get_console() -> Response[str]:
    served = console.page(base_url(router.current_event))
    return Response(
        status_code=200,
        content_type=served.content_type,
        body=served.body,
        headers=console.SECURITY_HEADERS,
    )


@router.get("/console/<asset>", summary="A file of the web console", include_in_schema=False)
def get_console_asset(asset: str) -> Response[str]:
    served = console.asset(asset)
    return Response(
        status_code=200,
        content_type=served.content_type,
        body=served.body,
        headers=console.SECURITY_HEADERS,
    )
