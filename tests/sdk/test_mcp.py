"""The MCP server in-process (the mcp package's ``Client(server)``) over a respx-mocked API."""

from __future__ import annotations

import asyncio
import base64
import io
import json
from typing import Any

import httpx
import respx
from mcp import Client
from photocen_sdk import AsyncPhotoCen
from photocen_sdk.mcp import build_server
from PIL import Image

from tests.sdk import payloads

BASE = "http://api.test"
TOOLS = {
    "search_images",
    "generate_image",
    "get_job",
    "deliver_image",
    "get_credits_and_usage",
    "list_models",
    "list_styles",
}


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "orange").save(out, "PNG")
    return out.getvalue()


async def _with_client(run: Any) -> Any:
    async with AsyncPhotoCen(BASE, "pc_live_t") as api, Client(build_server(api)) as client:
        return await run(client)


def _call(name: str, arguments: dict[str, Any] | None = None) -> Any:
    return asyncio.run(_with_client(lambda client: client.call_tool(name, arguments or {})))


def test_the_server_lists_every_tool_the_brief_names() -> None:
    async def names(client: Client) -> set[str]:
        return {tool.name for tool in (await client.list_tools()).tools}

    assert asyncio.run(_with_client(names)) == TOOLS


def test_list_models_answers_the_apis_catalogue() -> None:
    models = {
        "data": [
            {
                "id": "flux-schnell", "name": "FLUX.1 schnell", "description": "fast",
                "price_factor": 1.0, "min_edge": 256, "max_edge": 2048, "min_steps": 1,
                "max_steps": 12, "default_steps": 4, "default_cfg": 0.0, "default": True,
                "source": "black-forest-labs/FLUX.1-schnell",
            }
        ],
        "pricing": "ceil(...)",
        "quality_factors": {"standard": 1.0, "hd": 1.5, "ultra": 2.0},
        "upscale_factor": 2.0,
        "upscale_plans": ["studio", "partner"],
        "max_output_edge": 4096,
    }  # fmt: skip
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").respond(200, json=models)
        result = _call("list_models")
    assert not result.is_error
    assert json.loads(result.content[0].text)["data"][0]["id"] == "flux-schnell"
    assert "Authorization" not in route.calls.last.request.headers  # a public route


def test_generate_image_waits_and_returns_urls_and_the_image() -> None:
    job = payloads.job()
    png = _png(64, 64)
    with respx.mock(assert_all_called=True) as mock:
        generate = mock.post(f"{BASE}/v1/images/generate").respond(200, json=job)
        mock.get(job["images"][0]["url"]).respond(200, content=png)
        result = _call("generate_image", {"prompt": "a fox", "width": 512, "height": 512})
    sent = json.loads(generate.calls.last.request.content)
    summary = json.loads(result.content[0].text)
    image = result.content[1]

    assert not result.is_error
    assert sent == {"prompt": "a fox", "width": 512, "height": 512, "count": 1}
    assert generate.calls.last.request.headers["Prefer"].startswith("wait=")
    assert summary["images"][0]["url"] == job["images"][0]["url"]
    assert (image.type, image.mime_type) == ("image", "image/png")
    assert base64.b64decode(image.data) == png


def test_a_large_image_is_returned_as_its_url_only() -> None:
    job = payloads.job()
    job["images"][0]["bytes"] = 5_000_000
    with respx.mock(base_url=BASE) as mock:
        mock.post("/v1/images/generate").respond(200, json=job)
        result = _call("generate_image", {"prompt": "a fox"})
    assert [c.type for c in result.content] == ["text"]


def test_an_api_error_is_a_tool_error_with_its_code() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.post("/v1/images/generate").respond(
            402, json=payloads.envelope("insufficient_credits", "Not enough credits.", "r-9")
        )
        result = _call("generate_image", {"prompt": "a fox"})
    assert result.is_error
    assert "insufficient_credits" in result.content[0].text
    assert "r-9" in result.content[0].text


def test_deliver_image_returns_image_content() -> None:
    png = _png(40, 30)
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/id/7/40/30.png").mock(return_value=httpx.Response(200, content=png))
        result = _call(
            "deliver_image", {"width": 40, "height": 30, "image_id": "7", "format": "png"}
        )
    assert route.called
    assert result.content[1].mime_type == "image/png"
    assert base64.b64decode(result.content[1].data) == png


def test_credits_and_usage_reads_the_account_and_the_usage() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/account").respond(200, json=payloads.account(42))
        mock.get("/v1/usage").respond(200, json=payloads.usage())
        answer = json.loads(_call("get_credits_and_usage").content[0].text)
    assert answer["credits"] == 42
    assert answer["usage"]["today"]["credits_spent"] == 3


def test_search_images_sends_the_query_and_filters() -> None:
    hits = {
        "data": [
            {
                "id": 31, "score": 0.9, "url": "https://cdn.example/31.jpg", "url_expires_in": 300,
                "width": 512, "height": 512, "author": "acct_1", "region": "global",
                "created_at": payloads.NOW,
            }
        ],
        "next_cursor": None,
        "applied_region": None,
    }  # fmt: skip
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/images/search").respond(200, json=hits)
        result = _call("search_images", {"query": "a fox", "limit": 3, "own_images_only": True})
    assert json.loads(result.content[0].text)["data"][0]["id"] == 31
    assert json.loads(route.calls.last.request.content) == {
        "query": "a fox",
        "limit": 3,
        "filters": {"same_region_only": False, "own_images_only": True},
    }
