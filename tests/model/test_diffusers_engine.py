"""The diffusers engine through the SageMaker contract, on a tiny pipeline built from configs
with random weights (no download). Runs in its own environment: ``make test-model``."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
diffusers = pytest.importorskip("diffusers")
transformers = pytest.importorskip("transformers")

from PIL import Image  # noqa: E402

from model import contract, inference  # noqa: E402
from tests.crafted_images import data_url, png_declaring  # noqa: E402

TOKENS = ["<|startoftext|>", "!", "<|endoftext|>"] + [
    f"{c}{suffix}" for c in "abcdefghijklmnopqrstuvwxyz" for suffix in ("", "</w>")
]


def build_tiny_pipeline(directory: Path) -> Path:
    """A Stable Diffusion pipeline of a few thousand random weights, saved like a real one."""
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(4, 8),
        layers_per_block=1,
        sample_size=16,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=16,
        norm_num_groups=2,
        attention_head_dim=2,
    )
    vae = AutoencoderKL(
        block_out_channels=[4, 8],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
        up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"],
        latent_channels=4,
        norm_num_groups=2,
    )
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=2,
            pad_token_id=1,
            hidden_size=16,
            intermediate_size=32,
            num_attention_heads=2,
            num_hidden_layers=2,
            vocab_size=len(TOKENS),
            max_position_embeddings=77,
        )
    )
    vocab = directory / "vocab.json"
    merges = directory / "merges.txt"
    vocab.write_text(json.dumps({token: i for i, token in enumerate(TOKENS)}))
    merges.write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(vocab), str(merges), model_max_length=77)
    scheduler = DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
    )
    pipeline = StableDiffusionPipeline(
        unet=unet,
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    target = directory / "tiny-sd"
    pipeline.save_pretrained(target)
    return target


def build_tiny_upscaler(directory: Path) -> Path:
    """A StableDiffusionUpscalePipeline (x4) of random weights, from configs like the real one
    (a VAE that scales by 4, a UNet fed latents + the low-res image, noise-level classes)."""
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        DDPMScheduler,
        StableDiffusionUpscalePipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(8, 8, 16),
        layers_per_block=1,
        sample_size=16,
        in_channels=7,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=16,
        norm_num_groups=4,
        attention_head_dim=2,
        use_linear_projection=True,
        num_class_embeds=400,
    )
    vae = AutoencoderKL(
        block_out_channels=[4, 8, 8],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 3,
        up_block_types=["UpDecoderBlock2D"] * 3,
        latent_channels=4,
        norm_num_groups=2,
    )
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=2,
            pad_token_id=1,
            hidden_size=16,
            intermediate_size=32,
            num_attention_heads=2,
            num_hidden_layers=2,
            vocab_size=len(TOKENS),
            max_position_embeddings=77,
        )
    )
    vocab = directory / "vocab.json"
    merges = directory / "merges.txt"
    vocab.write_text(json.dumps({token: i for i, token in enumerate(TOKENS)}))
    merges.write_text("#version: 0.2\n")
    pipeline = StableDiffusionUpscalePipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=CLIPTokenizer(str(vocab), str(merges), model_max_length=77),
        unet=unet,
        low_res_scheduler=DDPMScheduler(),
        scheduler=DDIMScheduler(prediction_type="v_prediction"),
        max_noise_level=350,
    )
    target = directory / "tiny-upscaler"
    pipeline.save_pretrained(target)
    return target


COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("model")
    build_tiny_pipeline(directory)
    build_tiny_upscaler(directory)
    return directory


@pytest.fixture
def engine(model_dir: Path, monkeypatch: pytest.MonkeyPatch):
    # Given the endpoint's configuration: the diffusers engine, its pipeline inside model_dir
    monkeypatch.setenv("PHOTOCEN_ENGINE", "diffusers")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODEL", "tiny-sd")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_DEVICE", "cpu")
    return inference.model_fn(str(model_dir))


def run(engine, **overrides) -> list[dict]:
    document = {
        "job_id": "gen_test",
        "prompt": "a red bicycle",
        "negative_prompt": "blurry",
        "model": "flux-schnell",
        "style": None,
        "width": 64,
        "height": 64,
        "steps": 2,
        "cfg": 2.0,
        "seeds": [7],
        **overrides,
    }
    request = inference.input_fn(json.dumps(document).encode(), "application/json")
    body = inference.output_fn(inference.predict_fn(request, engine), "application/json")
    output = json.loads(body)
    assert output["engine"] == "diffusers"
    return output["images"]


def decode(image: dict) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(image["data"])))


def test_model_fn_loads_the_configured_pipeline_from_the_model_dir(engine, model_dir):
    assert engine.name == "diffusers"
    assert engine.source_for("anything") == str(model_dir / "tiny-sd")
    assert type(engine.pipeline("flux-schnell")).__name__ == "StableDiffusionPipeline"


def test_one_image_per_seed_at_exactly_the_requested_size(engine):
    images = run(engine, width=60, height=44, seeds=[1, 2])
    assert [i["seed"] for i in images] == [1, 2]
    assert all(decode(i).size == (60, 44) for i in images)


def test_a_seed_reproduces_its_image(engine):
    first, second = run(engine, seeds=[5]), run(engine, seeds=[5])
    other = run(engine, seeds=[6])
    assert decode(first[0]).tobytes() == decode(second[0]).tobytes()
    assert decode(first[0]).tobytes() != decode(other[0]).tobytes()


def test_model_ids_map_to_their_own_pipelines(model_dir, monkeypatch):
    monkeypatch.setenv("PHOTOCEN_ENGINE", "diffusers")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODEL", "stabilityai/never-downloaded")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_REVISION", COMMIT)
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODELS", json.dumps({"sdxl-lightning": "tiny-sd"}))
    engine = inference.model_fn(str(model_dir))
    assert engine.source_for("sdxl-lightning") == str(model_dir / "tiny-sd")
    assert engine.source_for("flux-2-dev") == "stabilityai/never-downloaded"
    assert decode(run(engine, model="sdxl-lightning")[0]).size == (64, 64)


def test_a_hub_model_is_refused_unless_pinned_to_a_full_commit(model_dir, monkeypatch):
    monkeypatch.setenv("PHOTOCEN_ENGINE", "diffusers")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODEL", "stabilityai/sdxl-turbo")
    # A missing revision, a branch, a tag or a short hash could all move: refused at start
    for revision in ("", "main", "v1.0", COMMIT[:7], COMMIT.upper()):
        monkeypatch.setenv("PHOTOCEN_DIFFUSERS_REVISION", revision)
        with pytest.raises(ValueError, match="pinned"):
            inference.model_fn(str(model_dir))
    # A Hub id mapped to a PhotoCen model needs its own pin
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_REVISION", COMMIT)
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODELS", json.dumps({"sdxl-lightning": "org/other"}))
    with pytest.raises(ValueError, match="org/other"):
        inference.model_fn(str(model_dir))


def test_a_hub_model_loads_at_its_pinned_commit(model_dir, monkeypatch):
    # Given from_pretrained recording what it is asked for (and loading the tiny local
    # pipeline instead, so nothing is downloaded)
    from diffusers import AutoPipelineForText2Image

    real = AutoPipelineForText2Image.from_pretrained
    calls: list[tuple[str, str | None]] = []

    def recording(source, **kwargs):
        calls.append((source, kwargs.get("revision")))
        return real(str(model_dir / "tiny-sd"), torch_dtype=kwargs["torch_dtype"])

    monkeypatch.setattr(AutoPipelineForText2Image, "from_pretrained", recording)
    other = "f" * 40
    monkeypatch.setenv("PHOTOCEN_ENGINE", "diffusers")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODEL", "stabilityai/sdxl-turbo")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_REVISION", COMMIT)
    monkeypatch.setenv(
        "PHOTOCEN_DIFFUSERS_MODELS",
        json.dumps({"sdxl-lightning": f"org/other@{other}", "flux-schnell": "tiny-sd"}),
    )
    engine = inference.model_fn(str(model_dir))
    # When each model runs
    for model in ("stable-diffusion-xl", "sdxl-lightning", "flux-schnell"):
        assert decode(run(engine, model=model)[0]).size == (64, 64)
    # Then each Hub id loaded at its own commit, and the artifact's copy as it is
    assert calls == [
        ("stabilityai/sdxl-turbo", COMMIT),
        ("org/other", other),
        (str(model_dir / "tiny-sd"), None),
    ]


def test_a_reference_image_switches_to_image_to_image(engine):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, format="PNG")
    reference = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    images = run(engine, reference_images=[reference], steps=3)
    assert decode(images[0]).size == (64, 64)


def test_the_engine_caps_pillow_and_refuses_an_over_cap_reference_itself(engine):
    # Once the engine has started, Pillow's process-wide bomb limit is the reference cap
    assert Image.MAX_IMAGE_PIXELS == contract.MAX_REFERENCE_PIXELS
    # and a request that skipped input_fn still never decodes a 13000x13000 declaration
    request = inference.InferenceRequest(
        job_id="gen_test",
        prompt="a red bicycle",
        negative_prompt="",
        model="flux-schnell",
        style=None,
        width=64,
        height=64,
        steps=2,
        cfg=2.0,
        seeds=(7,),
        reference_images=(data_url("image/png", png_declaring(13_000, 13_000)),),
    )
    with pytest.raises(inference.InvalidRequest, match="reference image"):
        engine.generate(request)


def test_the_default_engine_is_procedural(monkeypatch):
    monkeypatch.delenv("PHOTOCEN_ENGINE", raising=False)
    assert inference.model_fn("").name == "procedural"


def test_each_image_is_captioned_with_its_prompt(engine):
    (image,) = run(engine, prompt="a red bicycle in the city")
    assert image["caption"] == "a red bicycle in the city"


def test_quality_multiplies_the_steps(engine, monkeypatch):
    pipe = engine.pipeline("flux-schnell")
    seen: list[int] = []
    real = type(pipe).__call__

    def counting(self, *args, **kwargs):
        seen.append(kwargs["num_inference_steps"])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(pipe), "__call__", counting)
    for quality in ("standard", "hd", "ultra"):
        run(engine, steps=2, quality=quality)
    assert seen == [2, 3, 4]


def test_without_an_upscaler_4x_is_the_local_resampler(engine):
    (image,) = run(engine, width=40, height=32, upscale=4)
    assert (image["width"], image["height"]) == (160, 128)
    assert decode(image).size == (160, 128)


def test_with_an_upscaler_4x_runs_the_upscale_pipeline(model_dir, monkeypatch):
    monkeypatch.setenv("PHOTOCEN_ENGINE", "diffusers")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODEL", "tiny-sd")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_UPSCALER", "tiny-upscaler")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_DEVICE", "cpu")
    engine = inference.model_fn(str(model_dir))
    assert type(engine.upscale_pipeline()).__name__ == "StableDiffusionUpscalePipeline"
    (image,) = run(engine, width=32, height=24, upscale=4)
    assert (image["width"], image["height"]) == (128, 96)
    # not the resampler's answer: the upscaler drew the pixels (random weights: noise)
    plain = run(engine, width=32, height=24)[0]
    resampled = contract.resample_upscale(decode(plain).convert("RGB"), 4)
    assert decode(image).convert("RGB").tobytes() != resampled.tobytes()


def test_an_upscaler_from_the_hub_must_be_pinned(model_dir, monkeypatch):
    monkeypatch.setenv("PHOTOCEN_ENGINE", "diffusers")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_MODEL", "tiny-sd")
    monkeypatch.setenv("PHOTOCEN_DIFFUSERS_UPSCALER", "stabilityai/stable-diffusion-x4-upscaler")
    with pytest.raises(ValueError, match="upscaler"):
        inference.model_fn(str(model_dir))
    monkeypatch.setenv(
        "PHOTOCEN_DIFFUSERS_UPSCALER", f"stabilityai/stable-diffusion-x4-upscaler@{COMMIT}"
    )
    assert inference.model_fn(str(model_dir)).upscaler_revision == COMMIT
