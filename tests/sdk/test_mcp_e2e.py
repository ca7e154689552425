"""The MCP server end to end against the local stack, over both transports: an MCP client
(the mcp package's) launches ``python -m photocen_sdk.mcp`` over stdio, lists the tools and
generates; and connects to ``--transport streamable-http`` on a free loopback port."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import socket
import subprocess
import sys
import time

from mcp import Client, StdioServerParameters
from PIL import Image

from tests.sdk.test_mcp import TOOLS


def _env(stack) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "PHOTOCEN_API_URL": stack.base_url,
        "PHOTOCEN_API_KEY": stack.token,
        "PATH": os.environ.get("PATH", ""),
    }


def test_an_mcp_client_lists_the_tools_and_generates_over_stdio(local_stack) -> None:  # type: ignore[no-untyped-def]
    server = StdioServerParameters(
        command=sys.executable, args=["-m", "photocen_sdk.mcp"], env=_env(local_stack)
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


def test_the_streamable_http_transport_serves_the_same_tools(local_stack) -> None:  # type: ignore[no-untyped-def]
    from devstack.stack import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "photocen_sdk.mcp", "--transport", "streamable-http",
         "--port", str(port)],
        env=_env(local_stack), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for_port(port, process)

        async def run() -> tuple[set[str], str]:
            async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=60) as client:
                tools = {tool.name for tool in (await client.list_tools()).tools}
                models = await client.call_tool("list_models", {})
                return tools, models.content[0].text  # type: ignore[union-attr]

        tools, models = asyncio.run(run())
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert tools == TOOLS
    assert "flux-schnell" in {model["id"] for model in json.loads(models)["data"]}


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "exited")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"photocen-mcp did not listen on {port}")
