"""The image lifecycle over HTTP against ``make dev``'s stack (issue 9's "Done means"):

account A generates a searchable and a private image; the operator runs the migration now;
the searchable one is in /v2/list, deliverable at any size by its new id, found by a word of
its prompt from account B, and its job shows the catalog URL; the private one is in no list,
search or delivery for anyone, and is gone once the cleanup runs with the clock moved past
24 h."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from tests.conftest import ROOT, LocalStack, start_local_stack, stop_local_stack


def call(
    stack: LocalStack, method: str, path: str, token: str, body: Any = None
) -> tuple[int, dict[str, str], bytes]:
    url = path if path.startswith("http") else stack.base_url + path
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def call_json(stack: LocalStack, method: str, path: str, token: str, body: Any = None) -> Any:
    status, _, raw = call(stack, method, path, token, body)
    return status, json.loads(raw or b"null")


def admin(stack: LocalStack, *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "devstack.cli", "admin", "--local", *args],
        cwd=ROOT,
        env=_env(stack),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _env(stack: LocalStack) -> dict[str, str]:
    """Only the state file says where the stack is (as for an operator beside `make dev`)."""
    env = {**os.environ, "PHOTOCEN_STATE_FILE": str(stack.state_file)}
    for name in [n for n in env if n.startswith("PHOTOCEN_") and n.endswith(("_TABLE", "_BUCKET"))]:
        env.pop(name)
    env.pop("AWS_ENDPOINT_URL", None)
    return env


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    # The schedules wait an hour: only the operator's commands move images in this test.
    started = start_local_stack(
        tmp_path_factory.mktemp("lifecycle"),
        PHOTOCEN_AUTHORIZER_CACHE_TTL="0",
        PHOTOCEN_MIGRATION_INTERVAL_SECONDS="3600",
        PHOTOCEN_CLEANUP_INTERVAL_SECONDS="3600",
    )
    yield started
    stop_local_stack(started)


def completed(stack: LocalStack, token: str, body: dict[str, Any]) -> dict[str, Any]:
    status, accepted = call_json(stack, "POST", "/v1/images/generate", token, body)
    assert status == 202, accepted
    deadline = time.monotonic() + 120
    while True:
        status, job = call_json(stack, "GET", f"/v1/images/jobs/{accepted['job_id']}", token)
        assert status == 200
        if job["status"] in ("completed", "failed"):
            assert job["status"] == "completed", job
            return dict(job)
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def listed_ids(stack: LocalStack, token: str) -> set[int]:
    """Every id /v2/list pages through (it writes ids as strings, as Picsum does)."""
    ids: set[int] = set()
    page = 1
    while True:
        status, items = call_json(stack, "GET", f"/v2/list?page={page}&limit=100", token)
        assert status == 200
        if not items:
            return ids
        ids |= {int(item["id"]) for item in items}
        page += 1


def test_searchable_joins_the_catalog_and_search_private_is_gone_after_24_hours(stack):
    a = stack.token  # the demo account ("Demo")
    b = admin(stack, "create-account", "--name", "Bea")["token"]
    # Given A's searchable and private generations
    searchable = completed(
        stack, a, {"prompt": "a lighthouse over a stormy harbour", "settings": {"count": 1}}
    )
    private = completed(
        stack, a, {"prompt": "my private birthday cake", "options": {"not_searchable": True}}
    )
    before = listed_ids(stack, a)
    # When the operator runs the migration now
    report = admin(stack, "migrate-now")
    assert report["task"] == "migrate"
    assert report["images"] == 1
    # Then the searchable image has a catalog id, and its job shows the catalog URL
    status, job = call_json(stack, "GET", f"/v1/images/jobs/{searchable['job_id']}", a)
    image = job["images"][0]
    catalog_id = image["catalog_id"]
    assert isinstance(catalog_id, int)
    assert f"/catalog/{catalog_id}/" in image["url"]
    assert "Signature=" in image["url"]
    # the signed catalog URL serves the picture without a token, as CloudFront would
    with urllib.request.urlopen(image["url"], timeout=30) as response:
        assert Image.open(io.BytesIO(response.read())).size == (512, 512)
    # an altered signature is refused with the envelope
    status, _, raw = call(stack, "GET", image["url"].replace("Expires=", "Expires=9"), b)
    assert status == 403
    assert json.loads(raw)["error"]["code"] == "forbidden"
    # It is in /v2/list (for anyone), deliverable at any size by its new id
    assert listed_ids(stack, b) == before | {catalog_id}
    status, _, info = call(stack, "GET", f"/id/{catalog_id}/info", b)
    assert status == 200
    assert json.loads(info)["author"] == "Demo"
    for width, height in ((64, 64), (800, 450), (5000, 17)):
        status, _, raw = call(stack, "GET", f"/id/{catalog_id}/{width}/{height}", b)
        assert status == 200
        assert Image.open(io.BytesIO(raw)).size == (width, height)
    # B finds it by a word of its prompt
    status, found = call_json(
        stack,
        "POST",
        "/v1/images/search",
        b,
        {
            "query": "lighthouse",
            "limit": 20,
            "filters": {"same_region_only": False, "own_images_only": False},
        },
    )
    assert status == 200, found
    assert found["data"][0]["id"] == catalog_id
    assert found["data"][0]["author"] == "Demo"
    with urllib.request.urlopen(found["data"][0]["url"], timeout=30) as response:
        assert response.status == 200
    # The private image is in no list, search or delivery, for anyone
    assert private["images"][0].get("catalog_id") is None
    for token in (a, b):
        status, found = call_json(
            stack, "POST", "/v1/images/search", token, {"query": "birthday cake", "limit": 50}
        )
        assert status == 200
        # only the searchable image may come up (the private one has no catalog id at all)
        assert {item["id"] for item in found["data"]} <= {catalog_id}
    assert listed_ids(stack, a) == before | {catalog_id}
    status, _ = call_json(stack, "GET", f"/v1/images/jobs/{private['job_id']}", b)
    assert status == 404
    # When the cleanup runs with the clock moved past 24 h
    cleaned = admin(stack, "cleanup-now", "--advance-hours", "24.01")
    assert cleaned["task"] == "cleanup"
    assert cleaned["jobs"] == 1
    # Then the private image is gone, and the generation says so
    status, job = call_json(stack, "GET", f"/v1/generations/{private['job_id']}", a)
    assert status == 200
    assert job["expired"] is True
    assert job["images"][0]["url"] is None
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(private["images"][0]["url"], timeout=30).close()
    assert gone.value.code == 404


def test_the_cleanup_before_24_hours_keeps_the_private_image(stack):
    private = completed(
        stack, stack.token, {"prompt": "a quiet secret", "options": {"not_searchable": True}}
    )
    assert admin(stack, "cleanup-now", "--advance-hours", "23.9")["jobs"] == 0
    with urllib.request.urlopen(private["images"][0]["url"], timeout=30) as response:
        assert response.status == 200
