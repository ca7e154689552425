"""The JavaScript SDK's node tests (sdk/js/test), the e2e ones against the local stack.

``node --test`` runs the unit tests (a fake fetch) and, with PHOTOCEN_API_URL and
PHOTOCEN_API_KEY set, the e2e tests: the README's five-line flow as an installed package,
generate/wait/download/delete, idempotency, delivery and typed errors, usage/keys/search where
the server has them, and the coverage of every /openapi.json operation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

from tests.conftest import ROOT, LocalStack

SDK = ROOT / "sdk" / "js"


def test_the_js_sdk_passes_its_node_tests_against_the_local_stack(local_stack: LocalStack) -> None:
    node = shutil.which("node")
    assert node, "node (>= 20) is needed for the JavaScript SDK's tests"
    env = {
        **os.environ,
        "PHOTOCEN_API_URL": local_stack.base_url,
        "PHOTOCEN_API_KEY": local_stack.token,
    }
    run = subprocess.run(
        [node, "--test", "--test-reporter=tap", "test/"],
        cwd=SDK,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    counts = dict(re.findall(r"^# (pass|fail|skipped) (\d+)$", report, re.MULTILINE))
    assert counts.get("fail") == "0", report[-3000:]
    # The e2e suite ran (it skips itself only without a stack)
    assert "PHOTOCEN_API_URL/PHOTOCEN_API_KEY not set" not in report
    assert "generate, wait, download" in report
    print(f"\nnode --test sdk/js/test/: {counts}")


def test_the_js_sdk_knows_every_error_code_of_the_api() -> None:
    # Its ERRORS must name a class for every code the server can send (photocen.platform.errors)
    from photocen.platform.errors import ERRORS

    node = shutil.which("node")
    assert node
    script = (
        "import('./src/photocen.js').then((sdk) => {"
        " const out = {};"
        " for (const [code, cls] of Object.entries(sdk.ERRORS)) out[code] = cls.defaultStatus;"
        " console.log(JSON.stringify(out)); })"
    )
    run = subprocess.run(
        [node, "--input-type=module", "-e", script],
        cwd=SDK,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    known = json.loads(run.stdout)
    server = {code: error.status for code, error in ERRORS.items()}
    assert {code: known.get(code) for code in server} == server
