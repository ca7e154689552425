"""Lambda packaging: what goes into the code asset and the layers, and when they rebuild."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from infra import bundling, lockfile
from tests.infra.synth import SKIP_BUNDLING, refusing_bundling

RUNTIME_PROVIDED = set(lockfile.RUNTIME_PROVIDED)
LAMBDA_MARKERS = {
    "python_version": "3.12",
    "python_full_version": "3.12.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "aarch64",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "os_name": "posix",
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, Requirement]:
    lines = (bundling.DEPS_LAYER_DIR / "requirements.txt").read_text().splitlines()
    requirements = [
        Requirement(line) for line in lines if line.strip() and not line.startswith("#")
    ]
    return {_canonical(r.name): r for r in requirements}


def test_deps_layer_pins_are_the_lock_s_runtime_closure() -> None:
    # The layer's requirements are generated from uv.lock (`make lock`), never hand-kept
    committed = (bundling.DEPS_LAYER_DIR / "requirements.txt").read_text()

    assert committed == lockfile.layer_requirements(), (
        "layers/deps/requirements.txt is stale: run `make lock`"
    )


def test_deps_layer_pins_exactly_the_versions_the_tests_run_with() -> None:
    for name, requirement in _pins().items():
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{name} is not pinned exactly"
        assert specifier.version == distribution(name).version, (
            f"{name}: layer pins {specifier.version}, venv has {distribution(name).version}"
            " (run `make install`: the venv is synced from uv.lock)"
        )


def test_deps_layer_pins_the_whole_closure_except_what_the_runtime_ships() -> None:
    # Given pip runs with --no-deps, every dependency must be pinned explicitly
    pins = _pins()
    missing = set()
    for name, requirement in pins.items():
        for dependency in distribution(name).requires or []:
            dep = Requirement(dependency)
            environments = [{**LAMBDA_MARKERS, "extra": e} for e in (requirement.extras or {""})]
            if dep.marker and not any(
                Marker(str(dep.marker)).evaluate(env) for env in environments
            ):
                continue
            if _canonical(dep.name) not in pins and _canonical(dep.name) not in RUNTIME_PROVIDED:
                missing.add(f"{dep.name} (needed by {name})")

    assert missing == set()
    assert not set(pins) & RUNTIME_PROVIDED, "boto3 & co come with the runtime"


def test_pip_builds_for_lambda_python_312_on_arm64_from_the_asset_source() -> None:
    command = bundling.pip_command()

    assert command[:2] == ["pip", "install"]
    platforms = [command[i + 1] for i, arg in enumerate(command) if arg == "--platform"]
    assert "manylinux_2_28_aarch64" in platforms  # Pillow 13 ships only manylinux_2_28
    assert "manylinux2014_aarch64" in platforms  # pydantic-core ships only manylinux_2_17
    assert all(p.endswith("_aarch64") for p in platforms)
    assert command[command.index("--python-version") + 1] == "3.12"
    assert command[command.index("--implementation") + 1] == "cp"
    assert "--only-binary=:all:" in command
    assert "--no-deps" in command
    assert command[command.index("--target") + 1] == "/asset-output/python"
    # The requirements file lives in the asset source, so it is part of the asset hash.
    assert command[command.index("--requirement") + 1] == "/asset-input/requirements.txt"


def test_local_pip_call_maps_the_container_paths(tmp_path: Path) -> None:
    args = bundling.local_pip_args(bundling.pip_command(), Path("/src"), tmp_path)

    assert args[1:3] == ["-m", "pip"]
    assert f"{tmp_path}/python" in args
    assert "/src/requirements.txt" in args
    assert not [a for a in args if "/asset-" in a]


def test_shared_layer_is_the_runtime_package_and_nothing_else(tmp_path: Path) -> None:
    bundling.copy_tree(bundling.SHARED_LAYER_DIR, tmp_path, "python", list(bundling.SHARED_EXCLUDE))
    layer = tmp_path / "python"

    assert sorted(p.name for p in layer.iterdir()) == ["photocen"]
    for package in ("platform", "accounts", "credits", "catalog", "delivery", "generation"):
        assert (layer / "photocen" / package / "__init__.py").is_file()
    # the local cloud and the operator CLI are not in the layer's tree at all
    assert not list(layer.rglob("devstack"))
    assert not list(layer.rglob("cli.py"))
    assert not list(tmp_path.rglob("__pycache__"))
    assert bundling.SHARED_EXCLUDE == ("__pycache__", "*.pyc")


def test_code_asset_is_the_functions_package(tmp_path: Path) -> None:
    bundling.copy_tree(
        bundling.FUNCTIONS_DIR, tmp_path, "functions", list(bundling.FUNCTIONS_EXCLUDE)
    )

    assert (tmp_path / "functions" / "__init__.py").is_file()
    for name in ("authorizer", "account", "meta"):
        assert (tmp_path / "functions" / name / "handler.py").is_file()
    assert (tmp_path / "functions" / "meta" / "docs.html").is_file()  # package data too
    assert not list(tmp_path.rglob("__pycache__"))
    assert not list(tmp_path.rglob("tests"))


# ---------------------------------------------------------------- asset hashes
def _asset_hash(code_factory, source: Path) -> str:  # type: ignore[no-untyped-def]
    """The asset hash CDK gives a code asset (bundling skipped, as in tests)."""
    from aws_cdk import App, Stack

    stack = Stack(App(context=SKIP_BUNDLING), "Hash")
    with refusing_bundling():
        config = code_factory(source).bind(stack)
    return config.s3_location.object_key


@pytest.fixture
def deps_source(tmp_path: Path) -> Path:
    source = tmp_path / "deps"
    source.mkdir()
    shutil.copy(bundling.DEPS_LAYER_DIR / "requirements.txt", source)
    return source


def test_deps_layer_rebuilds_when_requirements_change(deps_source: Path) -> None:
    before = _asset_hash(bundling.deps_asset, deps_source)
    assert _asset_hash(bundling.deps_asset, deps_source) == before  # deterministic

    with (deps_source / "requirements.txt").open("a") as file:
        file.write("idna==3.10\n")

    assert _asset_hash(bundling.deps_asset, deps_source) != before


def test_deps_layer_rebuilds_when_the_pip_recipe_changes(
    deps_source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _asset_hash(bundling.deps_asset, deps_source)

    monkeypatch.setattr(bundling, "PYTHON_VERSION", "3.13")

    assert _asset_hash(bundling.deps_asset, deps_source) != before


def test_shared_layer_rebuilds_when_the_package_changes(tmp_path: Path) -> None:
    source = tmp_path / "shared"
    shutil.copytree(bundling.SHARED_LAYER_DIR, source, ignore=shutil.ignore_patterns("__pycache__"))

    def shared(path: Path):  # type: ignore[no-untyped-def]
        return bundling.copy_asset(path, "python", bundling.SHARED_EXCLUDE)

    before = _asset_hash(shared, source)
    (source / "photocen" / "__pycache__").mkdir(exist_ok=True)
    (source / "photocen" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert _asset_hash(shared, source) == before

    (source / "photocen" / "resources.py").write_text("# changed\n")
    assert _asset_hash(shared, source) != before


def test_every_handler_imports_from_the_lambda_layout(tmp_path: Path) -> None:
    # Given the code asset and the shared layer laid out as Lambda mounts them
    # (/var/task and /opt/python); third-party packages come from the venv
    from devstack.environment import function_environment

    bundling.copy_tree(
        bundling.FUNCTIONS_DIR, tmp_path / "task", "functions", list(bundling.FUNCTIONS_EXCLUDE)
    )
    bundling.copy_tree(
        bundling.SHARED_LAYER_DIR, tmp_path / "opt", "python", list(bundling.SHARED_EXCLUDE)
    )
    handlers = sorted(p.parent.name for p in (tmp_path / "task" / "functions").glob("*/handler.py"))
    script = (
        "import importlib, json, sys\n"
        f"for name in {handlers!r}:\n"
        "    importlib.import_module(f'functions.{name}.handler')\n"
        "import photocen\n"
        "print(json.dumps({'photocen': photocen.__file__, 'local_only': sorted(\n"
        "    m for m in sys.modules if m.split('.')[0] in ('devstack', 'infra', 'tests'))}))\n"
    )
    env = {
        **os.environ,
        **function_environment("http://127.0.0.1:9"),
        "PYTHONPATH": f"{tmp_path / 'task'}{os.pathsep}{tmp_path / 'opt' / 'python'}",
    }

    # When every handler module is imported, as Lambda does at cold start
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )

    # Then all import, photocen comes from the layer, and nothing local-only was needed
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["photocen"].startswith(str(tmp_path / "opt" / "python"))
    assert loaded["local_only"] == []
    assert {"authorizer", "account", "meta"} <= set(handlers)
