"""``photocen-client``: the SDK from a shell.

    photocen-client generate "a fox in the snow" -o fox.png
    photocen-client image 400 300 --id 7 --grayscale -o x.jpg
    photocen-client search "a fox"
    photocen-client usage

The API's URL and token come from ``--base-url``/``--token`` or ``PHOTOCEN_API_URL``/
``PHOTOCEN_API_KEY``. Answers are printed as JSON; an API error prints its code, message and
request id to stderr and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from photocen_sdk._client import ENV_BASE_URL, ENV_TOKEN, PhotoCen
from photocen_sdk.errors import PhotoCenError


def _print(value: Any) -> None:
    if isinstance(value, BaseModel):
        print(value.model_dump_json(indent=2))
    elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
        print(json.dumps([item.model_dump(mode="json") for item in value], indent=2))
    elif value is not None:
        print(json.dumps(value, indent=2, default=str))


def _numbered(output: Path, index: int, count: int) -> Path:
    """``fox.png`` for one image; ``fox-1.png``, ``fox-2.png``, … for several."""
    return output if count == 1 else output.with_stem(f"{output.stem}-{index + 1}")


def generate(pc: PhotoCen, args: argparse.Namespace) -> Any:
    fields = {
        "negative_prompt": args.negative_prompt,
        "model": args.model,
        "style": args.style,
        "region": args.region,
        "width": args.width,
        "height": args.height,
        "steps": args.steps,
        "seed": args.seed,
        "count": args.count,
        "not_searchable": True if args.private else None,
    }
    if args.no_wait:
        return pc.generate(args.prompt, **fields)
    job = pc.generate(args.prompt, wait=True, timeout=args.timeout, **fields)
    if args.output:
        for index, image in enumerate(job.images):
            target = _numbered(Path(args.output), index, len(job.images))
            pc.download(image.url, target)
            print(f"saved {target}", file=sys.stderr)
    return job


def image(pc: PhotoCen, args: argparse.Namespace) -> Any:
    blur: bool | int | None = True if args.blur == 0 else args.blur  # bare --blur: radius 5
    data = pc.image(
        args.width,
        args.height,
        id=args.id,
        seed=args.seed,
        grayscale=args.grayscale,
        blur=blur,
        format=args.format or _format_of(args.output),
        path=args.output,
    )
    print(f"saved {args.output} ({len(data)} bytes)", file=sys.stderr)


def _format_of(output: str) -> str | None:
    suffix = Path(output).suffix.lower().lstrip(".")
    return suffix if suffix in ("jpg", "jpeg", "webp", "png") else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="photocen-client", description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", help=f"the API's URL (default: ${ENV_BASE_URL})")
    parser.add_argument("--token", help=f"your pc_live_… token (default: ${ENV_TOKEN})")
    parser.add_argument("--on-behalf-of", help="partner keys: act as this end user's account")
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate", help="generate images, wait, save them")
    gen.add_argument("prompt")
    gen.add_argument("-o", "--output", help="save the image here (several: name-1.png, …)")
    gen.add_argument("--negative-prompt")
    gen.add_argument("--model")
    gen.add_argument("--style", help="a style preset id (GET /v1/styles)")
    gen.add_argument("--region")
    gen.add_argument("--width", type=int)
    gen.add_argument("--height", type=int)
    gen.add_argument("--steps", type=int)
    gen.add_argument("--seed", type=int)
    gen.add_argument("--count", type=int)
    gen.add_argument("--private", action="store_true", help="not searchable, kept 24 h")
    gen.add_argument("--no-wait", action="store_true", help="print the accepted job and exit")
    gen.add_argument("--timeout", type=float, default=120.0)
    gen.set_defaults(run=generate)

    img = commands.add_parser("image", help="a delivered image (1 credit)")
    img.add_argument("width", type=int)
    img.add_argument("height", type=int, nargs="?")
    img.add_argument("-o", "--output", required=True)
    which = img.add_mutually_exclusive_group()
    which.add_argument("--id")
    which.add_argument("--seed")
    img.add_argument("--grayscale", action="store_true")
    img.add_argument("--blur", type=int, nargs="?", const=0, help="1-10 (alone: 5)")
    img.add_argument("--format", choices=("jpg", "webp", "png"))
    img.set_defaults(run=image)

    job = commands.add_parser("job", help="a generation job's state")
    job.add_argument("job_id")
    job.set_defaults(run=lambda pc, a: pc.jobs.get(a.job_id))

    listing = commands.add_parser("list", help="a page of the image catalog (free)")
    listing.add_argument("--page", type=int)
    listing.add_argument("--limit", type=int)
    listing.set_defaults(run=lambda pc, a: pc.list_images(a.page, a.limit))

    found = commands.add_parser("search", help="search the public catalog (free)")
    found.add_argument("query")
    found.add_argument("--limit", type=int)
    found.add_argument("--own", action="store_true", help="only images you generated")
    found.set_defaults(run=lambda pc, a: pc.search(a.query, limit=a.limit, own_images_only=a.own))

    for name, help_, run in (
        ("usage", "today, this month and your plan's limits", lambda pc, a: pc.usage()),
        ("account", "credits, plan and usage", lambda pc, a: pc.account()),
        ("models", "the image models and their prices", lambda pc, a: pc.models()),
        ("styles", "the style presets", lambda pc, a: pc.styles()),
        ("generations", "your latest generations", lambda pc, a: pc.generations.list()),
    ):
        commands.add_parser(name, help=help_).set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with PhotoCen(args.base_url, args.token, on_behalf_of=args.on_behalf_of) as pc:
            _print(args.run(pc, args))
    except PhotoCenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # a missing base URL, or arguments that do not fit
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
