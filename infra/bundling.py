"""How Python code reaches Lambda: one code asset and two layers, bundled locally (no Docker).

- code asset: ``functions/`` copied as the package ``functions`` (handler strings are
  ``functions.<name>.handler.lambda_handler``, the import path the tests use);
- shared layer: ``layers/shared/photocen`` at ``python/photocen`` (the runtime package and
  nothing else: the local cloud and the operator CLI live in ``devstack/``, outside the layer);
- deps layer: ``layers/deps/requirements.txt`` installed with pip for CPython 3.12 on
  ``manylinux_*_aarch64`` at ``python/``.

The bundlers are stateless: everything they do is read from the ``BundlingOptions`` they are
handed (``command`` / ``environment``), which CDK folds into the asset hash together with the
source directory's fingerprint. So a change to the recipe or to ``requirements.txt`` changes the
asset hash and rebuilds the asset; CDK does not hash the bundler objects themselves, so state
kept on them would not trigger a rebuild.

Tests set the context ``aws:cdk:bundling-stacks`` to ``[]``: CDK then skips bundling entirely
and points the assets at their source directories (no copy, no pip).
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS_DIR = ROOT / "functions"
SHARED_LAYER_DIR = ROOT / "layers" / "shared"
DEPS_LAYER_DIR = ROOT / "layers" / "deps"

RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64
PYTHON_VERSION = "3.12"
# Lambda's python3.12 runtime is Amazon Linux 2023 (glibc 2.34). pip does not widen a
# `manylinux_2_28` --platform to older glibc tags, and pydantic-core only ships
# `manylinux_2_17` aarch64 wheels, so every tag the runtime can load is listed, newest first.
# Pillow 13 ships only `manylinux_2_28` wheels: without that tag pip picks an older Pillow.
GLIBC_MINORS = range(34, 16, -1)
PLATFORMS = (*(f"manylinux_2_{minor}_aarch64" for minor in GLIBC_MINORS), "manylinux2014_aarch64")

# Never pulled: local bundling always succeeds or raises. Named so that a reader (or a
# future Docker fallback) knows which environment the local recipe imitates.
_BUNDLING_IMAGE = DockerImage.from_registry("public.ecr.aws/sam/build-python3.12:latest-arm64")
_INPUT = "/asset-input"
_OUTPUT = "/asset-output"

# Build leftovers only: the layer's source tree holds nothing local-only (no exclude list).
SHARED_EXCLUDE = ("__pycache__", "*.pyc")
FUNCTIONS_EXCLUDE = ("tests", "__pycache__", "*.pyc")


def _excluded(relative: str, patterns: list[str]) -> bool:
    """A pattern with a slash matches the whole relative path; one without, any path segment."""
    parts = relative.split("/")
    for pattern in patterns:
        if "/" in pattern:
            if fnmatch.fnmatch(relative, pattern):
                return True
        elif any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def copy_tree(source: Path, output_dir: Path, copy_to: str, exclude: list[str]) -> None:
    """Copy ``source`` into ``output_dir/copy_to``, skipping excluded paths."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        base = Path(directory).relative_to(source).as_posix()
        prefix = "" if base == "." else f"{base}/"
        return {n for n in names if _excluded(prefix + n, exclude)}

    shutil.copytree(source, output_dir / copy_to, ignore=ignore, dirs_exist_ok=True)


def local_pip_args(command: list[str], source: Path, output_dir: Path) -> list[str]:
    """The bundling command (written for the SAM build image) as a local ``pip`` call."""
    if command[:1] != ["pip"]:
        raise ValueError(f"PipBundling runs pip commands only, got {command[:1]}")
    args = [a.replace(_INPUT, str(source)).replace(_OUTPUT, str(output_dir)) for a in command[1:]]
    return [sys.executable, "-m", "pip", *args]


@jsii.implements(ILocalBundling)
class CopyBundling:
    """Copy the asset source into ``<output>/<PHOTOCEN_COPY_TO>``, skipping excluded paths.

    Reads ``PHOTOCEN_COPY_TO`` and ``PHOTOCEN_COPY_EXCLUDE`` (a JSON list) from the bundling
    environment, so the recipe is part of the asset hash.
    """

    def __init__(self, source: Path) -> None:
        self._source = source  # the asset's own source dir (fingerprinted), not recipe state

    def try_bundle(self, output_dir: str, *, environment: Any = None, **_: Any) -> bool:
        env = dict(environment or {})
        copy_tree(
            self._source,
            Path(output_dir),
            env["PHOTOCEN_COPY_TO"],
            json.loads(env["PHOTOCEN_COPY_EXCLUDE"]),
        )
        return True


@jsii.implements(ILocalBundling)
class PipBundling:
    """Run the bundling ``command`` (a ``pip install …`` line) with this machine's Python.

    The command is written for the SAM build image (``/asset-input``, ``/asset-output``);
    locally those paths are mapped to the source and output directories.
    """

    def __init__(self, source: Path) -> None:
        self._source = source

    def try_bundle(self, output_dir: str, *, command: Any = None, **_: Any) -> bool:
        args = local_pip_args(list(command or []), self._source, Path(output_dir))
        result = subprocess.run(args, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(
                f"bundling the dependencies layer failed (pip exit {result.returncode}):\n"
                f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        return True


def pip_command() -> list[str]:
    """The pip line that builds the deps layer (exact pins, no dependency resolution)."""
    platforms = [arg for platform in PLATFORMS for arg in ("--platform", platform)]
    return [
        "pip",
        "install",
        "--no-deps",  # requirements.txt is the complete, pinned closure
        "--no-compile",  # .pyc from this machine's Python would not match Lambda's 3.12
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        *platforms,
        "--target",
        f"{_OUTPUT}/python",
        "--requirement",
        f"{_INPUT}/requirements.txt",
    ]


def copy_asset(source: Path, copy_to: str, exclude: tuple[str, ...]) -> lambda_.AssetCode:
    return lambda_.Code.from_asset(
        str(source),
        asset_hash_type=AssetHashType.SOURCE,
        exclude=list(exclude),  # keeps local-only files out of the fingerprint too
        bundling=BundlingOptions(
            image=_BUNDLING_IMAGE,
            environment={
                "PHOTOCEN_COPY_TO": copy_to,
                "PHOTOCEN_COPY_EXCLUDE": json.dumps(list(exclude)),
            },
            local=CopyBundling(source),
        ),
    )


def deps_asset(source: Path = DEPS_LAYER_DIR) -> lambda_.AssetCode:
    """``source`` holds ``requirements.txt`` and nothing else: the file is the fingerprint."""
    return lambda_.Code.from_asset(
        str(source),
        asset_hash_type=AssetHashType.SOURCE,
        bundling=BundlingOptions(
            image=_BUNDLING_IMAGE,
            command=pip_command(),
            local=PipBundling(source),
        ),
    )


class LambdaPackaging(Construct):
    """The code asset and the two layers, created once per stack and shared by every function.

    Get it with ``LambdaPackaging.of(scope)``; never construct it directly.
    """

    ID = "LambdaPackaging"

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.code = copy_asset(FUNCTIONS_DIR, "functions", FUNCTIONS_EXCLUDE)
        self.shared_layer = lambda_.LayerVersion(
            self,
            "SharedLayer",
            code=copy_asset(SHARED_LAYER_DIR, "python", SHARED_EXCLUDE),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="PhotoCen shared package (photocen)",
        )
        self.deps_layer = lambda_.LayerVersion(
            self,
            "DepsLayer",
            code=deps_asset(),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="PhotoCen third-party dependencies (layers/deps/requirements.txt)",
        )

    @property
    def layers(self) -> list[lambda_.ILayerVersion]:
        return [self.deps_layer, self.shared_layer]

    @classmethod
    def of(cls, scope: Construct) -> LambdaPackaging:
        stack = Stack.of(scope)
        existing = stack.node.try_find_child(cls.ID)
        if existing is None:
            return cls(stack, cls.ID)
        if not isinstance(existing, cls):
            raise TypeError(f"{cls.ID} is taken by {type(existing).__name__}")
        return existing
