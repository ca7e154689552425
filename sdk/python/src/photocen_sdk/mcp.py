"""``photocen-mcp``: PhotoCen as tools for AI assistants (Model Context Protocol).

Built on the official ``mcp`` SDK's v2 API (``MCPServer``; ``pip install photocen-sdk[mcp]``)
over ``AsyncPhotoCen``. Configured by ``PHOTOCEN_API_URL`` and ``PHOTOCEN_API_KEY``; speaks
stdio (default, what desktop assistants launch) or streamable HTTP
(``photocen-mcp --transport streamable-http --port 8765``, served at ``/mcp``).

Tools answer JSON text; ``generate_image`` and ``deliver_image`` add the picture itself as
MCP image content when it is small enough for a chat (``INLINE_MAX_BYTES``). API errors
become tool errors that carry the API's code, message and request id.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from functools import wraps
from typing import Annotated, Any, Literal, ParamSpec, TypeVar

from mcp.server.mcpserver import Image, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from photocen_sdk._client import AsyncPhotoCen
from photocen_sdk.errors import PhotoCenError

# Images up to this size travel inline as MCP image content (base64 in the tool result);
# bigger ones only as their URLs, so a chat's context is not flooded.
INLINE_MAX_BYTES = 1_500_000
INSTRUCTIONS = (
    "PhotoCen generates, searches and serves images. generate_image waits for the job and "
    "returns its image URLs (signed, valid for an hour) and, for small images, the image "
    "itself. Generation and delivery cost credits: get_credits_and_usage tells the balance."
)
READ_ONLY = ToolAnnotations(readOnlyHint=True, openWorldHint=True)
SPENDS = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=True)

P = ParamSpec("P")
R = TypeVar("R")


def _text(value: Any) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=2, exclude_none=True)
    if isinstance(value, list):
        return json.dumps(
            [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value], indent=2
        )
    return json.dumps(value, indent=2, default=str)


def _api_errors(tool: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """An API error is the tool's error, with the envelope's code and request id."""

    @wraps(tool)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await tool(*args, **kwargs)
        except PhotoCenError as error:
            raise ToolError(str(error)) from error

    return run


def _format_of(content_type: str) -> str:
    return content_type.removeprefix("image/") or "png"


def build_server(client: AsyncPhotoCen) -> MCPServer:
    """The MCP server, its tools calling the API through ``client``."""
    server = MCPServer(name="photocen", instructions=INSTRUCTIONS, version="0.1.0")

    @server.tool(annotations=SPENDS, structured_output=False)
    @_api_errors
    async def generate_image(
        prompt: Annotated[str, Field(description="What to draw (1-2000 characters).")],
        width: Annotated[int, Field(ge=256, le=2048, description="Pixels.")] = 512,
        height: Annotated[int, Field(ge=256, le=2048, description="Pixels.")] = 512,
        model: Annotated[str | None, Field(description="An id of list_models.")] = None,
        style: Annotated[str | None, Field(description="A style preset of list_styles.")] = None,
        negative_prompt: Annotated[str | None, Field(description="What to avoid.")] = None,
        count: Annotated[int, Field(ge=1, le=10)] = 1,
        seed: Annotated[int | None, Field(ge=0, description="For a repeatable image.")] = None,
        private: Annotated[
            bool, Field(description="Not searchable; deleted after 24 hours.")
        ] = False,
    ) -> list[Any]:
        """Generate images from a prompt, wait until they are made, and return the job
        (image URLs, credits charged) and the images themselves when small."""
        job = await client.generate(
            prompt,
            wait=True,
            width=width,
            height=height,
            model=model,
            style=style,
            negative_prompt=negative_prompt,
            count=count,
            seed=seed,
            not_searchable=private or None,
        )
        summary = {
            "job_id": job.job_id,
            "status": job.status,
            "credits_charged": job.credits_charged,
            "images": [
                {"url": i.url, "width": i.width, "height": i.height, "seed": i.seed}
                for i in job.images
            ],
        }
        content: list[Any] = [_text(summary)]
        for image in job.images:
            if image.bytes <= INLINE_MAX_BYTES:
                data = await client.download(image.url)
                content.append(Image(data=data, format=_format_of(image.content_type)))
        return content

    @server.tool(annotations=READ_ONLY, structured_output=False)
    @_api_errors
    async def get_job(job_id: str) -> str:
        """A generation job's state: queued, running, completed (with image URLs) or failed."""
        return _text(await client.jobs.get(job_id))

    @server.tool(annotations=READ_ONLY, structured_output=False)
    @_api_errors
    async def search_images(
        query: Annotated[
            str | None, Field(description="What to find, in words (by meaning).")
        ] = None,
        image_id: Annotated[
            int | None, Field(ge=1, description="Or: images like this catalog id.")
        ] = None,
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
        own_images_only: bool = False,
        same_region_only: bool = False,
    ) -> str:
        """Search the public image catalog (free). Each hit has a catalog id (deliver_image
        serves it at any size) and a signed URL."""
        return _text(
            await client.search(
                query,
                image_id=image_id,
                limit=limit,
                own_images_only=own_images_only,
                same_region_only=same_region_only,
            )
        )

    @server.tool(annotations=SPENDS, structured_output=False)
    @_api_errors
    async def deliver_image(
        width: Annotated[int, Field(ge=1, le=5000)],
        height: Annotated[int | None, Field(ge=1, le=5000, description="Omit: square.")] = None,
        image_id: Annotated[str | None, Field(description="A catalog id; omit: random.")] = None,
        seed: Annotated[str | None, Field(description="The same image for the same seed.")] = None,
        grayscale: bool = False,
        blur: Annotated[int | None, Field(ge=1, le=10)] = None,
        format: Literal["jpg", "webp", "png"] = "jpg",
    ) -> list[Any]:
        """A catalog image cropped to exactly width x height (1 credit), as image content."""
        data = await client.image(
            width,
            height,
            id=image_id,
            seed=seed,
            grayscale=grayscale,
            blur=blur,
            format=format,
        )
        note = {"bytes": len(data), "format": format, "width": width, "height": height or width}
        if len(data) > INLINE_MAX_BYTES:
            return [_text({**note, "inline": False, "reason": "too large to show inline"})]
        return [_text(note), Image(data=data, format="jpeg" if format == "jpg" else format)]

    @server.tool(annotations=READ_ONLY, structured_output=False)
    @_api_errors
    async def get_credits_and_usage() -> str:
        """Your credits and plan, and today's and this month's usage against its limits."""
        return _text(await _credits_and_usage(client))

    @server.tool(annotations=READ_ONLY, structured_output=False)
    @_api_errors
    async def list_models() -> str:
        """The image models, their size and step bounds, and how a price is computed."""
        return _text(await client.models())

    @server.tool(annotations=READ_ONLY, structured_output=False)
    @_api_errors
    async def list_styles() -> str:
        """The style presets a generation may use."""
        return _text(await client.styles())

    return server


async def _credits_and_usage(client: AsyncPhotoCen) -> dict[str, Any]:
    account = await client.account()
    usage = await client.usage()
    return {
        "credits": account.credits,
        "plan": account.plan,
        "images_delivered": account.usage.images_delivered,
        "usage": usage.model_dump(mode="json"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="photocen-mcp", description=__doc__.split("\n")[0])
    parser.add_argument("--transport", choices=("stdio", "streamable-http"), default="stdio")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--base-url", help="default: $PHOTOCEN_API_URL")
    parser.add_argument("--token", help="default: $PHOTOCEN_API_KEY")
    args = parser.parse_args(argv)
    try:
        client = AsyncPhotoCen(args.base_url, args.token)
    except ValueError as error:
        print(f"photocen-mcp: {error}", file=sys.stderr)
        return 2
    server = build_server(client)
    if args.transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
