"""The MCP server end to end: an MCP client (the mcp package's stdio transport) launches
``python -m photocen_sdk.mcp`` against the local stack, lists the tools and generates."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import sys

from mcp import Client, StdioServerParameters
from PIL import Image

from tests.sdk.test_mcp import TOOLS


def test_an_mcp_client_lists_the_tools_and_generates_over_stdio(local_stack) -> None:  # type: ignore[no-untyped-def]
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "photocen_sdk.mcp"],
        env={
            "PHOTOCEN_API_URL": local_stack.base_url,
            "PHOTOCEN_API_KEY": local_stack.token,
            "PATH": os.environ.get("PATH", ""),
        },
    )

    async def run() -> tuple[set[str], object]:
        async with Client(server, read_timeout_seconds=60) as client:
            tools = {tool.name for tool in (await client.list_tools()).tools}
            result = await client.call_tool(
                "generate_image", {"prompt": "a red fox", "width": 384, "height": 256}
            )
            return tools, result

    tools, result = asyncio.run(run())
    assert tools == TOOLS
    assert not result.is_error, result.content  # type: ignore[attr-defined]
    text, image = result.content  # type: ignore[attr-defined]
    assert json.loads(text.text)["status"] == "completed"
    assert Image.open(io.BytesIO(base64.b64decode(image.data))).size == (384, 256)
