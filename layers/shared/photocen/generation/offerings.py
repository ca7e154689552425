"""What a generate request may name: image models (with their bounds and price factor) and
style presets. Pure data; ``GET /v1/models`` and ``GET /v1/styles`` list it.

"Model" means several things in this repository; here it is always an *image model on
offer* (``ImageModel``), never a pydantic or PynamoDB model or the ``model/`` inference
package. Its id selects the bounds and the price factor here and is passed to the inference
code, which maps it to a pipeline of its configuration (``PHOTOCEN_DIFFUSERS_MODELS``); the
local procedural engine paints every model the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class ImageModel:
    """An image model a generate request may name (``model``), with its bounds and price."""

    id: str
    name: str
    description: str
    price_factor: Fraction
    min_edge: int
    max_edge: int
    min_steps: int
    max_steps: int
    default_steps: int
    default_cfg: float
    max_cfg: float = 20.0


IMAGE_MODELS: dict[str, ImageModel] = {
    m.id: m
    for m in (
        ImageModel(
            "flux-schnell",
            "FLUX.1 Schnell",
            "Fast, good default; few steps.",
            Fraction(1),
            256,
            2048,
            1,
            12,
            4,
            0.0,
        ),
        ImageModel(
            "stable-diffusion-xl",
            "Stable Diffusion XL",
            "The foundational open model; 1024 px native.",
            Fraction(3, 2),
            512,
            2048,
            1,
            60,
            30,
            7.0,
        ),
        ImageModel(
            "sdxl-lightning",
            "SDXL Lightning",
            "Distilled SDXL: 1024 px in a handful of steps.",
            Fraction(1),
            512,
            2048,
            1,
            12,
            4,
            0.0,
        ),
        ImageModel(
            "flux-2-dev",
            "FLUX.2 Dev",
            "High quality, slower; the most expensive model.",
            Fraction(3),
            256,
            2048,
            1,
            60,
            28,
            3.5,
        ),
    )
}
DEFAULT_IMAGE_MODEL = "flux-schnell"


def model_for(
    name: str | None,
    *,
    width: float | None = None,
    height: float | None = None,
    steps: float | None = None,
    cfg: float | None = None,
) -> ImageModel | None:
    """The model a request uses: the one it names (``None`` if unknown), else the default
    when the values it gives fit the default's bounds, else the first model (in this list's
    order) whose bounds they fit (the document's example asks 30 steps and cfg 7 without a
    model). When none fits, the default: its bounds are what the refusal names."""
    if name is not None:
        return IMAGE_MODELS.get(name)
    default = IMAGE_MODELS[DEFAULT_IMAGE_MODEL]
    for model in (default, *IMAGE_MODELS.values()):
        if (
            all(v is None or model.min_edge <= v <= model.max_edge for v in (width, height))
            and (steps is None or model.min_steps <= steps <= model.max_steps)
            and (cfg is None or 0 <= cfg <= model.max_cfg)
        ):
            return model
    return default


@dataclass(frozen=True)
class StylePreset:
    id: str
    name: str
    prompt: str  # appended to the prompt
    negative_prompt: str = ""  # appended to the negative prompt


STYLES: dict[str, StylePreset] = {
    s.id: s
    for s in (
        StylePreset("auto", "Auto", ""),
        StylePreset(
            "photographic",
            "Photographic",
            "photograph, natural light, 35mm, sharp focus",
            "illustration, painting, cartoon",
        ),
        StylePreset(
            "cinematic",
            "Cinematic",
            "cinematic film still, dramatic lighting, widescreen",
            "flat lighting",
        ),
        StylePreset("anime", "Anime", "anime style, cel shading, vibrant", "photograph"),
        StylePreset("digital-art", "Digital art", "digital art, vivid, detailed"),
        StylePreset("watercolor", "Watercolor", "watercolor painting, soft washes, paper texture"),
        StylePreset("oil-painting", "Oil painting", "oil painting, painterly brush strokes"),
        StylePreset("pixel-art", "Pixel art", "pixel art, 16-bit, crisp pixels", "blurry"),
        StylePreset("vintage", "Vintage", "vintage film photo, retro, faded sepia tones"),
        StylePreset("noir", "Noir", "film noir, monochrome, high contrast", "colorful"),
        StylePreset("pastel", "Pastel", "pastel colors, soft, dreamy"),
        StylePreset("neon-punk", "Neon punk", "neon cyberpunk, vibrant glowing lights"),
        StylePreset("line-art", "Line art", "clean line art, minimal, ink"),
        StylePreset("3d-render", "3D render", "3d render, octane, studio lighting"),
    )
}
