"""The SageMaker inference contract: ``model_fn``, ``input_fn``, ``predict_fn``, ``output_fn``.

SageMaker's PyTorch serving container loads this module from the model artifact's ``code/``
folder and calls the four functions for every request of the asynchronous endpoint; the local
stack's inference runner calls the very same functions (devstack.inference_runner).

Request (``application/json``, written by the generate function to S3)::

    {"job_id": "gen_…", "prompt": "…", "negative_prompt": "…", "model": "flux-schnell",
     "style": "watercolor" | null, "width": 512, "height": 512, "steps": 4, "cfg": 0.0,
     "seeds": [123, 124], "reference_images": ["data:image/png;base64,…"],
     "purpose": "image" | "product" | "logo", "quality": "standard" | "hd" | "ultra",
     "upscale": 1 | 4}

``purpose``, ``quality`` and ``upscale`` may be absent (``image``, ``standard``, ``1``); up to
``MAX_REFERENCES`` reference images.

Response (``application/json``, written by the endpoint to S3 and read by the jobs function)::

    {"job_id": "gen_…", "engine": "procedural", "engine_ms": 41,
     "images": [{"seed": 123, "width": 2048, "height": 2048, "content_type": "image/png",
                 "caption": "a red bicycle on a city street at sunset, watercolor",
                 "data": "<base64>"}]}

``width``/``height`` are the final (upscaled) size; ``caption`` says in plain words what the
engine drew (the procedural engine: the subjects, setting, time, style and purpose it read
from the prompt; the diffusers engine: the prompt).

The engine comes from ``PHOTOCEN_ENGINE`` (``procedural``, the default, or ``diffusers``);
the diffusers engine reads its model ids/paths from ``PHOTOCEN_DIFFUSERS_MODEL`` (pinned by
``PHOTOCEN_DIFFUSERS_REVISION``) and ``PHOTOCEN_DIFFUSERS_MODELS``
(model/engines/diffusers_engine.py). This module must not
import the ``photocen`` package: the artifact ships ``model/`` alone.
"""

from __future__ import annotations

import base64
import io
import json
import os
import time
from dataclasses import dataclass

from PIL import Image

from model.contract import (
    MAX_REFERENCES,
    PURPOSES,
    QUALITIES,
    UPSCALES,
    Engine,
    InferenceRequest,
    InvalidRequest,
    Rendered,
    open_reference,
    resample_upscale,
)

CONTENT_TYPE = "application/json"
MAX_IMAGES = 10
MAX_EDGE = 4096


@dataclass(frozen=True)
class Prediction:
    request: InferenceRequest
    engine: str
    images: list[Rendered]
    engine_ms: int


class ProceduralEngine:
    """The fast deterministic renderer (model/engines/procedural.py), one image per seed."""

    name = "procedural"

    def generate(self, request: InferenceRequest) -> list[Rendered]:
        from model.engines.procedural import render_with_caption

        references = _decoded_references(request.reference_images)
        rendered = []
        for seed in request.seeds:
            image, caption = render_with_caption(
                request.prompt,
                seed,
                request.width,
                request.height,
                negative_prompt=request.negative_prompt,
                style=request.style,
                purpose=request.purpose,
                quality=request.quality,
                references=references,
            )
            rendered.append(Rendered(resample_upscale(image, request.upscale), caption))
        return rendered


def _decoded_references(data_urls: tuple[str, ...]) -> list[Image.Image]:
    """The reference images, small: the procedural engine reads only their colours and
    luminance layout, so each is decoded reduced (``draft`` for JPEG) to at most 128 px."""
    references = []
    for data_url in data_urls:
        with open_reference(data_url) as image:
            image.draft("RGB", (128, 128))
            small = image.convert("RGB")
            small.thumbnail((128, 128))
            references.append(small)
    return references


def load_engine(model_dir: str | None, env: dict[str, str] | None = None) -> Engine:
    env = dict(os.environ if env is None else env)
    kind = env.get("PHOTOCEN_ENGINE", "procedural").strip().lower()
    if kind == "procedural":
        return ProceduralEngine()
    if kind == "diffusers":
        from model.engines.diffusers_engine import DiffusersEngine

        return DiffusersEngine.from_environment(model_dir, env)
    raise ValueError(f"PHOTOCEN_ENGINE: unknown engine {kind!r} (procedural | diffusers)")


# ---------------------------------------------------------------- the SageMaker contract
def model_fn(model_dir: str) -> Engine:
    return load_engine(model_dir)


def input_fn(
    request_body: bytes | str, request_content_type: str = CONTENT_TYPE
) -> InferenceRequest:
    if request_content_type.split(";")[0].strip() != CONTENT_TYPE:
        raise InvalidRequest(f"unsupported content type {request_content_type!r}")
    try:
        data = json.loads(request_body)
        request = InferenceRequest(
            job_id=str(data["job_id"]),
            prompt=str(data["prompt"]),
            negative_prompt=str(data.get("negative_prompt") or ""),
            model=str(data.get("model") or ""),
            style=data.get("style") or None,
            width=int(data["width"]),
            height=int(data["height"]),
            steps=int(data["steps"]),
            cfg=float(data.get("cfg") or 0.0),
            seeds=tuple(int(s) for s in data["seeds"]),
            reference_images=tuple(str(r) for r in data.get("reference_images") or ()),
            purpose=str(data.get("purpose") or "image"),
            quality=str(data.get("quality") or "standard"),
            upscale=_upscale_of(data.get("upscale")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidRequest(f"malformed request: {exc}") from exc
    if not 1 <= len(request.seeds) <= MAX_IMAGES:
        raise InvalidRequest(f"between 1 and {MAX_IMAGES} seeds")
    if not (1 <= request.width <= MAX_EDGE and 1 <= request.height <= MAX_EDGE):
        raise InvalidRequest(f"edges must be between 1 and {MAX_EDGE}")
    if request.purpose not in PURPOSES:
        raise InvalidRequest(f"purpose: one of {', '.join(PURPOSES)}")
    if request.quality not in QUALITIES:
        raise InvalidRequest(f"quality: one of {', '.join(QUALITIES)}")
    if len(request.reference_images) > MAX_REFERENCES:
        raise InvalidRequest(f"reference images: at most {MAX_REFERENCES}")
    for reference in request.reference_images:
        open_reference(reference).close()  # the header only: whatever the engine
    return request


def _upscale_of(value: object) -> int:
    if value is None:
        return 1
    if type(value) is not int or value not in UPSCALES:  # not True, 4.0 or "4"
        raise InvalidRequest(f"upscale: one of {', '.join(map(str, UPSCALES))}")
    return value


def predict_fn(input_data: InferenceRequest, model: Engine) -> Prediction:
    started = time.perf_counter()
    images = model.generate(input_data)
    engine_ms = int((time.perf_counter() - started) * 1000)
    return Prediction(input_data, model.name, images, engine_ms)


def output_fn(prediction: Prediction, accept: str = CONTENT_TYPE) -> bytes:
    if accept and accept.split(";")[0].strip() not in (CONTENT_TYPE, "*/*"):
        raise InvalidRequest(f"unsupported accept type {accept!r}")
    request = prediction.request
    images = []
    for seed, rendered in zip(request.seeds, prediction.images, strict=False):
        image = rendered.image
        buffer = io.BytesIO()
        # compress_level 1: several times faster than the default for ~10% more bytes; the
        # cache copy is re-encoded on delivery anyway.
        image.convert("RGB").save(buffer, format="PNG", compress_level=1)
        images.append(
            {
                "seed": seed,
                "width": image.width,
                "height": image.height,
                "content_type": "image/png",
                "caption": rendered.caption,
                "data": base64.b64encode(buffer.getvalue()).decode(),
            }
        )
    document = {
        "job_id": request.job_id,
        "engine": prediction.engine,
        "engine_ms": prediction.engine_ms,
        "images": images,
    }
    return json.dumps(document).encode()
