"""``make bench-coldstart``: how long each Lambda handler takes to import, against boto3.

For every function behind the API (``photocen.platform.routes.functions()``), the
authorizer, and any other ``functions/*/handler.py`` (event-driven functions too), a fresh
interpreter imports ``functions.<name>.handler`` with the environment the CDK would give it
(``function_environment`` pointed at a closed loopback port) and reports the import time.
A bare ``import boto3`` is measured the same way, in the same run, interleaved with the
handlers so that load from other processes falls on all of them alike: the ratio is the
figure to compare between machines, not the milliseconds.

Importing must need no live server. Each child records every ``socket.connect`` and DNS
lookup (``sys.addaudithook``) and refuses them; a handler that tries one is reported.
One more child per function runs with ``-X importtime``: the table shows the five
top-level packages with the most import time of their own.

    .venv/bin/python bench/coldstart.py [--repeat 7] [--json bench/out/coldstart.json]

The exit status is 1 only if a handler fails to import or does network I/O at import.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared")]

from photocen.platform.routes import AUTHORIZER_FUNCTION, functions  # noqa: E402

from devstack.environment import function_environment  # noqa: E402

BASELINE = "boto3"
DUMMY_ENDPOINT = "http://127.0.0.1:9"  # discard port: nothing listens, nothing is reached

# Runs in each fresh interpreter: time one import, refuse and record any network access.
CHILD = r"""
import json, sys, time
attempts = []
def audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        attempts.append(f"{event} {args[1] if event == 'socket.connect' else args[:2]!r}")
        raise ConnectionRefusedError("coldstart bench: no network at import")
sys.addaudithook(audit)
error = None
start = time.perf_counter()
try:
    __import__(sys.argv[1])
except BaseException as exc:
    error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
elapsed = time.perf_counter() - start
print(json.dumps({"ms": elapsed * 1000, "network": attempts, "error": error}))
"""

IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def handler_names() -> list[str]:
    found = {p.parent.name for p in (ROOT / "functions").glob("*/handler.py")}
    return sorted(set(functions()) | {AUTHORIZER_FUNCTION} | found)


def child_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PHOTOCEN_", "AWS_", "POWERTOOLS_", "PYTHON"))
    }
    env.update(function_environment(DUMMY_ENDPOINT))
    # Nothing on this machine may lend credentials or config that changes what boto3 loads.
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    # What the Lambda runtime sets: libraries that branch on it (the X-Ray SDK builds a
    # botocore client for its sampler outside Lambda, ~100 ms) take their Lambda path.
    env["LAMBDA_TASK_ROOT"] = str(ROOT)
    env["AWS_EXECUTION_ENV"] = f"AWS_Lambda_python{sys.version_info.major}.{sys.version_info.minor}"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "layers" / "shared")])
    return env


def module_of(target: str) -> str:
    return BASELINE if target == BASELINE else f"functions.{target}.handler"


def lambda_env(env: dict[str, str], target: str) -> dict[str, str]:
    return {**env, "AWS_LAMBDA_FUNCTION_NAME": f"photocen-{target}"}


def measure(target: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, module_of(target)],
        cwd=ROOT,
        env=lambda_env(env, target),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"ms": float("nan"), "network": [], "error": done.stderr.strip()[-300:]}
    return json.loads(lines[-1])


def heaviest_packages(target: str, env: dict[str, str], top: int = 5) -> list[tuple[str, float]]:
    """Top-level packages by their own (self) import time, from ``-X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", CHILD, module_of(target)],
        cwd=ROOT,
        env=lambda_env(env, target),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        match = IMPORTTIME.match(line)
        if match:
            totals[match.group(4).split(".")[0]] += int(match.group(1)) / 1000
    return sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="fresh imports per function")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-importtime", action="store_true", help="skip the top-5 column")
    args = parser.parse_args(argv)

    env = child_env()
    targets = [BASELINE, *handler_names()]
    for target in targets:  # warm-up: bytecode caches written, disk cache hot; not counted
        measure(target, env)
    samples: dict[str, list[float]] = {t: [] for t in targets}
    problems: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    for round_ in range(args.repeat):
        # Interleaved, and rotated each round, so no function always runs first or last.
        shift = round_ % len(targets)
        for target in targets[shift:] + targets[:shift]:
            result = measure(target, env)
            if result["error"] or result["network"]:
                problems[target] = result
            samples[target].append(result["ms"])
    heavy = {} if args.no_importtime else {t: heaviest_packages(t, env) for t in targets}

    baseline = statistics.median(samples[BASELINE])
    rows = []
    for target in targets:
        median = statistics.median(samples[target])
        rows.append(
            {
                "function": f"{BASELINE} (baseline)" if target == BASELINE else target,
                "median_ms": round(median, 1),
                "min_ms": round(min(samples[target]), 1),
                "ratio_to_boto3": round(median / baseline, 2),
                "heaviest": [(name, round(ms, 1)) for name, ms in heavy.get(target, [])],
                "problem": problems.get(target),
            }
        )

    print(
        f"Handler import time, median of {args.repeat} fresh interpreters "
        f"({time.monotonic() - started:.0f} s, Python {sys.version.split()[0]}):\n"
    )
    print(
        f"{'function':<18} {'median ms':>10} {'min ms':>8} {'x boto3':>8}   "
        "heaviest packages (self ms)"
    )
    print("-" * 100)
    for row in rows:
        heaviest = ", ".join(f"{name} {ms:.0f}" for name, ms in row["heaviest"])
        print(
            f"{row['function']:<18} {row['median_ms']:>10.1f} {row['min_ms']:>8.1f} "
            f"{row['ratio_to_boto3']:>7.2f}x   {heaviest}"
        )
    for target, problem in problems.items():
        if problem["network"]:
            print(f"\n! {target}: network I/O at import: {'; '.join(problem['network'][:3])}")
        if problem["error"]:
            print(f"\n! {target}: import failed: {problem['error']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"repeat": args.repeat, "rows": rows}, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
