"""Fixtures and assertions shared by the suites.

- ``aws``: a clean moto server (one per session, reset per test) with every table and bucket
  created from the shared specs, and the process environment a function would have.
- ``api``: calls a route in-process the way API Gateway would (event built by the local
  gateway's own event builder, authorizer context from a principal), through the real handler.
- ``local_stack`` (e2e): ``python -m devstack`` on free ports, stopped at the end.

Why a moto *server* rather than ``mock_aws`` for integration tests: the handlers are the same
modules the local stack runs, configured once per process from the environment
(``AWS_ENDPOINT_URL``), and the ledger's concurrency tests need real parallel requests.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- shared assertions
def assert_envelope(
    status: int,
    headers: Any,
    body: bytes | str | dict[str, Any],
    expected: int,
    code: str,
) -> str:
    """An error answer is PhotoCen's envelope and nothing else: the status, exactly
    ``{"error": {"code", "message", "request_id"}}`` with that code and a message, and the
    request id of the ``X-Request-Id`` header; a 429 ``rate_limited`` may also carry
    ``retry_after``, then the seconds of its ``Retry-After`` header. ``headers``: any mapping (a
    dict, or the case-insensitive headers of ``urllib``); ``body``: raw or parsed JSON.
    Returns the message.
    """
    document = json.loads(body) if isinstance(body, bytes | str) else body
    assert status == expected, (status, document)
    assert set(document) == {"error"}, document
    error = dict(document["error"])
    if code == "rate_limited" and "retry_after" in error:
        assert error.pop("retry_after") == int(headers["Retry-After"]) >= 1, (error, headers)
    assert set(error) == {"code", "message", "request_id"}, error
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"] == headers["X-Request-Id"]
    return str(error["message"])


def concrete(path: str, segment: str = "x1") -> str:
    """A request path for a route path: every ``{variable}`` replaced by ``segment``."""
    return re.sub(r"\{[^}]+\}", segment, path)


# ---------------------------------------------------------------- moto server
@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from devstack.stack import HOST, free_port, start_moto

    port = free_port()
    process = start_moto(port)
    yield f"http://{HOST}:{port}"
    process.terminate()
    try:
        # moto's server joins its connection threads on exit, so it waits for clients'
        # idle keep-alive connections; its state is disposable, so do not wait long.
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def aws_environment(moto_endpoint: str) -> dict[str, str]:
    """The environment every function gets, pointed at the session's moto server. Every
    PynamoDB model is bound to its table too, so tests may read records directly (the code
    binds them where its stores are built)."""
    from photocen.platform.aws import AwsTarget
    from photocen.platform.dynamo import bind
    from photocen.resources import TABLES

    from devstack.environment import REGION, function_environment, table_names

    env = function_environment(moto_endpoint)
    os.environ.update(env)
    names = table_names()
    for spec in TABLES:
        bind(spec.models, names[spec.logical_name], AwsTarget(REGION, moto_endpoint))
    return env


@dataclass
class Aws:
    endpoint: str
    region: str
    tables: dict[str, str]
    buckets: dict[str, str]

    @property
    def target(self) -> Any:
        """Where the stores under test send their calls (an ``AwsTarget``)."""
        from photocen.platform.aws import AwsTarget

        return AwsTarget(self.region, self.endpoint)

    def client(self, service: str) -> Any:
        import boto3

        return boto3.client(service, region_name=self.region, endpoint_url=self.endpoint)


@pytest.fixture
def aws(aws_environment: dict[str, str], moto_endpoint: str) -> Aws:
    """A clean moto state with every table and bucket of the shared specs."""
    from devstack import bootstrap
    from devstack.environment import REGION, bucket_names, table_names

    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    resources = Aws(moto_endpoint, REGION, table_names(), bucket_names())
    bootstrap.create_tables(resources.client("dynamodb"), resources.tables)
    bootstrap.create_buckets(resources.client("s3"), resources.buckets)
    return resources


# ---------------------------------------------------------------- domain helpers
@pytest.fixture
def ledger(aws: Aws) -> Any:
    from photocen.credits.store import DynamoLedger

    return DynamoLedger(aws.tables["credits"], aws.target)


@pytest.fixture
def accounts(aws: Aws, ledger: Any) -> Any:
    from photocen.accounts.service import AccountService
    from photocen.accounts.store import AccountStore, ApiKeyStore

    return AccountService(
        AccountStore(aws.tables["accounts"], aws.target),
        ApiKeyStore(aws.tables["api_keys"], aws.target),
        ledger,
    )


@dataclass
class Caller:
    account_id: str
    token: str
    key_id: str


@pytest.fixture
def new_account(accounts: Any) -> Any:
    """Factory: a fresh account (10 free credits) and its token."""

    def make(**kwargs: Any) -> Caller:
        account, key = accounts.create_account(**kwargs)
        return Caller(account.account_id, key.token, key.key_id)

    return make


# ---------------------------------------------------------------- in-process API
@dataclass
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class InProcessApi:
    """Calls routes through the real authorizer and handler, without a socket."""

    def __init__(self) -> None:
        from devstack.gateway import Functions, Gateway

        # TTL 0: every call asks the authorizer, so revocations show at once in tests.
        self.gateway = Gateway(Functions(), authorizer_ttl=0)

    def request(
        self,
        method: str,
        target: str,
        *,
        token: str | None = None,
        body: bytes | str | dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> ApiResponse:
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, dict):
            body = json.dumps(body)
            all_headers.setdefault("Content-Type", "application/json")
        raw = body.encode() if isinstance(body, str) else (body or b"")
        response = self.gateway.handle(
            method, target, list(all_headers.items()), raw, "127.0.0.1", "127.0.0.1:3000"
        )
        return ApiResponse(response.status, dict(response.headers), response.body)

    def get(self, target: str, **kwargs: Any) -> ApiResponse:
        return self.request("GET", target, **kwargs)

    def post(self, target: str, **kwargs: Any) -> ApiResponse:
        return self.request("POST", target, **kwargs)


@pytest.fixture
def api(aws: Aws) -> InProcessApi:
    return InProcessApi()


# ---------------------------------------------------------------- local stack (e2e)
@dataclass
class LocalStack:
    base_url: str
    token: str
    account_id: str
    state: dict[str, Any]
    process: subprocess.Popen[bytes]
    state_file: Path | None = None
    log_file: Path | None = None


def start_local_stack(tmp_dir: Path, *, module: str = "devstack", **extra_env: str) -> LocalStack:
    """``python -m <module>`` (the local stack, or a wrapper that runs it) on free ports."""
    from devstack.stack import free_port

    state_path = tmp_dir / "local.json"
    env = {
        **os.environ,
        "PHOTOCEN_PORT": str(free_port()),
        "PHOTOCEN_STATE_FILE": str(state_path),
        **extra_env,
    }
    env.pop("AWS_ENDPOINT_URL", None)
    # Output goes to a file, not a pipe nobody reads: a full pipe would freeze the stack.
    log_path = tmp_dir / "stack.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    # The demo catalog (128 images) uploads at every start: ~45 s on a loaded 2-core machine.
    deadline = time.monotonic() + 120
    state: dict[str, Any] | None = None
    while state is None:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"local stack did not start:\n{log_path.read_text()}")
        try:
            state = json.loads(state_path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):  # not yet, or half written
            time.sleep(0.1)
    return LocalStack(
        state["base_url"], state["token"], state["account_id"], state, process, state_path, log_path
    )


def stop_local_stack(stack: LocalStack) -> int:
    stack.process.send_signal(signal.SIGINT)
    try:
        return stack.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        raise


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    stack = start_local_stack(tmp_path_factory.mktemp("stack"), PHOTOCEN_AUTHORIZER_CACHE_TTL="0")
    yield stack
    stop_local_stack(stack)
