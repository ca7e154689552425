"""The SageMaker inference contract: ``model_fn``, ``input_fn``, ``predict_fn``, ``output_fn``.

SageMaker's PyTorch serving container loads this module from the model artifact's ``code/``
folder and calls the four functions for every request of the asynchronous endpoint; the local
stack's inference runner calls the very same functions (devstack.inference_runner).

Request (``application/json``, written by the generate function to S3)::

    {"job_id": "gen_…", "prompt": "…", "negative_prompt": "…", "model": "flux-schnell",
     "style": "watercolor" | null, "width": 512, "height": 512, "steps": 4, "cfg": 0.0,
     "seeds": [123, 124], "reference_images": ["data:image/png;base64,…"]}

Response (``application/json``, written by the endpoint to S3 and read by the jobs function)::

    {"job_id": "gen_…", "engine": "procedural", "engine_ms": 41,
     "images": [{"seed": 123, "width": 512, "height": 512, "content_type": "image/png",
                 "data": "<base64>"}]}

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
    Engine,
    InferenceRequest,
    InvalidRequest,
    open_reference,
)

CONTENT_TYPE = "application/json"
MAX_IMAGES = 10
MAX_EDGE = 4096


@dataclass(frozen=True)
class Prediction:
    request: InferenceRequest
    engine: str
    images: list[Image.Image]
    engine_ms: int


class ProceduralEngine:
    """The fast deterministic renderer (model/engines/procedural.py), one image per seed."""

    name = "procedural"

    def generate(self, request: InferenceRequest) -> list[Image.Image]:
        from model.engines.procedural import render

        return [
            render(
                request.prompt,
                seed,
                request.width,
                request.height,
                negative_prompt=request.negative_prompt,
                style=request.style,
            )
            for seed in request.seeds
        ]


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
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidRequest(f"malformed request: {exc}") from exc
    if not 1 <= len(request.seeds) <= MAX_IMAGES:
        raise InvalidRequest(f"between 1 and {MAX_IMAGES} seeds")
    if not (1 <= request.width <= MAX_EDGE and 1 <= request.height <= MAX_EDGE):
        raise InvalidRequest(f"edges must be between 1 and {MAX_EDGE}")
    for reference in request.reference_images:
        open_reference(reference).close()  # the header only: whatever the engine
    return request


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
    for seed, image in zip(request.seeds, prediction.images, strict=False):
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
