"""The engine's caption (optional in the inference output) reaches the stored image and is
what the migration embeds with the prompt."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

from photocen.generation.lifecycle import embedding_text
from photocen.generation.results import parse_output

from tests.unit.generation.fakes import completed, make_job


def _document(**image: object) -> bytes:
    data = base64.b64encode(b"png").decode()
    return json.dumps(
        {"images": [{"seed": 1, "width": 8, "height": 8, "data": data, **image}], "engine_ms": 3}
    ).encode()


def test_the_caption_is_read_and_optional():
    (with_caption,), _ = parse_output(_document(caption="a red bicycle at sunset"))
    (without,), _ = parse_output(_document())
    assert with_caption.caption == "a red bicycle at sunset"
    assert without.caption == ""


def test_the_migration_embeds_the_prompt_and_the_caption_when_there_is_one():
    job = completed(make_job(prompt="a bicycle"))
    image = job.images[0]
    assert embedding_text(job, image) == "a bicycle"
    captioned = replace(image, caption="a red bicycle at sunset")
    assert embedding_text(job, captioned) == "a bicycle. a red bicycle at sunset"
