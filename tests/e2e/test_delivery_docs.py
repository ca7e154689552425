"""Every cURL example of the Delivery section of docs/api.md, run verbatim against the
local stack (``make dev``), with its output checked: exact size, format, grayscale.

The examples are parsed out of the markdown, so the docs and this test cannot drift.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
FORMATS = {"": "JPEG", "jpg": "JPEG", "webp": "WEBP", "png": "PNG"}


def delivery_section() -> str:
    text = (ROOT / "docs" / "api.md").read_text()
    start = text.index("\n## Delivery\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", delivery_section(), flags=re.DOTALL)


@dataclass(frozen=True)
class Curl:
    line: str  # the command as written (continuations joined)
    url: str  # with $PHOTOCEN_BASE still in it
    output: str | None


def curls(block: str) -> list[Curl]:
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = line.split("  # ")[0].strip()
        if not line.startswith("curl "):
            continue
        words = shlex.split(line, comments=True)
        url = next(w for w in words if w.startswith("$PHOTOCEN_BASE"))
        output = words[words.index("-o") + 1] if "-o" in words else None
        commands.append(Curl(line, url, output))
    return commands


def test_the_delivery_section_has_examples_for_every_kind_of_route() -> None:
    urls = [c.url for block in shell_blocks() for c in curls(block)]
    assert len(urls) >= 8
    for kind in ("/id/", "/seed/", "/v2/list", "/info", "grayscale", "blur", ".webp", ".png"):
        assert any(kind in url for url in urls), kind


def run(command: str, stack: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHOTOCEN_BASE": stack.base_url, "PHOTOCEN_TOKEN": stack.token}
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def expected_image(url: str) -> tuple[tuple[int, int], str, bool] | None:
    """(size, PIL format, grayscale) an image URL must produce; None for JSON routes."""
    parts = urlsplit(url.replace("$PHOTOCEN_BASE", "http://x"))
    segments = [s for s in parts.path.split("/") if s]
    if segments[0] == "v2" or segments[-1] == "info":
        return None
    if segments[0] in ("id", "seed"):
        segments = segments[2:]
    last, _, ext = segments[-1].partition(".")
    numbers = [*segments[:-1], last]
    width, height = (int(numbers[0]), int(numbers[-1]))
    size = (min(width, 5000), min(height, 5000))
    return size, FORMATS[ext.lower()], "grayscale" in parse_qs(parts.query, keep_blank_values=True)


@pytest.mark.parametrize("index", range(len(shell_blocks())))
def test_each_curl_example_works_verbatim_against_the_local_stack(
    index: int, local_stack: Any, tmp_path: Path
) -> None:
    block = shell_blocks()[index]
    # When the block runs as written
    result = run(block, local_stack, tmp_path)
    # Then every command succeeds
    assert result.returncode == 0, result.stderr
    for curl in curls(block):
        expected = expected_image(curl.url)
        if expected is None:
            # A free JSON route: the same command, alone, answers JSON.
            alone = run(curl.line, local_stack, tmp_path)
            assert alone.returncode == 0, alone.stderr
            body = json.loads(alone.stdout)
            assert body, curl.line
            if "/v2/list" in curl.url:
                assert {"id", "author", "width", "height", "url", "download_url"} <= set(body[0])
            continue
        if curl.output in (None, "/dev/null"):
            continue
        size, fmt, grayscale = expected
        image = Image.open(io.BytesIO((tmp_path / curl.output).read_bytes()))
        assert image.size == size, curl.line
        assert image.format == fmt, curl.line
        if grayscale:
            r, g, b = image.convert("RGB").split()
            worst = max(
                ImageChops.difference(r, g).getextrema()[1],
                ImageChops.difference(g, b).getextrema()[1],
            )
            assert worst <= 2, curl.line
    if "If-None-Match" in block:
        assert result.stdout.strip().splitlines()[-1] == "304"
    if "-D -" in block and "If-None-Match" not in block:
        headers = result.stdout.lower()
        assert 'rel="canonical"' in headers
        assert "x-image-id:" in headers
