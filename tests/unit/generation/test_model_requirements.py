"""Every style preset ships its pre-rendered thumbnail."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_style_has_its_pre_rendered_thumbnail():
    from photocen.generation.offerings import STYLES
    from PIL import Image

    folder = ROOT / "functions" / "generate" / "thumbnails"
    for style in STYLES:
        with Image.open(folder / f"{style}.webp") as picture:
            assert picture.size == (256, 256), style
