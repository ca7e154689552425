"""Every operation of the app's /openapi.json is covered by an SDK method (on both clients),
or named below as deliberately left out. A new route without SDK support fails here."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
import respx
from photocen_sdk import AsyncPhotoCen, NotFound, PhotoCen
from photocen_sdk._operations import OPERATIONS

from tests.sdk import payloads

# Operations the SDK leaves out on purpose, each with its reason.
EXCLUDED: dict[tuple[str, str], str] = {
    # (none today: /docs is an HTML page and not part of /openapi.json)
}

BASE = "http://api.test"
KEY = "key_0123456789abcdef"
USER = "acct_0123456789abcdef"

# How each operation is called in the test below, and the request it must send.
SAMPLES: dict[tuple[str, str], tuple[tuple[Any, ...], dict[str, Any], str]] = {
    ("GET", "/v1/account"): ((), {}, "/v1/account"),
    ("GET", "/v1/account/ledger"): ((), {"limit": 5}, "/v1/account/ledger?limit=5"),
    ("GET", "/v1/health"): ((), {}, "/v1/health"),
    ("GET", "/openapi.json"): ((), {}, "/openapi.json"),
    ("POST", "/v1/images/generate"): (("a fox",), {}, "/v1/images/generate"),
    ("GET", "/v1/images/jobs/{job_id}"): (("gen_1",), {}, "/v1/images/jobs/gen_1"),
    ("GET", "/v1/generations"): (
        (),
        {"limit": 2, "cursor": "c"},
        "/v1/generations?limit=2&cursor=c",
    ),
    ("GET", "/v1/generations/{generation_id}"): (("gen_1",), {}, "/v1/generations/gen_1"),
    ("DELETE", "/v1/generations/{generation_id}"): (("gen_1",), {}, "/v1/generations/gen_1"),
    ("GET", "/v1/style-memory"): ((), {}, "/v1/style-memory"),
    ("PUT", "/v1/style-memory"): ((), {"preset": "noir"}, "/v1/style-memory"),
    ("DELETE", "/v1/style-memory"): ((), {}, "/v1/style-memory"),
    ("GET", "/v1/models"): ((), {}, "/v1/models"),
    ("GET", "/v1/styles"): ((), {}, "/v1/styles"),
    ("GET", "/v1/styles/{style_id}/thumbnail"): (("noir",), {}, "/v1/styles/noir/thumbnail"),
    ("GET", "/v1/webhooks/secret"): ((), {}, "/v1/webhooks/secret"),
    ("POST", "/v1/webhooks/secret/rotate"): ((), {}, "/v1/webhooks/secret/rotate"),
    ("GET", "/v2/list"): ((), {"page": 2, "limit": 10}, "/v2/list?page=2&limit=10"),
    ("GET", "/id/{image_id}/info"): ((), {"id": 7}, "/id/7/info"),
    ("GET", "/seed/{seed}/info"): ((), {"seed": "hero"}, "/seed/hero/info"),
    ("GET", "/id/{image_id}/{w}"): (
        (300,),
        {"id": 3, "format": "png", "blur": True},
        "/id/3/300.png?blur",
    ),
    ("GET", "/id/{image_id}/{w}/{h}"): (
        (800, 600),
        {"id": 7, "format": "webp", "grayscale": True, "blur": 3},
        "/id/7/800/600.webp?grayscale&blur=3",
    ),
    ("GET", "/seed/{seed}/{w}"): ((200,), {"seed": "a/b"}, "/seed/a%2Fb/200"),
    ("GET", "/seed/{seed}/{w}/{h}"): ((1200, 630), {"seed": "hero"}, "/seed/hero/1200/630"),
    ("GET", "/{w}"): ((200,), {}, "/200"),
    ("GET", "/{w}/{h}"): ((400, 300), {"format": "jpg"}, "/400/300.jpg"),
    ("POST", "/v1/images/search"): (("a fox",), {"own_images_only": True}, "/v1/images/search"),
    ("POST", "/v1/prompt/enhance"): (("a fox",), {"tone": "cozy"}, "/v1/prompt/enhance"),
    ("POST", "/v1/prompt/build"): ((), {"subject": "a fox"}, "/v1/prompt/build"),
    ("GET", "/v1/usage"): ((), {}, "/v1/usage"),
    ("GET", "/v1/keys"): ((), {}, "/v1/keys"),
    ("POST", "/v1/keys"): (("ci",), {}, "/v1/keys"),
    ("POST", "/v1/keys/{key_id}/rotate"): ((KEY,), {}, f"/v1/keys/{KEY}/rotate"),
    ("DELETE", "/v1/keys/{key_id}"): (
        (KEY,),
        {"confirm_last_key": True},
        f"/v1/keys/{KEY}?confirm=last_key",
    ),
    ("GET", "/v1/partner"): ((), {"days": 7}, "/v1/partner?days=7"),
    ("POST", "/v1/partner/users"): (("cust-1",), {"name": "Ann"}, "/v1/partner/users"),
    ("GET", "/v1/partner/users"): ((), {"limit": 5}, "/v1/partner/users?limit=5"),
    ("GET", "/v1/partner/users/{user_id}"): ((USER,), {}, f"/v1/partner/users/{USER}"),
    ("PATCH", "/v1/partner/users/{user_id}"): (
        (USER, "suspended"),
        {},
        f"/v1/partner/users/{USER}",
    ),
    ("GET", "/v1/partner/users/{user_id}/keys"): ((USER,), {}, f"/v1/partner/users/{USER}/keys"),
    ("POST", "/v1/partner/users/{user_id}/keys"): ((USER,), {}, f"/v1/partner/users/{USER}/keys"),
    ("DELETE", "/v1/partner/users/{user_id}/keys/{key_id}"): (
        (USER, KEY),
        {},
        f"/v1/partner/users/{USER}/keys/{KEY}",
    ),
    ("POST", "/v1/partner/users/{user_id}/credits"): (
        (USER, 5),
        {},
        f"/v1/partner/users/{USER}/credits",
    ),
    ("GET", "/v1/partner/users/{user_id}/usage"): (
        (USER,),
        {"days": 3},
        f"/v1/partner/users/{USER}/usage?days=3",
    ),
}


def _operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }


def test_every_api_operation_has_an_sdk_method_or_a_reason(openapi_document: dict) -> None:
    missing = _operations(openapi_document) - set(OPERATIONS) - set(EXCLUDED)
    assert not missing, f"operations without an SDK method: {sorted(missing)}"


def test_the_sdk_names_no_operation_the_api_lacks(openapi_document: dict) -> None:
    assert set(OPERATIONS) - _operations(openapi_document) == set()


def _method(client: Any, dotted: str) -> Any:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_each_operations_method_sends_its_request_from_both_clients(operation) -> None:  # type: ignore[no-untyped-def]
    method, _ = operation
    args, kwargs, expected = SAMPLES[operation]
    dotted = OPERATIONS[operation]
    with respx.mock(base_url=BASE) as mock:
        route = mock.request(method, expected).respond(404, json=payloads.envelope("not_found"))
        # sync
        with pytest.raises(NotFound):
            _method(PhotoCen(BASE, "t"), dotted)(*args, **kwargs)

        # async: the same method name, a coroutine
        async def call_async() -> None:
            async with AsyncPhotoCen(BASE, "t") as pc:
                call = _method(pc, dotted)
                assert inspect.iscoroutinefunction(call)
                await call(*args, **kwargs)

        with pytest.raises(NotFound):
            asyncio.run(call_async())
    assert route.call_count == 2
    assert str(route.calls.last.request.url) == BASE + expected
