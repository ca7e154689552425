"""Routes of the delivery function: Picsum-style images of the catalog, metered by credits.

Metered (1 credit per delivered image): ``/{w}/{h}``, ``/{w}``, ``/id/{id}/{w}/{h}``,
``/id/{id}/{w}``, ``/seed/{seed}/{w}/{h}``, ``/seed/{seed}/{w}``. Free: ``/id/{id}/info``,
``/seed/{seed}/info``, ``/v2/list``. The domain work is in ``photocen.delivery``; this module
only maps HTTP onto it (and must import without any environment: ``/openapi.json`` reads it).
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.catalog.model import CatalogImage
from photocen.delivery import params
from photocen.delivery.imaging import BLUR_DEFAULT, BLUR_MAX, BLUR_MIN, MAX_EDGE
from photocen.delivery.model import DeliveredImage, DeliveryTarget
from photocen.delivery.wiring import delivery_service
from photocen.platform.http import base_url, caller
from photocen.platform.text import SINGLE_LINE_NOT_BLANK

from functions.delivery.schemas import IMAGE_RESPONSES, ImageInfo

router = APIGatewayRouter()

IMMUTABLE = "private, max-age=31536000, immutable"  # metered: never in shared caches
RANDOM = "no-store"  # each request is a new pick

# The patterns are the parsers' own (photocen.delivery.params): the document cannot drift
# from what the parsers accept (tests/unit/test_openapi_patterns.py). The parsers check the
# values (their messages name the part), so the patterns are stated, not enforced twice.
ImageId = Annotated[
    str,
    Path(
        description=f"A catalog id, 1..{params.MAX_IMAGE_ID}.",
        json_schema_extra={
            "pattern": params.IMAGE_ID.json,
            "maxLength": params.IMAGE_ID_MAX_LENGTH,
        },
    ),
]
Seed = Annotated[
    str,
    Path(
        description="Any text: the same seed is the same image forever.",
        json_schema_extra={
            "minLength": 1,
            "maxLength": params.MAX_SEED_LENGTH,
            "pattern": SINGLE_LINE_NOT_BLANK.json,
        },
    ),
]
Width = Annotated[
    str,
    Path(
        description=f"Pixels, at least 1; above {MAX_EDGE} is clamped to {MAX_EDGE}.",
        json_schema_extra={"pattern": params.DIMENSION.json},
    ),
]
LastEdge = Annotated[
    str,
    Path(
        description=(
            f"Pixels, at least 1 (above {MAX_EDGE} is clamped), with an optional format "
            "suffix `.jpg`, `.jpeg`, `.webp` or `.png` (JPEG without one). Alone (`/{w}`) it "
            "is the edge of a square."
        ),
        json_schema_extra={"pattern": params.LAST_DIMENSION.json},
    ),
]
Grayscale = Annotated[
    str | None,
    Query(
        description="Black and white: `?grayscale` alone (or 1/true/yes/on; 0/false/no/off).",
        json_schema_extra={"pattern": params.GRAYSCALE.json},
    ),
]
Blur = Annotated[
    str | None,
    Query(
        description=(
            f"Gaussian blur radius {BLUR_MIN}..{BLUR_MAX}; `?blur` alone means {BLUR_DEFAULT}."
        ),
        examples=["3"],
        json_schema_extra={"pattern": params.BLUR.json},
    ),
]
CacheBuster = Annotated[
    str | None, Query(description="Ignored: lets a page ask for several random images.")
]


# ---------------------------------------------------------------- free routes
# Registered before the image routes: Powertools tries dynamic routes in order, and
# `/id/<id>/info` must win over `/id/<id>/<w>` as the literal resource does in API Gateway.
@router.get("/v2/list", summary="The catalog, a page at a time (free)")
def list_images(
    # Read by params.parse_paging; documented as the integers it accepts.
    page: Annotated[
        str | None,
        Query(
            description="1-based page number (default 1).",
            json_schema_extra={"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE},
        ),
    ] = None,
    limit: Annotated[
        str | None,
        Query(
            description=f"Images per page (default {params.LIST_DEFAULT_LIMIT}).",
            json_schema_extra={
                "type": "integer",
                "minimum": 1,
                "maximum": params.LIST_MAX_LIMIT,
            },
        ),
    ] = None,
) -> Response[list[ImageInfo]]:
    service = delivery_service()
    caller(router)
    number, size = params.parse_paging(router.current_event.query_string_parameters)
    result = service.page(number, size)
    base = base_url(router.current_event)

    def link(n: int, rel: str) -> str:
        return f'<{base}/v2/list?page={n}&limit={size}>; rel="{rel}"'

    links = [link(1, "first")]
    if number > 1:
        links.append(link(min(number - 1, result.last_page), "prev"))
    if number < result.last_page:
        links.append(link(number + 1, "next"))
    links.append(link(result.last_page, "last"))
    return Response(
        status_code=200,
        content_type="application/json",
        body=[ImageInfo.of(image, base) for image in result.images],
        headers={
            "Link": ", ".join(links),
            "X-Total-Count": str(result.total),
            "Cache-Control": "private, max-age=60",
        },
    )


@router.get("/id/<image_id>/info", summary="Metadata of a catalog image (free)")
def image_info(image_id: ImageId) -> Response[ImageInfo]:
    service = delivery_service()
    caller(router)
    image = service.resolve(DeliveryTarget.by_id(params.parse_image_id(image_id)))
    return _info_response(image)


@router.get("/seed/<seed>/info", summary="Metadata of the image a seed resolves to (free)")
def seed_info(seed: Seed) -> Response[ImageInfo]:
    service = delivery_service()
    caller(router)
    image = service.resolve(DeliveryTarget.by_seed(params.parse_seed(seed)))
    return _info_response(image)


# ---------------------------------------------------------------- metered routes
# No return annotation on purpose: with one, Powertools' validation would serialise the
# binary body as JSON; without one, a non-JSON Response passes through untouched.
@router.get(
    "/id/<image_id>/<w>/<h>", summary="A catalog image, cover-cropped", responses=IMAGE_RESPONSES
)
def image_by_id(
    image_id: ImageId,
    w: Width,
    h: LastEdge,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    target = DeliveryTarget.by_id(params.parse_image_id(image_id))
    return _deliver(target, params.parse_size(w, h), grayscale, blur)


@router.get("/id/<image_id>/<w>", summary="A catalog image, square", responses=IMAGE_RESPONSES)
def square_by_id(
    image_id: ImageId,
    w: LastEdge,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    target = DeliveryTarget.by_id(params.parse_image_id(image_id))
    return _deliver(target, params.parse_size(w), grayscale, blur)


@router.get(
    "/seed/<seed>/<w>/<h>",
    summary="The image a seed stands for, forever",
    responses=IMAGE_RESPONSES,
)
def image_by_seed(
    seed: Seed,
    w: Width,
    h: LastEdge,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    return _deliver(
        DeliveryTarget.by_seed(params.parse_seed(seed)), params.parse_size(w, h), grayscale, blur
    )


@router.get(
    "/seed/<seed>/<w>", summary="The image a seed stands for, square", responses=IMAGE_RESPONSES
)
def square_by_seed(
    seed: Seed,
    w: LastEdge,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    return _deliver(
        DeliveryTarget.by_seed(params.parse_seed(seed)), params.parse_size(w), grayscale, blur
    )


@router.get("/<w>/<h>", summary="A random catalog image", responses=IMAGE_RESPONSES)
def random_image(
    w: Width,
    h: LastEdge,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    return _deliver(DeliveryTarget.any(), params.parse_size(w, h), grayscale, blur)


@router.get("/<w>", summary="A random catalog image, square", responses=IMAGE_RESPONSES)
def random_square(
    w: LastEdge, grayscale: Grayscale = None, blur: Blur = None, random: CacheBuster = None
):
    return _deliver(DeliveryTarget.any(), params.parse_size(w), grayscale, blur)


# ---------------------------------------------------------------- helpers
def _deliver(
    target: DeliveryTarget, size: params.SizeRequest, grayscale: str | None, blur: str | None
) -> Response:
    """Every image route: ``random`` is declared (for the docs) and deliberately unused."""
    service = delivery_service()
    principal = caller(router)
    event = router.current_event
    given = {k: v for k, v in (("grayscale", grayscale), ("blur", blur)) if v is not None}
    spec = params.rendition_spec(size, given)
    delivery = service.deliver(
        principal.account_id,
        target,
        spec,
        if_none_match=event.headers.get("If-None-Match"),
    )
    return _image_response(delivery, target, size.suffix)


def _image_response(delivery: DeliveredImage, target: DeliveryTarget, suffix: str) -> Response:
    image, spec = delivery.image, delivery.spec
    headers = {
        "X-Image-Id": str(image.image_id),
        "ETag": delivery.etag,
        "Cache-Control": RANDOM if target.kind == "random" else IMMUTABLE,
    }
    if target.kind == "random":
        base = base_url(router.current_event)
        headers["Link"] = (
            f'<{base}{params.image_path(image.image_id, spec, suffix)}>; rel="canonical"'
        )
    if delivery.not_modified:
        return Response(status_code=304, headers=headers, body=None)
    if delivery.redirect_url is not None:
        headers["Location"] = delivery.redirect_url
        headers["Cache-Control"] = "no-store"  # the signed URL expires
        return Response(status_code=302, headers=headers, body=None)
    assert delivery.body is not None
    headers["Content-Length"] = str(len(delivery.body))
    headers["Content-Disposition"] = params.content_disposition(image.image_id, spec)
    return Response(
        status_code=200, content_type=spec.content_type, body=delivery.body, headers=headers
    )


def _info_response(image: CatalogImage) -> Response[ImageInfo]:
    base = base_url(router.current_event)
    return Response(
        status_code=200,
        content_type="application/json",
        body=ImageInfo.of(image, base),
        headers={"X-Image-Id": str(image.image_id), "Cache-Control": "private, max-age=3600"},
    )
