"""``make demo-sheet``: 24 local generations over varied prompts (subjects x styles x
purposes) on one labelled contact sheet, ``docs/demo-sheet.png``: what the procedural engine
draws, at a glance. Run again after changing the engine.

    python -m devstack.demo_sheet [PATH]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TARGET = Path(__file__).resolve().parents[1] / "docs" / "demo-sheet.png"
TILE = 256
COLUMNS = 6
LABEL = 46
# (prompt, style preset, purpose)
SHEET: list[tuple[str, str | None, str]] = [
    ("a red bicycle on a city street at dusk", None, "image"),
    ("a fox in a snowy forest", None, "image"),
    ("two puppies on a beach", "watercolor", "image"),
    ("an astronaut floating in space", None, "image"),
    ("a whale underwater", None, "image"),
    ("a lighthouse on the coast at sunset", "oil-painting", "image"),
    ("a castle in the mountains", "pixel-art", "image"),
    ("a cat in a cozy room", "anime", "image"),
    ("a yellow bus in the city at night", "neon-punk", "image"),
    ("an elephant in the desert", "vintage", "image"),
    ("a windmill in a meadow", "line-art", "image"),
    ("a robot in the city", "3d-render", "image"),
    ("a horse and a tree in a field", "photographic", "image"),
    ("a sailboat on the ocean", "cinematic", "image"),
    ("three penguins in the snow", "pastel", "image"),
    ("a knight and a dragon", "noir", "image"),
    ("a hot air balloon over the mountains", "digital-art", "image"),
    ("mountain lake with a forest at sunset", None, "image"),
    ("a blue sneaker", None, "product"),
    ("a cup of coffee", "photographic", "product"),
    ("a green bottle", None, "product"),
    ("an owl", None, "logo"),
    ("a red rocket", None, "logo"),
    ("a coffee cup", None, "logo"),
]


def render_sheet(target: Path = TARGET, seed: int = 7) -> Path:
    from model.engines.procedural import render_with_caption

    rows = -(-len(SHEET) // COLUMNS)
    sheet = Image.new("RGB", (COLUMNS * TILE, rows * (TILE + LABEL)), (24, 24, 28))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for k, (prompt, style, purpose) in enumerate(SHEET):
        image, caption = render_with_caption(
            prompt, seed + k, TILE, TILE, style=style, purpose=purpose
        )
        x, y = (k % COLUMNS) * TILE, (k // COLUMNS) * (TILE + LABEL)
        sheet.paste(image, (x, y))
        label = f"{prompt} [{style or 'no style'}, {purpose}]"
        draw.text((x + 4, y + TILE + 3), label[:44], fill=(236, 236, 236), font=font)
        draw.text((x + 4, y + TILE + 17), label[44:88], fill=(236, 236, 236), font=font)
        draw.text((x + 4, y + TILE + 31), f"= {caption}"[:44], fill=(150, 200, 150), font=font)
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, format="PNG", optimize=True)
    return target


if __name__ == "__main__":
    print(render_sheet(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
