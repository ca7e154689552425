"""The `model` extra and the SageMaker artifact's requirements name the same packages."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _names(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            name = line.split("=")[0].split(">")[0].split("<")[0].strip().lower()
            out[name] = line
    return out


def test_model_extra_matches_the_artifact_requirements_plus_torch():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["model"]
    artifact = (ROOT / "model" / "requirements.txt").read_text().splitlines()
    expected = _names(artifact)
    got = _names(extra)
    assert got.pop("torch") == "torch==2.13.0"
    assert got == expected


def test_every_style_has_its_pre_rendered_thumbnail():
    from photocen.generation.catalog import STYLES
    from PIL import Image

    folder = ROOT / "functions" / "generate" / "thumbnails"
    for style in STYLES:
        with Image.open(folder / f"{style}.webp") as picture:
            assert picture.size == (256, 256), style
