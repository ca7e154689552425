"""The delivery routes through the real authorizer and handler (moto behind them)."""

from __future__ import annotations

import io
import urllib.request
from typing import Any

import pytest
from photocen.delivery import imaging
from photocen.delivery.cache import ByteLRU
from photocen.platform.errors import ServiceUnavailable
from PIL import Image, ImageChops

pytestmark = pytest.mark.usefixtures("no_scans")  # no request path scans a catalog table

FORMATS = {
    "": ("JPEG", "image/jpeg"),
    ".jpg": ("JPEG", "image/jpeg"),
    ".webp": ("WEBP", "image/webp"),
    ".png": ("PNG", "image/png"),
}


def image_of(response: Any) -> Image.Image:
    return Image.open(io.BytesIO(response.body))


def credits(ledger: Any, who: Any) -> int:
    return int(ledger.balance(who.account_id).balance)


SIZES = [
    ("/400/300", (400, 300)),
    ("/250", (250, 250)),
    ("/id/2/640/200", (640, 200)),
    ("/id/2/90", (90, 90)),
    ("/seed/hero/1200/630", (1200, 630)),
    ("/seed/hero/33", (33, 33)),
    ("/id/1/7000/20", (5000, 20)),  # clamped, not rejected
]


def test_every_route_delivers_exactly_the_asked_size(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    add_images(3)
    who = funded(len(SIZES))
    for path, size in SIZES:
        response = api.get(path, token=who.token)
        assert response.status == 200, (path, response.body[:200])
        assert image_of(response).size == size, path


def test_the_suffix_picks_the_format_and_the_content_type(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    add_images(1)
    who = funded(len(FORMATS))
    for suffix, (pil_format, content_type) in FORMATS.items():
        response = api.get(f"/id/1/300/200{suffix}", token=who.token)
        assert response.headers["Content-Type"] == content_type
        assert image_of(response).format == pil_format
        assert response.headers["Content-Length"] == str(len(response.body))
        extension = suffix.lstrip(".") or "jpg"
        disposition = f'inline; filename="photocen-1-300x200.{extension}"'
        assert response.headers["Content-Disposition"] == disposition


def test_grayscale_and_blur_apply_and_random_is_ignored(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    add_images(1)
    who = funded(5)
    plain = image_of(api.get("/id/1/300/200.png", token=who.token)).convert("RGB")
    grey_response = api.get("/id/1/300/200.png?grayscale&random=7", token=who.token)
    grey = image_of(grey_response).convert("RGB")
    r, g, b = grey.split()
    assert ImageChops.difference(r, g).getbbox() is None
    assert ImageChops.difference(g, b).getbbox() is None
    blurred = image_of(api.get("/id/1/300/200.png?blur", token=who.token)).convert("RGB")
    assert ImageChops.difference(plain, blurred).getbbox() is not None
    # `random` only busts caches: the same picture, the same rendition (ETag) as without it
    grey_again = api.get("/id/1/300/200.png?grayscale", token=who.token)
    assert grey_again.body == grey_response.body
    assert grey_again.headers["ETag"] == grey_response.headers["ETag"]


def test_twenty_deliveries_take_exactly_twenty_credits_and_info_and_list_take_none(
    api: Any, delivery: Any, add_images: Any, funded: Any, ledger: Any
) -> None:
    # Given an account with 25 credits and a catalog of 3 images
    add_images(3)
    who = funded(25)
    paths = ["/200/100", "/id/1/64", "/seed/a/50/40.webp", "/id/2/30/30?grayscale", "/id/1/64"]
    # When it takes 20 deliveries (misses and cache hits alike) and reads info and the list
    for i in range(20):
        assert api.get(paths[i % len(paths)], token=who.token).status == 200
    for _ in range(5):
        assert api.get("/id/1/info", token=who.token).status == 200
        assert api.get("/seed/a/info", token=who.token).status == 200
        assert api.get("/v2/list", token=who.token).status == 200
    # Then exactly 20 credits are gone, all as metered deliveries
    balance = ledger.balance(who.account_id)
    assert balance.balance == 5
    assert balance.metered_total == 20


def test_at_zero_credits_the_answer_is_402_and_no_image(
    api: Any, delivery: Any, add_images: Any, funded: Any, ledger: Any, aws: Any
) -> None:
    add_images(1)
    who = funded(1)
    assert api.get("/id/1/100/100", token=who.token).status == 200
    for path in ("/id/1/100/100", "/id/1/120/80.webp", "/300", "/seed/zero/20"):
        response = api.get(path, token=who.token)
        assert response.status == 402
        assert response.json()["error"]["code"] == "insufficient_credits"
    assert credits(ledger, who) == 0
    # A miss at zero credits renders nothing: no rendition was stored for it.
    keys = aws.client("s3").list_objects_v2(Bucket=aws.buckets["renditions"]).get("Contents", [])
    assert [k["Key"] for k in keys] == ["v1/1/100x100/plain.jpg"]
    # Free routes still answer.
    assert api.get("/id/1/info", token=who.token).status == 200


BAD_INPUT = [
    ("/abc/300", 422, "width"),
    ("/0/300", 422, "width"),
    ("/300/0", 422, "height"),
    ("/300/300.gif", 422, ".gif"),
    ("/300?blur=11", 422, "blur"),
    ("/300?blur=0", 422, "blur"),
    ("/300?grayscale=maybe", 422, "grayscale"),
    ("/id/abc/300", 422, "id"),
    ("/id/999/300", 404, "999"),
    ("/id/999/info", 404, "999"),
    ("/v2/list?limit=1000", 422, "limit"),
    ("/v2/list?page=0", 422, "page"),
    ("/v2/list?page=-2", 422, "page"),
    ("/300?blur=1&blur=2", 422, "query.blur: given more than once"),
    ("/id/1/300?grayscale&grayscale", 422, "query.grayscale: given more than once"),
    ("/v2/list?limit=5&limit=6", 422, "query.limit: given more than once"),
]


def test_bad_input_gets_a_4xx_naming_the_problem_and_costs_nothing(
    api: Any, delivery: Any, add_images: Any, funded: Any, ledger: Any
) -> None:
    add_images(1)
    who = funded(3)
    for path, status, named in BAD_INPUT:
        response = api.get(path, token=who.token)
        assert response.status == status, path
        error = response.json()["error"]
        assert named in error["message"], path
        assert error["request_id"] == response.headers["X-Request-Id"]
    assert credits(ledger, who) == 3


# Percent-encoded, as API Gateway hands path parameters over. (Raw ones never reach a route:
# Powertools' route patterns do not match control characters; see tests/unit/delivery.)
CONTROL_SEEDS = ["%00", "a%1Fb", "%7F", "%C2%85", "tab%09", "esc%1B%5B0m"]


def test_a_seed_with_control_characters_is_422_costs_nothing_and_is_never_recorded(
    api: Any, delivery: Any, add_images: Any, funded: Any, ledger: Any
) -> None:
    from photocen.catalog.store import CatalogSeedRecord

    add_images(1)
    who = funded(4)
    for seed in CONTROL_SEEDS:
        for path in (f"/seed/{seed}/100", f"/seed/{seed}/20/10.png", f"/seed/{seed}/info"):
            response = api.get(path, token=who.token)
            assert response.status == 422, path
            assert response.json()["error"]["message"].startswith("seed: "), path
        with pytest.raises(CatalogSeedRecord.DoesNotExist):
            CatalogSeedRecord.get(seed)
    assert credits(ledger, who) == 4
    # Ordinary seeds, percent signs and encoded text included, still resolve (and are kept
    # exactly as they came).
    for seed in ("hero", "100%", "caf%C3%A9", "a%20b"):
        assert api.get(f"/seed/{seed}/20", token=who.token).status == 200, seed
        assert CatalogSeedRecord.get(seed).image_id == 1
    assert credits(ledger, who) == 0


def test_delivery_needs_a_token(api: Any, delivery: Any, add_images: Any) -> None:
    add_images(1)
    assert api.get("/id/1/100").status == 401
    assert api.get("/v2/list").status == 401


def test_a_failed_render_costs_nothing(
    api: Any,
    delivery: Any,
    add_images: Any,
    funded: Any,
    ledger: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from photocen.delivery import service

    add_images(1)
    who = funded(3)

    def broken(*_: object) -> bytes:
        raise OSError("truncated source")

    monkeypatch.setattr(service.imaging, "render", broken)
    response = api.get("/id/1/100/100", token=who.token)
    assert response.status == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert credits(ledger, who) == 3


def test_a_repeat_request_never_renders_twice(
    api: Any, delivery: Any, add_images: Any, funded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from photocen.delivery import imaging, service
    from photocen.delivery.wiring import delivery_service

    add_images(1)
    who = funded(6)
    renders: list[Any] = []

    real_render = imaging.render

    def counting(source: bytes, spec: Any) -> bytes:
        renders.append(spec)
        return real_render(source, spec)

    monkeypatch.setattr(service.imaging, "render", counting)
    first = api.get("/id/1/320/240.webp?blur=2", token=who.token)
    again = api.get("/id/1/320/240.webp?blur=2", token=who.token)  # in-process LRU
    delivery_service.cache_clear()  # a new container: only the renditions bucket remembers
    cold = api.get("/id/1/320/240.webp?blur=2", token=who.token)
    assert len(renders) == 1
    assert first.body == again.body == cold.body
    assert first.headers["ETag"] == cold.headers["ETag"]


def test_headers_of_pinned_and_random_deliveries(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    add_images(3)
    who = funded(10)
    pinned = api.get("/id/2/300/200", token=who.token)
    assert pinned.headers["X-Image-Id"] == "2"
    assert pinned.headers["Cache-Control"].startswith("private")
    assert pinned.headers["ETag"].startswith('W/"')
    assert "Link" not in pinned.headers

    random = api.get("/300/200.webp?grayscale&blur=2&random=1", token=who.token)
    assert random.headers["Cache-Control"] == "no-store"
    image_id = random.headers["X-Image-Id"]
    canonical = f"http://127.0.0.1:3000/id/{image_id}/300/200.webp?grayscale&blur=2"
    assert random.headers["Link"] == f'<{canonical}>; rel="canonical"'
    # The canonical link resolves to the same picture.
    again = api.get(canonical.removeprefix("http://127.0.0.1:3000"), token=who.token)
    assert again.body == random.body


def test_if_none_match_is_answered_304_for_free(
    api: Any, delivery: Any, add_images: Any, funded: Any, ledger: Any
) -> None:
    add_images(1)
    who = funded(2)
    first = api.get("/id/1/200/200", token=who.token)
    etag = first.headers["ETag"]
    for _ in range(3):
        revalidated = api.get("/id/1/200/200", token=who.token, headers={"If-None-Match": etag})
        assert revalidated.status == 304
        assert revalidated.body == b""
        assert revalidated.headers["ETag"] == etag
    other = api.get("/id/1/200/200.webp", token=who.token, headers={"If-None-Match": etag})
    assert other.status == 200  # another variant, another ETag
    assert credits(ledger, who) == 0


def test_seeds_resolve_to_the_same_image_forever_even_after_the_catalog_grows(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    from photocen.delivery.wiring import delivery_service

    add_images(2)
    who = funded(10)
    seeds = [f"seed-{i}" for i in range(8)]
    before = {s: api.get(f"/seed/{s}/info", token=who.token).json()["id"] for s in seeds}
    picture = api.get("/seed/seed-0/64", token=who.token).body
    # When the catalog grows tenfold and a new container starts
    add_images(18)
    delivery_service.cache_clear()
    after = {s: api.get(f"/seed/{s}/info", token=who.token).json()["id"] for s in seeds}
    assert after == before
    assert api.get("/seed/seed-0/64", token=who.token).body == picture
    # New seeds may land on new images (the hash spreads over the whole catalog).
    fresh = {api.get(f"/seed/new-{i}/info", token=who.token).json()["id"] for i in range(30)}
    assert any(int(i) > 2 for i in fresh)


def test_info_describes_the_image_like_picsum(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    add_images(1, width=500, height=300, author="Ana Lima")
    who = funded(1)
    info = api.get("/id/1/info", token=who.token).json()
    assert info == {
        "id": "1",
        "author": "Ana Lima",
        "width": 500,
        "height": 300,
        "url": "http://127.0.0.1:3000/id/1/info",
        "download_url": "http://127.0.0.1:3000/id/1/500/300",
    }


def test_list_pages_with_links_and_total(
    api: Any, delivery: Any, add_images: Any, funded: Any
) -> None:
    add_images(35, width=120, height=80)  # below the ladder: imports stay quick
    who = funded(1)
    first = api.get("/v2/list", token=who.token)
    assert first.headers["X-Total-Count"] == "35"
    assert [item["id"] for item in first.json()] == [str(i) for i in range(1, 31)]  # default 30
    base = "http://127.0.0.1:3000/v2/list"
    assert first.headers["Link"] == (
        f'<{base}?page=1&limit=30>; rel="first", <{base}?page=2&limit=30>; rel="next", '
        f'<{base}?page=2&limit=30>; rel="last"'
    )
    page = api.get("/v2/list?page=3&limit=10", token=who.token)
    assert [item["id"] for item in page.json()] == [str(i) for i in range(21, 31)]
    assert page.headers["Link"] == (
        f'<{base}?page=1&limit=10>; rel="first", <{base}?page=2&limit=10>; rel="prev", '
        f'<{base}?page=4&limit=10>; rel="next", <{base}?page=4&limit=10>; rel="last"'
    )
    beyond = api.get("/v2/list?page=9&limit=10", token=who.token)
    assert beyond.status == 200
    assert beyond.json() == []
    assert api.get("/v2/list?limit=100", token=who.token).json()[-1]["id"] == "35"


def test_huge_outputs_are_stored_and_redirected_and_charged_once(
    api: Any,
    delivery: Any,
    add_images: Any,
    funded: Any,
    ledger: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_images(1)
    who = funded(3)
    monkeypatch.setattr(delivery, "max_inline_bytes", 2_000)  # a small image is "too large"
    response = api.get("/id/1/400/300.png", token=who.token)
    assert response.status == 302
    assert response.headers["Cache-Control"] == "no-store"
    assert credits(ledger, who) == 2
    with urllib.request.urlopen(response.headers["Location"]) as fetched:
        picture = Image.open(io.BytesIO(fetched.read()))
    assert picture.size == (400, 300)
    assert picture.format == "PNG"
    # A repeat in a new container (empty in-process cache) is answered from the stored
    # copy without rendering, redirected again, and is a new delivery.
    monkeypatch.setattr(delivery, "renditions", ByteLRU(1 << 20))
    monkeypatch.setattr(
        imaging, "render", lambda *_: pytest.fail("rendered again despite the stored copy")
    )
    assert api.get("/id/1/400/300.png", token=who.token).status == 302
    assert credits(ledger, who) == 1


def test_a_5000_square_png_is_too_large_for_lambda_and_is_redirected(
    api: Any, delivery: Any, catalog: Any, funded: Any, ledger: Any
) -> None:
    # Given a photo-like (detailed) picture: a 5000x5000 PNG of it is tens of megabytes
    noise = Image.merge("RGB", [Image.effect_noise((1000, 1000), 80) for _ in range(3)])
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=85)
    catalog.add(buffer.getvalue(), author="Grain")
    who = funded(1)
    # When it is asked for at the largest size, as PNG
    response = api.get("/id/1/5000.png", token=who.token)
    # Then it is stored and redirected (a Lambda response holds ~4.5 MB), charged once
    assert response.status == 302
    assert credits(ledger, who) == 0
    with urllib.request.urlopen(response.headers["Location"]) as fetched:
        data = fetched.read()
    assert len(data) > 4_500_000
    assert Image.open(io.BytesIO(data)).size == (5000, 5000)


def test_download_url_of_an_original_past_the_edge_clamp_is_scaled_not_cropped() -> None:
    # Given a 9000x6000 original (delivery clamps edges to 5000)
    from datetime import UTC, datetime

    from photocen.catalog.model import CatalogImage

    from functions.delivery.schemas import ImageInfo

    image = CatalogImage(1, "Ana", 9000, 6000, "operator", "global", datetime.now(UTC), "k", ())
    # Then its download URL is the whole picture, scaled to fit: same 3:2 aspect, not a square
    assert ImageInfo.of(image, "http://x").download_url == "http://x/id/1/5000/3333"


def test_a_redirect_that_cannot_be_signed_costs_nothing(
    api: Any,
    delivery: Any,
    add_images: Any,
    funded: Any,
    ledger: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a large output that must be redirected, and a signer that fails
    add_images(1)
    who = funded(3)
    monkeypatch.setattr(delivery, "max_inline_bytes", 2_000)

    def cannot_sign(*_: Any) -> str:
        raise ServiceUnavailable("could not sign the image URL")

    monkeypatch.setattr(delivery.objects, "presign_get", cannot_sign)
    # When the image is asked for
    response = api.get("/id/1/400/300.png", token=who.token)
    # Then the caller gets a 503 envelope and keeps every credit
    assert response.status == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert credits(ledger, who) == 3


def test_small_sizes_of_an_1800x1200_image_are_delivered_not_500(
    api: Any, delivery: Any, add_images: Any, funded: Any, ledger: Any
) -> None:
    # Given an image of the demo catalog's size (its 225x150 copy serves these sizes)
    add_images(1, 1800, 1200)
    who = funded(3)
    for path, size in [("/id/1/48", (48, 48)), ("/id/1/64", (64, 64)), ("/id/1/80/60", (80, 60))]:
        # When a small size is asked for, then it is delivered at exactly that size (issue 7)
        response = api.get(path, token=who.token)
        assert response.status == 200, (path, response.body[:200])
        assert image_of(response).size == size, path
    assert credits(ledger, who) == 0
