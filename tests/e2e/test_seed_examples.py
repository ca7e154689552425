"""Done-means of issue 11: each other image API's generate example (seeds 001, 002, 003),
mapped to PhotoCen's path and field names, gets an image it can use in ONE request with
``Prefer: wait``, on the local stack over HTTP."""

from __future__ import annotations

import base64
import io
import urllib.request
import uuid
from typing import Any

from PIL import Image

from tests.e2e.test_generation import call


def _one_request(stack: Any, body: dict[str, Any]) -> tuple[int, Any]:
    return call(
        stack,
        "POST",
        "/v1/images/generate",
        body,
        {"Prefer": "wait", "Idempotency-Key": str(uuid.uuid4())},
    )


def _downloaded(url: str) -> Image.Image:
    with urllib.request.urlopen(url, timeout=10) as response:
        return Image.open(io.BytesIO(response.read()))


def test_aiphotogenerator_example_gets_its_image_in_one_request(local_stack):
    # seed 001: POST /api/images/generate {prompt, width, height, model: "flux-1", count}
    status, job = _one_request(
        local_stack,
        {
            "prompt": "A professional headshot of a business executive in a modern office",
            "width": 1024,
            "height": 1024,
            "model": "flux-schnell",  # their FLUX.1 is PhotoCen's flux-schnell
            "count": 1,
        },
    )
    assert status == 200, job
    assert job["status"] == "completed"
    assert _downloaded(job["images"][0]["url"]).size == (1024, 1024)


def test_genpicz_example_gets_its_image_in_one_request(local_stack):
    # seed 002: POST /v1/generate {prompt, style, width, height} → their image_url is
    # PhotoCen's images[0].url; their default quality is hd
    status, job = _one_request(
        local_stack,
        {
            "prompt": "a neon samurai in a cyberpunk city, cinematic lighting",
            "style": "cinematic",
            "width": 1024,
            "height": 1024,
            "quality": "hd",
        },
    )
    assert status == 200, job
    assert job["style"] == "cinematic"
    assert job["quality"] == "hd"
    assert _downloaded(job["images"][0]["url"]).size == (1024, 1024)


def test_imageapi_example_gets_a_data_url_in_one_request(local_stack):
    # seed 003: POST /api/v1/generate; with storage off their data.image is a data URL:
    # PhotoCen's images[0].data_url with response_format data_url
    status, job = _one_request(
        local_stack,
        {
            "prompt": "a sunset over mountains",
            "negative_prompt": "blurry, low quality",
            "width": 512,
            "height": 512,
            "response_format": "data_url",
        },
    )
    assert status == 200, job
    head, payload = job["images"][0]["data_url"].split(",", 1)
    assert head == "data:image/png;base64"
    assert Image.open(io.BytesIO(base64.b64decode(payload))).size == (512, 512)
    # and their product route is PhotoCen's purpose field: same request, same answer
    status, product = _one_request(
        local_stack, {"prompt": "a leather handbag", "purpose": "product", "width": 512}
    )
    assert status == 200
    assert product["purpose"] == "product"
    assert product["images"][0]["url"]


def _new_generation_examples() -> list[str]:
    """The shell blocks of docs/api.md from "Wait for the result" to "Jobs and generations"
    (Prefer: wait, data URLs, products, prompt tools)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    start = text.index("### Wait for the result")
    end = text.index("### Jobs and generations", start)
    return re.findall(r"```sh\n(.*?)```", text[start:end], flags=re.DOTALL)


def test_the_documented_examples_run_verbatim(local_stack):
    import json
    import os
    import subprocess

    blocks = _new_generation_examples()
    assert len(blocks) == 3
    env = {**os.environ, "PHOTOCEN_BASE": local_stack.base_url, "PHOTOCEN_TOKEN": local_stack.token}
    answers: list[Any] = []
    for block in blocks:
        out = subprocess.run(
            ["bash", "-e", "-c", block], env=env, capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0, out.stderr
        decoder, text = json.JSONDecoder(), out.stdout.strip()
        while text:
            value, end = decoder.raw_decode(text)
            answers.append(value)
            text = text[end:].strip()
    finished = [a for a in answers if "images" in a]
    assert len(finished) == 3
    assert all(a["status"] == "completed" and a["images"][0]["url"] for a in finished)
    assert finished[1]["images"][0]["data_url"].startswith("data:image/png;base64,")
    assert finished[2]["purpose"] == "product"
    prompts = [a for a in answers if "engine" in a]
    assert [p["engine"] for p in prompts] == ["rules", "rules"]
    assert prompts[1]["prompt"] == "watercolor of fox in a scarf in snowy forest, cozy mood"
