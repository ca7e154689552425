"""The demo catalog of the local stack: pictures from the procedural engine, imported the
way an operator imports a folder (original, pre-shrunk ladder, ids 1…N).

Deterministic: the same prompts, seeds and sizes every start, so id 7 is the same picture
on every developer's machine and in the docs' examples. The CPU part of an import (render,
ladder) is kept on disk under ``.photocen/cache/`` so that later starts only upload.
"""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import PIL
from photocen.catalog.imaging import LADDER_VERSION, prepare
from photocen.catalog.model import CatalogImage, PreparedImage
from photocen.catalog.service import Catalog

AUTHOR = "PhotoCen procedural engine"
# The PhotoCen document's examples name /id/123/…: the demo catalog reaches past it. The
# pictures after the first round of prompts are a third of the size (cheap to render and to
# upload at every start; they repeat the prompts with other seeds).
DEMO_SIZE = 128
SMALL_AFTER = 32
DEFAULT_CACHE_DIR = Path(".photocen/cache/demo-catalog")

# (prompt, width, height): landscapes, portraits and squares so crops are worth checking.
PROMPTS: tuple[tuple[str, int, int], ...] = (
    ("a seaside cafe at golden hour", 1800, 1200),
    ("mountains at night under the stars", 1800, 1200),
    ("city skyline at sunset", 2000, 1125),
    ("snowy pine forest in winter", 1200, 1800),
    ("desert dunes under a clear sky", 1800, 1200),
    ("abstract geometric composition in teal", 1500, 1500),
    ("misty lake with sailing boats at dawn", 1800, 1200),
    ("neon city at night", 1200, 1800),
    ("alpine peaks and a pine forest", 2000, 1125),
    ("stormy sea", 1800, 1200),
    ("village on the hills at dusk", 1800, 1200),
    ("harbor with boats at sunset", 1500, 1500),
    ("a red sky over the ocean", 1800, 1200),
    ("foggy forest at morning", 1200, 1800),
    ("mountain lake at sunset", 1800, 1200),
    ("downtown towers on a sunny day", 1200, 1800),
    ("abstract pastel circles", 1500, 1500),
    ("cabin in the snowy mountains at night", 1800, 1200),
    ("golden desert canyon at sunset", 2000, 1125),
    ("island in a turquoise lagoon", 1800, 1200),
    ("purple twilight over the hills", 1800, 1200),
    ("birds over the sea at dawn", 1800, 1200),
    ("a quiet farm by the forest", 1500, 1500),
    ("moonlit beach", 1200, 1800),
    ("cyberpunk skyline in the rain", 1800, 1200),
    ("vintage photo of a coastal town", 1800, 1200),
    ("watercolor painting of mountains", 1800, 1200),
    ("minimalist bauhaus pattern in orange", 1500, 1500),
    ("glacier under the aurora at night", 2000, 1125),
    ("pine forest at sunset", 1800, 1200),
    ("city by the river at night", 1800, 1200),
    ("dunes at night under the moon", 1800, 1200),
)


def demo_picture(index: int) -> tuple[str, bytes]:
    """(prompt, JPEG bytes) of demo picture ``index``, as a camera would give it."""
    from model.engines.procedural import render  # local-only: not in the Lambda layer

    prompt, width, height = PROMPTS[index % len(PROMPTS)]
    if index >= SMALL_AFTER:
        width, height = width // 3, height // 3
    image = render(prompt, 1000 + index, width, height)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return prompt, buffer.getvalue()


def seed_demo_catalog(
    catalog: Catalog, count: int = DEMO_SIZE, cache_dir: Path | None = DEFAULT_CACHE_DIR
) -> list[CatalogImage]:
    """Import ``count`` demo pictures as ids 1…count, unless the catalog has images."""
    if catalog.header(fresh=True).last_id > 0:
        return []
    ids = [catalog.allocate_id() for _ in range(count)]  # in order: id i+1 is picture i
    # Pillow releases the GIL: two threads keep both cores busy with renders and ladders.
    with ThreadPoolExecutor(max_workers=2) as pool:
        prepared = list(pool.map(lambda i: _prepared(i, cache_dir), range(count)))
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(
            pool.map(
                lambda i: catalog.store_prepared(
                    prepared[i], author=AUTHOR, title=PROMPTS[i % len(PROMPTS)][0], image_id=ids[i]
                ),
                range(count),
            )
        )


def _prepared(index: int, cache_dir: Path | None) -> PreparedImage:
    if cache_dir is None:
        return prepare(demo_picture(index)[1])
    from model.engines.procedural import ENGINE_VERSION

    # Anything that changes the bytes is in the folder name: a stale cache is never read.
    folder = (
        cache_dir
        / f"engine{ENGINE_VERSION}-ladder{LADDER_VERSION}-pillow{PIL.__version__}"
        / str(index)
    )
    manifest = folder / "copies.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text())
        return PreparedImage(
            "JPEG",
            (folder / "original.jpg").read_bytes(),
            [
                ((w, h), None if name is None else (folder / name).read_bytes())
                for w, h, name in entries
            ],
        )
    prepared = prepare(demo_picture(index)[1])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "original.jpg").write_bytes(prepared.original)
    entries = []
    for (w, h), data in prepared.copies:
        name = None if data is None else f"{w}x{h}.jpg"
        if data is not None:
            (folder / f"{w}x{h}.jpg").write_bytes(data)
        entries.append([w, h, name])
    manifest.write_text(json.dumps(entries))  # last: a half-written folder has no manifest
    return prepared
