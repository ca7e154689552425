"""Schemathesis over every operation of ``/openapi.json``, against the local stack.

The stack runs on free loopback ports (``tests.api.loopback_stack``: no name is looked up and
no connection leaves loopback), schemathesis runs as its CLI with ``tests/api/schemathesis.toml``
(every check on, fixed seed, deterministic, bounded examples; what is switched off says why)
and the demo token. Any failure fails the test; the CLI's report is the test's output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, LocalStack, start_local_stack, stop_local_stack

CONFIG = Path(__file__).with_name("schemathesis.toml")
# The whole run (all phases, every operation); the config's example counts keep it well inside.
MAX_SECONDS = 240

pytestmark = pytest.mark.api


@pytest.fixture(scope="module")
def loopback_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    # The fuzzer sends thousands of requests a minute with the demo token: the demo account
    # is on the partner plan (3,000 a minute per key, 1,000,000 a day, 100 jobs in flight) so
    # that its answers are about the requests, not the limits. A 429 would still be a
    # documented answer (schemathesis.toml); the limits are tested in tests/integration/limits
    # and tests/e2e/test_rate_limits.py.
    stack = start_local_stack(
        tmp_path_factory.mktemp("api-stack"),
        module="tests.api.loopback_stack",
        PHOTOCEN_AUTHORIZER_CACHE_TTL="0",
        PHOTOCEN_DEMO_PLAN="partner",
    )
    yield stack
    stop_local_stack(stack)


def test_schemathesis_finds_no_failure(loopback_stack: LocalStack, tmp_path: Path) -> None:
    # Given the local stack and its own document
    schema_url = f"{loopback_stack.base_url}/openapi.json"
    # When schemathesis runs every operation, every phase, every check (with the demo token)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--no-color",
        "--config-file",
        str(CONFIG),
        "run",
        schema_url,
        "--url",
        loopback_stack.base_url,
        "--header",
        f"Authorization: Bearer {loopback_stack.token}",
        "--max-time",
        str(MAX_SECONDS),
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.api.hooks"}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=MAX_SECONDS + 120
    )
    # Then it finds nothing: no server error, no schema violation, no valid request rejected
    print(result.stdout[-20000:], result.stderr[-5000:])
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
