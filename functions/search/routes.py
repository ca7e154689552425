"""Routes of the search function: ``POST /v1/images/search`` (free; see docs/api.md)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.generation.wiring import search_service
from photocen.platform.http import caller

from functions.search.schemas import SearchIn, SearchOut

router = APIGatewayRouter()


@router.post(
    "/v1/images/search",
    summary="Search searchable, migrated images by text or by image (more like this)",
)
def search(body: Annotated[SearchIn, Body()]) -> SearchOut:
    page = search_service().search(
        caller(router).account_id,
        body.to_domain(),
        viewer_country=router.current_event.headers.get("CloudFront-Viewer-Country"),
    )
    return SearchOut.of(page)
