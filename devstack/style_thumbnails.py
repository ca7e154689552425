"""Render the style presets' thumbnails into ``functions/generate/thumbnails/`` (WebP, 256 px).

The generate function serves these files as they are (``GET /v1/styles/{id}/thumbnail``), so
the Lambda bundle needs no renderer. Run again after adding a style or changing the
procedural engine::

    python -m devstack.style_thumbnails
"""

from __future__ import annotations

from pathlib import Path

from photocen.generation.offerings import STYLES

EDGE = 256
PROMPT = "a lighthouse on a rocky coast at golden hour, boats, hills"
TARGET = Path(__file__).resolve().parents[1] / "functions" / "generate" / "thumbnails"


def render_all(target: Path = TARGET) -> list[Path]:
    from model.engines.procedural import render

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for preset in STYLES.values():
        image = render(
            f"{PROMPT}, {preset.prompt}", 7, EDGE, EDGE, style=preset.id.replace("-", " ")
        )
        path = target / f"{preset.id}.webp"
        image.save(path, format="WEBP", quality=80, method=4)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in render_all():
        print(path)
