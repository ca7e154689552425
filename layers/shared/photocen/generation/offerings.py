"""What a generate request may name: image models (with their bounds and price factor) and
style presets. Pure data; ``GET /v1/models`` and ``GET /v1/styles`` list it.

"Model" means several things in this repository; here it is always an *image model on
offer* (``ImageModel``), never a pydantic or PynamoDB model or the ``model/`` inference
package.

The image models are the **operator's model catalog**, ``models.json`` beside this module:
defined once, read here (the layer, at import) and by the CDK app (``infra/generation.py``
builds the endpoint's pipeline map from ``pipeline_map()``). So ``/v1/models``, request
validation, pricing and what the endpoint runs cannot drift: a model the endpoint has no
pipeline for is never offered. An entry with ``"offered": false`` is kept in the file (with
``why_not``) and offered nowhere. The local procedural engine paints every model alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Any, Literal

CATALOG_FILE = "models.json"
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9.-]{0,62}$")


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
    # Where the endpoint loads it from: a Hugging Face id (pinned to ``revision``) or a path
    # inside the model artifact (``revision`` None).
    source: str = ""
    revision: str | None = None

    @property
    def pipeline(self) -> str:
        """The endpoint's pipeline source: ``hub-id@commit``, or the artifact path."""
        return f"{self.source}@{self.revision}" if self.revision else self.source


@dataclass(frozen=True)
class ModelCatalog:
    default: str
    models: dict[str, ImageModel]  # offered ones only, in the file's order
    withheld: dict[str, str]  # id → why it is not offered


def parse_catalog(document: Mapping[str, Any]) -> ModelCatalog:
    """The catalog of a ``models.json`` document; a bad entry is an error (at import, i.e.
    at cold start and at synth), never a model offered with a guessed bound."""
    models: dict[str, ImageModel] = {}
    withheld: dict[str, str] = {}
    for entry in document["models"]:
        model_id = entry["id"]
        if not _ID.fullmatch(model_id) or model_id in models or model_id in withheld:
            raise ValueError(f"models.json: bad or repeated model id {model_id!r}")
        if not entry.get("offered", True):
            withheld[model_id] = str(entry.get("why_not") or "not offered")
            continue
        revision = entry.get("revision")
        source = str(entry["source"])
        if revision is not None and not _COMMIT.fullmatch(revision):
            raise ValueError(f"models.json: {model_id}: revision must be a full commit hash")
        if revision is None and "/" in source and not source.startswith(("./", "/")):
            # A Hub id unpinned could change under a running endpoint (a path has no '/'
            # or starts with ./ or /).
            raise ValueError(f"models.json: {model_id}: a Hugging Face source needs a revision")
        model = ImageModel(
            id=model_id,
            name=entry["name"],
            description=entry["description"],
            price_factor=Fraction(entry["price_factor"]),
            min_edge=int(entry["min_edge"]),
            max_edge=int(entry["max_edge"]),
            min_steps=int(entry["min_steps"]),
            max_steps=int(entry["max_steps"]),
            default_steps=int(entry["default_steps"]),
            default_cfg=float(entry["default_cfg"]),
            max_cfg=float(entry.get("max_cfg", 20.0)),
            source=source,
            revision=revision,
        )
        if not (
            0 < model.min_edge <= model.max_edge
            and 0 < model.min_steps <= model.default_steps <= model.max_steps
            and 0 <= model.default_cfg <= model.max_cfg
            and model.price_factor > 0
        ):
            raise ValueError(f"models.json: {model_id}: inconsistent bounds or price factor")
        models[model_id] = model
    default = document["default"]
    if default not in models:
        raise ValueError(f"models.json: the default {default!r} is not an offered model")
    return ModelCatalog(default=default, models=models, withheld=withheld)


def load_catalog() -> ModelCatalog:
    text = resources.files("photocen.generation").joinpath(CATALOG_FILE).read_text("utf-8")
    return parse_catalog(json.loads(text))


def pipeline_map(catalog: ModelCatalog) -> dict[str, str]:
    """What the endpoint runs per model id (``PHOTOCEN_DIFFUSERS_MODELS``): every offered
    model, and nothing else."""
    return {m.id: m.pipeline for m in catalog.models.values()}


# ---------------------------------------------------------------- quality, upscale, purpose
Quality = Literal["standard", "hd", "ultra"]
QUALITIES: tuple[Quality, ...] = ("standard", "hd", "ultra")
Purpose = Literal["image", "product", "logo"]
UPSCALES = (1, 4)
# The longest edge an upscaled image may have (aiphotogenerator sells up to 4096 px).
MAX_OUTPUT_EDGE = 4096
# Plans whose keys may ask for an upscale (GenPicz sells it on its Studio plan only).
UPSCALE_PLANS = ("studio", "partner")


@dataclass(frozen=True)
class PurposePreset:
    """What a ``purpose`` adds to the prompt and the negative prompt (both engines read the
    prompt; the procedural engine also reads ``purpose`` itself)."""

    id: str
    prompt: str
    negative_prompt: str


PURPOSES: dict[str, PurposePreset] = {
    p.id: p
    for p in (
        PurposePreset("image", "", ""),
        PurposePreset(
            "product",
            "product photograph, the subject alone and centred on a clean seamless background,"
            " soft studio lighting, sharp focus",
            "cluttered background, people, text, watermark",
        ),
        PurposePreset(
            "logo",
            "flat vector logo mark, simple bold shapes, two or three colours, plain background,"
            " centred",
            "photograph, photorealistic, gradients, texture, clutter, watermark",
        ),
    )
}


CATALOG = load_catalog()
IMAGE_MODELS: dict[str, ImageModel] = CATALOG.models
DEFAULT_IMAGE_MODEL = CATALOG.default


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
