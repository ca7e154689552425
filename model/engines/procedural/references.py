"""Reference images, used the way a reader of the picture sees them: their palette (the
dominant colours of all references recolour the scene through its luminance, dark to dark and
light to light) and their composition (the first reference's layout of lights and darks,
blurred, blended into the picture)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PIL import Image, ImageChops, ImageFilter

PALETTE_SIZE = 5
PALETTE_WEIGHT = 0.5  # how far the scene's colours move to the references' palette
COMPOSITION_WEIGHT = 0.3  # how much of the reference's light layout shows through


def dominant_colours(references: Sequence[Image.Image]) -> list[tuple[int, int, int]]:
    """The references' most common colours (median cut over all of them), darkest first."""
    thumbs = [r.convert("RGB").resize((48, 48), Image.Resampling.BOX) for r in references]
    sheet = Image.new("RGB", (48 * len(thumbs), 48))
    for k, thumb in enumerate(thumbs):
        sheet.paste(thumb, (48 * k, 0))
    quantised = sheet.quantize(colors=PALETTE_SIZE, method=Image.Quantize.MEDIANCUT)
    flat = quantised.getpalette() or []
    counts = sorted(quantised.getcolors() or [], reverse=True)
    indices = [cast(int, index) for _, index in counts[:PALETTE_SIZE]]  # "P" image: an index
    colours = [tuple(flat[3 * i : 3 * i + 3]) for i in indices]
    return sorted(
        ((c[0], c[1], c[2]) for c in colours if len(c) == 3),
        key=lambda c: 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2],
    )


def _gradient_map(colours: list[tuple[int, int, int]]) -> list[int]:
    """A 256-entry lookup per channel: luminance → a colour between the palette's stops."""
    if len(colours) == 1:
        colours = [colours[0], colours[0]]
    stops = len(colours) - 1
    table: list[list[int]] = [[], [], []]
    for v in range(256):
        position = v / 255 * stops
        k = min(stops - 1, int(position))
        t = position - k
        for channel in range(3):
            a, b = colours[k][channel], colours[k + 1][channel]
            table[channel].append(round(a + (b - a) * t))
    return table[0] + table[1] + table[2]


def apply_references(image: Image.Image, references: Sequence[Image.Image]) -> Image.Image:
    if not references:
        return image
    colours = dominant_colours(references)
    if colours:
        grey = image.convert("L")
        mapped = Image.merge("RGB", (grey, grey, grey)).point(_gradient_map(colours))
        image = Image.blend(image, mapped, PALETTE_WEIGHT)
    layout = references[0].convert("L").resize(image.size, Image.Resampling.BILINEAR)
    layout = layout.filter(ImageFilter.GaussianBlur(max(2, min(image.size) / 40)))
    shaded = ImageChops.soft_light(image, Image.merge("RGB", (layout, layout, layout)))
    return Image.blend(image, shaded, COMPOSITION_WEIGHT * 2)
