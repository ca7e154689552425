"""The local stack over real HTTP, the way a user calls it (``make dev`` + curl)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from photocen.accounts.tokens import new_token

from tests.conftest import ROOT, LocalStack, assert_envelope, start_local_stack, stop_local_stack


def http(method: str, url: str, token: str | None = None, authorization: str | None = None):  # type: ignore[no-untyped-def]
    """(status, headers, body) of one request, like `curl -i`."""
    request = urllib.request.Request(url, method=method)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    if authorization is not None:
        request.add_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def cli(stack: LocalStack, *args: str) -> dict:
    """``photocen admin --local …`` as an operator runs it beside `make dev`."""
    env = {**os.environ, "PHOTOCEN_STATE_FILE": str(stack.state_file)}
    for name in [n for n in env if n.startswith("PHOTOCEN_") and n.endswith(("_TABLE", "_BUCKET"))]:
        env.pop(name)  # only the state file may say where the stack is
    env.pop("AWS_ENDPOINT_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "devstack.cli", "admin", "--local", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_demo_account_holds_1000_credits_granted_through_the_ledger(local_stack):
    # The session's stack is shared by every e2e test, so other tests may already have spent
    # some of the demo credits: check the grants and the books, not an untouched balance
    # (the fresh pinned stack below shows exactly 1000).
    # curl -H "Authorization: Bearer $TOKEN" $BASE/v1/account
    status, headers, body = http("GET", f"{local_stack.base_url}/v1/account", local_stack.token)
    assert status == 200
    account = json.loads(body)
    assert account["account_id"] == local_stack.account_id
    assert headers["X-Request-Id"]
    status, _, body = http(
        "GET", f"{local_stack.base_url}/v1/account/ledger?limit=500", local_stack.token
    )
    assert status == 200
    entries = json.loads(body)["entries"]
    grants = {e["key"]: e["amount"] for e in entries if e["operation"] == "grant"}
    assert grants == {"grant:signup": 10, "grant:operator:demo": 990}
    # balance + metered == sum(ledger): the books of the demo account balance over HTTP
    spent_on_deliveries = account["usage"]["images_delivered"]
    assert account["credits"] + spent_on_deliveries == sum(e["amount"] for e in entries)


def test_account_created_with_the_cli_shows_10_credits(local_stack):
    # Given an account created by the operator CLI against the running stack
    created = cli(local_stack, "create-account", "--name", "e2e")
    # When its new token calls the API
    status, _, body = http("GET", f"{local_stack.base_url}/v1/account", created["token"])
    # Then it sees its 10 free credits
    assert status == 200
    assert json.loads(body)["credits"] == 10
    assert json.loads(body)["account_id"] == created["account_id"]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer " + new_token("user"), "Bearer not-a-token", "Basic dXNlcjpwYXNz"],
    ids=["no-token", "unknown-token", "malformed-token", "basic-auth"],
)
def test_missing_or_bad_token_is_401_envelope_matching_the_request_id_header(
    local_stack, authorization
):
    status, headers, body = http(
        "GET", f"{local_stack.base_url}/v1/account", authorization=authorization
    )
    assert_envelope(status, headers, body, 401, "unauthorized")


def test_unknown_route_is_404_envelope(local_stack):
    assert_envelope(
        *http("GET", f"{local_stack.base_url}/v1/nope/at/all/here", local_stack.token),
        404,
        "not_found",
    )


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("TRACE", "/v1/account"),
        ("TRACE", "/"),
        ("CONNECT", "/v1/account"),
        ("CONNECT", "example.com:443"),
        ("FOO", "/v1/account"),
        ("PATCH", "/v1/style-memory"),
    ],
)
def test_a_method_no_route_has_is_the_404_envelope_like_an_unknown_path(
    local_stack, method, target
):
    # curl -X TRACE $BASE/v1/account: API Gateway answers a method with no route with its
    # MISSING_AUTHENTICATION_TOKEN gateway response, as it does an unknown path.
    host, port = urlsplit(local_stack.base_url).netloc.split(":")
    connection = HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest(method, target, skip_host=False, skip_accept_encoding=True)
        connection.putheader("Authorization", f"Bearer {local_stack.token}")
        connection.endheaders()
        response = connection.getresponse()
        status, headers, body = response.status, response.headers, response.read()
    finally:
        connection.close()
    assert headers["Content-Type"] == "application/json"
    assert_envelope(status, headers, body, 404, "not_found")


def test_health_is_healthy(local_stack):
    status, _, body = http("GET", f"{local_stack.base_url}/v1/health")
    assert status == 200
    health = json.loads(body)
    assert health["status"] == "healthy"
    assert health["checks"]
    assert all(c["status"] == "ok" for c in health["checks"])


# ---------------------------------------------------------------- a second stack
@pytest.fixture(scope="module")
def pinned_stack(tmp_path_factory):
    """A second stack, started the way a developer pins their demo token."""
    token = new_token("user")
    stack = start_local_stack(tmp_path_factory.mktemp("pinned"), PHOTOCEN_DEMO_TOKEN=token)
    stack.pinned = token  # type: ignore[attr-defined]
    yield stack
    if stack.process.poll() is None:
        stop_local_stack(stack)


def test_demo_token_can_be_pinned_with_an_environment_variable(pinned_stack):
    assert pinned_stack.token == pinned_stack.pinned
    status, _, body = http("GET", f"{pinned_stack.base_url}/v1/account", pinned_stack.pinned)
    assert status == 200
    assert json.loads(body)["credits"] == 1000


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_ctrl_c_stops_the_stack_cleanly(pinned_stack):
    # Given a running stack and its moto child
    moto_pids = children_of(pinned_stack.process.pid)
    assert moto_pids, "the stack should run moto's server as a child"
    state_file = Path(pinned_stack.state_file)
    assert state_file.exists()
    # When the developer presses Ctrl-C
    started = time.monotonic()
    code = stop_local_stack(pinned_stack)
    # Then it exits 0, promptly, leaving no moto server and no state file behind
    assert code == 0
    assert time.monotonic() - started < 10
    for pid in moto_pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not state_file.exists()
    status = None
    try:
        http("GET", f"{pinned_stack.base_url}/v1/health")
    except OSError:
        status = "refused"
    assert status == "refused"
