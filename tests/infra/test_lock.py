"""One lock is the source of every version: uv.lock for the dev venv and the Lambda layer,
model/requirements.lock for the model environment (pip, because of the on-disk torch wheel)."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

from infra import lockfile

ROOT = lockfile.ROOT


def _lock_versions() -> dict[str, set[str]]:
    """Every version uv.lock holds per package (a universal lock may fork by Python version)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    versions: dict[str, set[str]] = {}
    for package in lock["package"]:
        versions.setdefault(package["name"], set()).add(package.get("version", ""))
    return versions


def test_uv_lock_agrees_with_pyproject() -> None:
    # `uv sync --locked` (make install) would refuse a stale lock; fail here first, offline
    result = subprocess.run(
        [lockfile.uv(), "lock", "--check", "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_the_makefile_bootstraps_the_uv_that_the_lock_pins() -> None:
    makefile = (ROOT / "Makefile").read_text()
    (bootstrap,) = re.findall(r"^UV_VERSION := (\S+)$", makefile, flags=re.MULTILINE)
    dev_group = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["dev"]

    assert f"uv=={bootstrap}" in dev_group
    assert _lock_versions()["uv"] == {bootstrap}


def test_installed_dev_environment_is_the_lock() -> None:
    # Given make install ran `uv sync --locked`, every locked runtime/dev package is at its pin
    from importlib.metadata import PackageNotFoundError, version

    drift = {}
    for name, locked in _lock_versions().items():
        if name == "photocen" or not locked:
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # locked for another platform or an optional group (bench)
        if installed not in locked:
            drift[name] = (locked, installed)

    assert drift == {}


def test_model_lock_pins_the_whole_closure_exactly() -> None:
    lines = [
        line.split("#")[0].strip()
        for line in lockfile.MODEL_LOCK.read_text().splitlines()
        if line.split("#")[0].strip()
    ]

    assert lines, "model/requirements.lock is empty"
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==\S+", line) for line in lines), lines
    # the CPU wheel on disk, never a CUDA build from the registry
    assert lockfile.pins(lockfile.MODEL_LOCK.read_text())["torch"] == "2.13.0+cpu"


def test_model_lock_covers_what_requirements_in_asks_for() -> None:
    wanted = {
        lockfile.canonical(re.split(r"[<>=!~\[ ]", line.split("#")[0].strip())[0])
        for line in (lockfile.MODEL_DIR / "requirements.in").read_text().splitlines()
        if line.split("#")[0].strip()
    }

    assert wanted <= set(lockfile.pins(lockfile.MODEL_LOCK.read_text()))


def test_sagemaker_artifact_pins_come_from_the_model_lock() -> None:
    artifact = lockfile.MODEL_ARTIFACT_REQUIREMENTS.read_text()

    assert artifact == lockfile.artifact_requirements(lockfile.MODEL_LOCK.read_text()), (
        "model/requirements.txt is stale: run `make lock-model`"
    )
    assert "torch" not in lockfile.pins(artifact)  # the serving container brings its own


def test_the_cdk_cli_is_locked_at_major_2() -> None:
    # `latest` on the registry is an incompatible 3.x; `npm ci` installs exactly this
    lock = json.loads((ROOT / "package-lock.json").read_text())

    assert lock["packages"]["node_modules/aws-cdk"]["version"].startswith("2.")
