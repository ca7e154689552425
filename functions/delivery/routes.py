"""Routes of the delivery function: Picsum-style images of the catalog, metered by credits.

Metered (1 credit per delivered image): ``/{w}/{h}``, ``/{w}``, ``/id/{id}/{w}/{h}``,
``/id/{id}/{w}``, ``/seed/{seed}/{w}/{h}``, ``/seed/{seed}/{w}``. Free: ``/id/{id}/info``,
``/seed/{seed}/info``, ``/v2/list``. The domain work is in ``photocen.delivery``; this module
only maps HTTP onto it (and must import without any environment: ``/openapi.json`` reads it).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from photocen.catalog.service import Catalog, CatalogImage
from photocen.credits.wiring import ledger_from
from photocen.delivery import params
from photocen.delivery.imaging import MAX_EDGE, RenditionSpec
from photocen.delivery.service import Delivery, DeliveryService, Target
from photocen.delivery.settings import DeliverySettings
from photocen.platform.http import caller
from photocen.platform.objects import S3ObjectStore
from photocen.platform.settings import load
from photocen.resources import bind_settings
from pydantic import BaseModel, Field

router = APIGatewayRouter()

IMMUTABLE = "private, max-age=31536000, immutable"  # metered: never in shared caches
RANDOM = "no-store"  # each request is a new pick

Grayscale = Annotated[
    str | None, Query(description="Black and white: `?grayscale` alone (free of charge extra).")
]
Blur = Annotated[
    str | None,
    Query(description="Gaussian blur radius 1..10; `?blur` alone means 5.", examples=["3"]),
]
CacheBuster = Annotated[
    str | None, Query(description="Ignored: lets a page ask for several random images.")
]

_IMAGE_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {
        "description": "The image (exactly the asked size; JPEG unless a suffix says otherwise).",
        "content": {"image/jpeg": {}, "image/webp": {}, "image/png": {}},
    },
    302: {"description": "A large output (over ~4.5 MB): fetch it from `Location` (short-lived)."},
    304: {"description": "`If-None-Match` matched: keep your copy. Free."},
    402: {"description": "Not enough credits; nothing was charged."},
    404: {"description": "No such image."},
    422: {"description": "Bad size, modifier or suffix; nothing was charged."},
}


class ImageInfo(BaseModel):
    id: str = Field(description="The catalog id (numeric, as a string like Picsum's).")
    author: str
    width: int = Field(description="Width of the original, in pixels.")
    height: int = Field(description="Height of the original, in pixels.")
    url: str = Field(description="This image's info page.")
    download_url: str = Field(description="The image at its original size (metered).")


@cache
def services() -> DeliveryService:
    settings = load(DeliverySettings)
    bind_settings(settings)
    store = S3ObjectStore(settings.aws_region, settings.aws_endpoint_url)
    catalog = Catalog(
        store, settings.catalog_bucket, metadata_ttl=settings.delivery_metadata_ttl_seconds
    )
    return DeliveryService(
        catalog,
        store,
        ledger_from(settings),
        renditions_bucket=settings.renditions_bucket,
        max_inline_bytes=settings.delivery_max_inline_bytes,
        redirect_ttl_seconds=settings.delivery_redirect_ttl_seconds,
        lru_bytes=settings.delivery_lru_bytes,
    )


# ---------------------------------------------------------------- free routes
# Registered before the image routes: Powertools tries dynamic routes in order, and
# `/id/<id>/info` must win over `/id/<id>/<w>` as the literal resource does in API Gateway.
@router.get("/v2/list", summary="The catalog, a page at a time (free)")
def list_images(
    page: Annotated[str | None, Query(description="1-based page number.")] = None,
    limit: Annotated[str | None, Query(description="Images per page, 1..100 (default 30).")] = None,
) -> Response[list[ImageInfo]]:
    service = services()
    caller(router)
    number, size = params.parse_paging(router.current_event.query_string_parameters)
    result = service.catalog.page(number, size)
    base = params.base_url(router.current_event.raw_event)

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
        body=[_info(image, base) for image in result.images],
        headers={
            "Link": ", ".join(links),
            "X-Total-Count": str(result.total),
            "Cache-Control": "private, max-age=60",
        },
    )


@router.get("/id/<image_id>/info", summary="Metadata of a catalog image (free)")
def image_info(image_id: str) -> Response[ImageInfo]:
    service = services()
    caller(router)
    image = service.resolve(Target.by_id(params.parse_image_id(image_id)))
    return _info_response(image)


@router.get("/seed/<seed>/info", summary="Metadata of the image a seed resolves to (free)")
def seed_info(seed: str) -> Response[ImageInfo]:
    service = services()
    caller(router)
    image = service.resolve(Target.by_seed(params.parse_seed(seed)))
    return _info_response(image)


# ---------------------------------------------------------------- metered routes
# No return annotation on purpose: with one, Powertools' validation would serialise the
# binary body as JSON; without one, a non-JSON Response passes through untouched.
@router.get(
    "/id/<image_id>/<w>/<h>", summary="A catalog image, cover-cropped", responses=_IMAGE_RESPONSES
)
def image_by_id(
    image_id: str,
    w: str,
    h: str,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    target = Target.by_id(params.parse_image_id(image_id))
    return _deliver(target, params.parse_size(w, h), grayscale, blur)


@router.get("/id/<image_id>/<w>", summary="A catalog image, square", responses=_IMAGE_RESPONSES)
def square_by_id(
    image_id: str,
    w: str,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    target = Target.by_id(params.parse_image_id(image_id))
    return _deliver(target, params.parse_size(w), grayscale, blur)


@router.get(
    "/seed/<seed>/<w>/<h>",
    summary="The image a seed stands for, forever",
    responses=_IMAGE_RESPONSES,
)
def image_by_seed(
    seed: str,
    w: str,
    h: str,
    grayscale: Grayscale = None,
    blur: Blur = None,
    random: CacheBuster = None,
):
    return _deliver(
        Target.by_seed(params.parse_seed(seed)), params.parse_size(w, h), grayscale, blur
    )


@router.get(
    "/seed/<seed>/<w>", summary="The image a seed stands for, square", responses=_IMAGE_RESPONSES
)
def square_by_seed(
    seed: str, w: str, grayscale: Grayscale = None, blur: Blur = None, random: CacheBuster = None
):
    return _deliver(Target.by_seed(params.parse_seed(seed)), params.parse_size(w), grayscale, blur)


@router.get("/<w>/<h>", summary="A random catalog image", responses=_IMAGE_RESPONSES)
def random_image(
    w: str, h: str, grayscale: Grayscale = None, blur: Blur = None, random: CacheBuster = None
):
    return _deliver(Target.any(), params.parse_size(w, h), grayscale, blur)


@router.get("/<w>", summary="A random catalog image, square", responses=_IMAGE_RESPONSES)
def random_square(
    w: str, grayscale: Grayscale = None, blur: Blur = None, random: CacheBuster = None
):
    return _deliver(Target.any(), params.parse_size(w), grayscale, blur)


# ---------------------------------------------------------------- helpers
def _deliver(
    target: Target, size: params.SizeRequest, grayscale: str | None, blur: str | None
) -> Response:
    """Every image route: ``random`` is declared (for the docs) and deliberately unused."""
    service = services()
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


def _image_response(delivery: Delivery, target: Target, suffix: str) -> Response:
    image, spec = delivery.image, delivery.spec
    headers = {
        "X-Image-Id": str(image.image_id),
        "ETag": delivery.etag,
        "Cache-Control": RANDOM if target.kind == "random" else IMMUTABLE,
    }
    if target.kind == "random":
        base = params.base_url(router.current_event.raw_event)
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


def _info(image: CatalogImage, base: str) -> ImageInfo:
    # The whole picture at its original size, scaled down (not cropped) past the edge clamp.
    scale = min(1.0, MAX_EDGE / max(image.width, image.height))
    full = RenditionSpec(max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return ImageInfo(
        id=str(image.image_id),
        author=image.author,
        width=image.width,
        height=image.height,
        url=f"{base}/id/{image.image_id}/info",
        download_url=base + params.image_path(image.image_id, full, ""),
    )


def _info_response(image: CatalogImage) -> Response[ImageInfo]:
    base = params.base_url(router.current_event.raw_event)
    return Response(
        status_code=200,
        content_type="application/json",
        body=_info(image, base),
        headers={"X-Image-Id": str(image.image_id), "Cache-Control": "private, max-age=3600"},
    )
