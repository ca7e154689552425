"""The partner API over HTTP against the local stack: the docs' example verbatim, then what
the other tenants see of it (nothing).

Done means (issue 10): a partner creates two end users, funds one from its pool, acts on its
behalf to generate an image and reads that user's usage; the other partner and the other end
user see none of it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, LocalStack
from tests.e2e.test_local_stack import cli


def partners_example() -> str:
    text = (ROOT / "docs" / "api.md").read_text()
    start = text.index("\n## Partners\n")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    [block] = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    return block


def call(
    stack: LocalStack, method: str, path: str, token: str, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        stack.base_url + path,
        method=method,
        headers={"Authorization": f"Bearer {token}", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_the_partner_example_runs_verbatim_and_no_other_tenant_sees_it(
    local_stack: LocalStack, tmp_path: Path
) -> None:
    # Given another partner and a plain user the operator created
    rival = cli(local_stack, "create-partner", "--name", "Rival Prints")
    plain = cli(local_stack, "create-account", "--name", "Someone")
    # When the docs' example runs as written beside the stack (it has the operator create and
    # fund its partner with `.venv/bin/photocen admin --local`, as a reader at the checkout)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    env = {
        **os.environ,
        "PHOTOCEN_BASE": local_stack.base_url,
        "PHOTOCEN_STATE_FILE": str(local_stack.state_file),
    }
    for name in [n for n in env if n.startswith("PHOTOCEN_") and n.endswith(("_TABLE", "_BUCKET"))]:
        env.pop(name)  # only the state file may say where the stack is
    env.pop("AWS_ENDPOINT_URL", None)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", partners_example()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    partner = json.loads((tmp_path / "partner.json").read_text())
    ada = json.loads((tmp_path / "ada.json").read_text())
    bo = json.loads((tmp_path / "bo.json").read_text())
    job_id = json.loads((tmp_path / "job.json").read_text())["job_id"]
    # Then two end users exist with keys of their own, Ada funded from the pool
    assert ada["key"]["token"].startswith("pc_live_")
    assert bo["key"]["token"].startswith("pc_live_")
    token = partner["token"]
    deadline = time.monotonic() + 60
    while True:  # the generation finishes in the background (the local SageMaker)
        status, job = call(local_stack, "GET", f"/v1/images/jobs/{job_id}", ada["key"]["token"])
        assert status == 200
        if job["status"] in ("completed", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert job["status"] == "completed"
    charged = job["credits_charged"]
    status, usage = call(local_stack, "GET", f"/v1/partner/users/{ada['user_id']}/usage", token)
    assert status == 200
    assert usage["days"][0]["generations"] == 1
    assert usage["days"][0]["credits_received"] == 5
    assert usage["credits"] == 5 - charged
    status, overview = call(local_stack, "GET", "/v1/partner", token)
    pool = partner["pool_credits"] + 100 - 5  # signup credits, the operator's grant, Ada's 5
    assert (overview["pool_credits"], overview["users"]["active"]) == (pool, 2)
    # …and the job is Ada's, billed to Ada: the partner's own listing does not hold it
    status, own = call(local_stack, "GET", "/v1/generations", token)
    assert job_id not in json.dumps(own)
    # And no other tenant sees any of it, with or without acting as Ada
    ids = (ada["user_id"], job_id, ada["key"]["key_id"])
    others = {
        "the rival partner": (rival["token"], None),
        "the rival acting as Ada": (rival["token"], ada["user_id"]),
        "the other end user": (bo["key"]["token"], None),
        "the other end user acting as Ada": (bo["key"]["token"], ada["user_id"]),
        "a plain user": (plain["token"], None),
    }
    paths = [
        f"/v1/images/jobs/{job_id}",
        f"/v1/generations/{job_id}",
        "/v1/generations",
        "/v1/account",
        "/v1/account/ledger",
        f"/v1/partner/users/{ada['user_id']}",
        f"/v1/partner/users/{ada['user_id']}/usage",
        f"/v1/partner/users/{ada['user_id']}/keys",
        "/v1/partner/users",
        "/v1/partner",
    ]
    for who, (other_token, acting) in others.items():
        headers = {"PhotoCen-Account": acting} if acting else None
        for path in paths:
            status, body = call(local_stack, "GET", path, other_token, headers)
            text = json.dumps(body)
            if status >= 400:
                assert set(body) == {"error"}, (who, path, body)
                text = text.replace(path.rsplit("/", 1)[-1], "").replace(acting or "", "")
                text = text.replace(ada["user_id"], "") if ada["user_id"] in path else text
            assert not any(i in text for i in ids), (who, path, status, body)
            if acting:
                assert status in (403, 404), (who, path, status)
