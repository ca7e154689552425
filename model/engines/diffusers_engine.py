"""The diffusers engine: a text-to-image pipeline per model id, loaded on first use.

Configuration (environment of the SageMaker model, see infra/generation.py):

- ``PHOTOCEN_DIFFUSERS_MODEL``: the default pipeline: a Hugging Face model id
  (``stabilityai/sdxl-turbo``) or a path; a relative path is taken inside the model
  artifact's directory (``model_dir``), so weights can ship in the artifact too.
- ``PHOTOCEN_DIFFUSERS_REVISION``: the commit of the default model's Hub repository.
- ``PHOTOCEN_DIFFUSERS_MODELS``: JSON object mapping PhotoCen model ids
  (``"stable-diffusion-xl"``) to sources like the above, a Hub id as ``id@commit``;
  unmapped ids use the default.

A Hub id loads only pinned to a full commit hash (``from_pretrained(..., revision=…)``):
a branch or tag could change the weights under a running endpoint. An engine with an
unpinned Hub id is refused when it is built, so the endpoint fails at start, not at the
first request. A directory (weights in the artifact) is the snapshot itself.
- ``PHOTOCEN_DIFFUSERS_DEVICE`` (``cuda`` when available, else ``cpu``) and
  ``PHOTOCEN_DIFFUSERS_DTYPE`` (``float16`` on GPU, ``float32`` on CPU).

One image per seed with a seeded ``torch.Generator``, so a seed reproduces its image on the
same hardware. Edges are rounded up to a multiple of 8 for the pipeline and the result is
resized to exactly the requested box. A ``data:`` reference image turns the request into
image-to-image (``AutoPipelineForImage2Image.from_pipe`` reuses the loaded weights).

Quality multiplies the request's steps (``QUALITY_STEPS``: standard 1x, hd 1.5x, ultra 2x).
Upscale 4x runs a real upscaler when one is configured:

- ``PHOTOCEN_DIFFUSERS_UPSCALER``: a ``StableDiffusionUpscalePipeline`` (x4), as a directory
  (relative paths inside ``model_dir``) or ``hub-id@commit``
  (``stabilityai/stable-diffusion-x4-upscaler@<commit>``), loaded on first use like the
  generators and never downloaded unpinned. It is prompted with the request's prompt. Its input
  is first reduced so that the 4x result fits ``MAX_UPSCALED_EDGE``.

Without one, the engine upscales with the local resampler (Lanczos and an unsharp mask, as the
procedural engine does). The caption of each image is the prompt it was generated from.
"""

from __future__ import annotations

import json
import os
import re
import threading
from typing import TYPE_CHECKING, Any

from PIL import Image

from model.contract import (
    MAX_REFERENCE_PIXELS,
    Rendered,
    open_reference,
    resample_upscale,
    upscaled_size,
)

if TYPE_CHECKING:
    from model.contract import InferenceRequest

DEFAULT_SOURCE = "stabilityai/sdxl-turbo"
_COMMIT = re.compile(r"[0-9a-f]{40}")
REFERENCE_STRENGTH = 0.6
QUALITY_STEPS = {"standard": 1.0, "hd": 1.5, "ultra": 2.0}
MAX_STEPS = 150
UPSCALER_STEPS = 20
UPSCALE_FACTOR = 4


def _round8(value: int) -> int:
    return max(8, (value + 7) // 8 * 8)


class DiffusersEngine:
    name = "diffusers"

    def __init__(
        self,
        default_source: str,
        sources: dict[str, str] | None = None,
        *,
        default_revision: str | None = None,
        revisions: dict[str, str] | None = None,
        device: str | None = None,
        dtype: str | None = None,
        upscaler: str | None = None,
        upscaler_revision: str | None = None,
    ) -> None:
        import torch

        self.default_source = default_source
        self.sources = dict(sources or {})
        self.default_revision = default_revision
        self.revisions = dict(revisions or {})  # PhotoCen model id → commit of its source
        for model in [None, *self.sources]:
            source, revision = self._source(model)
            if not os.path.isdir(source) and not _COMMIT.fullmatch(revision or ""):
                raise ValueError(
                    f"{source}: a Hugging Face model needs its revision pinned to a full "
                    "commit hash (PHOTOCEN_DIFFUSERS_REVISION, or id@commit in "
                    "PHOTOCEN_DIFFUSERS_MODELS)"
                )
        self.upscaler = upscaler
        self.upscaler_revision = upscaler_revision
        if (
            upscaler
            and not os.path.isdir(upscaler)
            and not _COMMIT.fullmatch(upscaler_revision or "")
        ):
            raise ValueError(
                f"{upscaler}: the upscaler needs its revision pinned to a full commit hash "
                "(PHOTOCEN_DIFFUSERS_UPSCALER=id@commit)"
            )
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.dtype = getattr(torch, dtype or ("float16" if self.device == "cuda" else "float32"))
        self._pipelines: dict[str, Any] = {}
        self._lock = threading.Lock()
        # Pillow's decompression-bomb limit is process-wide: set where this engine starts, as
        # its endpoint container runs nothing else (the local stack imports model/ beside the
        # delivery renderer, so not at import). open_reference refuses past it on its own too.
        Image.MAX_IMAGE_PIXELS = MAX_REFERENCE_PIXELS

    @classmethod
    def from_environment(cls, model_dir: str | None, env: dict[str, str]) -> DiffusersEngine:
        def resolve(source: str) -> str:
            if model_dir and not os.path.isabs(source):
                candidate = os.path.join(model_dir, source)
                if os.path.exists(candidate):
                    return candidate
            return source

        sources: dict[str, str] = {}
        revisions: dict[str, str] = {}
        mapped = json.loads(env.get("PHOTOCEN_DIFFUSERS_MODELS") or "{}")
        for model, value in mapped.items():
            source, _, revision = value.partition("@")
            sources[model] = resolve(source)
            if revision:
                revisions[model] = revision
        default = resolve(env.get("PHOTOCEN_DIFFUSERS_MODEL") or DEFAULT_SOURCE)
        upscaler, _, upscaler_revision = (env.get("PHOTOCEN_DIFFUSERS_UPSCALER") or "").partition(
            "@"
        )
        return cls(
            default,
            sources,
            default_revision=env.get("PHOTOCEN_DIFFUSERS_REVISION") or None,
            revisions=revisions,
            device=env.get("PHOTOCEN_DIFFUSERS_DEVICE") or None,
            dtype=env.get("PHOTOCEN_DIFFUSERS_DTYPE") or None,
            upscaler=resolve(upscaler) if upscaler else None,
            upscaler_revision=upscaler_revision or None,
        )

    def source_for(self, model: str) -> str:
        return self._source(model)[0]

    def _source(self, model: str | None) -> tuple[str, str | None]:
        if model in self.sources:
            return self.sources[model], self.revisions.get(model)
        return self.default_source, self.default_revision

    def pipeline(self, model: str) -> Any:
        source, revision = self._source(model)
        # A directory is its own snapshot; a Hub id loads at its pinned commit (see __init__).
        options = {} if os.path.isdir(source) else {"revision": revision}
        key = f"{source}@{options.get('revision') or ''}"
        with self._lock:
            if key not in self._pipelines:
                from diffusers import AutoPipelineForText2Image

                pipe = AutoPipelineForText2Image.from_pretrained(
                    source, torch_dtype=self.dtype, **options
                )
                pipe = pipe.to(self.device)
                pipe.set_progress_bar_config(disable=True)
                self._pipelines[key] = pipe
            return self._pipelines[key]

    def upscale_pipeline(self) -> Any:
        """The configured x4 upscaler, loaded once (None when none is configured)."""
        if not self.upscaler:
            return None
        options = {} if os.path.isdir(self.upscaler) else {"revision": self.upscaler_revision}
        key = f"upscaler:{self.upscaler}@{options.get('revision') or ''}"
        with self._lock:
            if key not in self._pipelines:
                from diffusers import StableDiffusionUpscalePipeline

                pipe = StableDiffusionUpscalePipeline.from_pretrained(
                    self.upscaler, torch_dtype=self.dtype, **options
                )
                pipe = pipe.to(self.device)
                pipe.set_progress_bar_config(disable=True)
                self._pipelines[key] = pipe
            return self._pipelines[key]

    def upscale(self, image: Image.Image, prompt: str, seed: int, factor: int) -> Image.Image:
        """``factor``x (capped at MAX_UPSCALED_EDGE): the upscaler's, else the resampler's."""
        if factor <= 1:
            return image
        pipe = self.upscale_pipeline()
        if pipe is None:
            return resample_upscale(image, factor)
        import torch

        final = upscaled_size(image.width, image.height, factor)
        # The upscaler multiplies by exactly 4: feed it the final size / 4, on its grid of 8.
        low = (_round8(-(-final[0] // UPSCALE_FACTOR)), _round8(-(-final[1] // UPSCALE_FACTOR)))
        if image.size != low:
            image = image.resize(low, Image.Resampling.LANCZOS)
        larger = pipe(
            prompt=prompt,
            image=image.convert("RGB"),
            num_inference_steps=UPSCALER_STEPS,
            generator=torch.Generator(device="cpu").manual_seed(seed),
            output_type="pil",
        ).images[0]
        if larger.size != final:
            larger = larger.resize(final, Image.Resampling.LANCZOS)
        return larger

    def generate(self, request: InferenceRequest) -> list[Rendered]:
        import torch

        pipe = self.pipeline(request.model)
        reference = _first_data_url(request.reference_images)
        if reference is not None:
            from diffusers import AutoPipelineForImage2Image

            pipe = AutoPipelineForImage2Image.from_pipe(pipe)
        width, height = _round8(request.width), _round8(request.height)
        images = []
        for seed in request.seeds:
            generator = torch.Generator(device="cpu").manual_seed(seed)
            arguments: dict[str, Any] = {
                "prompt": request.prompt,
                "negative_prompt": request.negative_prompt or None,
                "num_inference_steps": _steps(request.steps, request.quality),
                "guidance_scale": request.cfg,
                "generator": generator,
                "output_type": "pil",
            }
            if reference is not None:
                arguments["image"] = reference.resize((width, height))
                arguments["strength"] = REFERENCE_STRENGTH
            else:
                arguments["width"], arguments["height"] = width, height
            image = pipe(**arguments).images[0]
            if image.size != (request.width, request.height):
                image = image.resize((request.width, request.height), Image.Resampling.LANCZOS)
            image = self.upscale(image, request.prompt, seed, request.upscale)
            images.append(Rendered(image, request.prompt))
        return images


def _steps(steps: int, quality: str) -> int:
    return max(1, min(MAX_STEPS, round(steps * QUALITY_STEPS.get(quality, 1.0))))


def _first_data_url(references: tuple[str, ...]) -> Image.Image | None:
    for reference in references:
        if reference.startswith("data:image/") and ";base64," in reference:
            with open_reference(reference) as image:  # refused past MAX_REFERENCE_PIXELS
                return image.convert("RGB")
    return None
