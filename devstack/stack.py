"""``make dev``: the whole of PhotoCen on one machine, on loopback only.

Starts moto's server, creates every table and bucket from the shared specs, creates the demo
account (1,000 credits: its 10 free ones plus an operator grant, both through the ledger),
starts the local gateway, prints the base URL and the demo token and writes both to the state
file. Ctrl-C (or SIGTERM) stops everything. All state is in moto's memory and ends with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from photocen.platform.routes import AUTHORIZER_CACHE_TTL_SECONDS

from devstack import bootstrap
from devstack.environment import (
    REGION,
    bucket_names,
    clear_search_index,
    function_environment,
    state_file,
    table_names,
)
from devstack.gateway import Functions, Gateway, serve

HOST = "127.0.0.1"
DEFAULT_PORT = 3000
DEMO_ACCOUNT_ID = "acct_demo"
DEMO_CREDITS = 1_000
# The demo account's plan (PHOTOCEN_DEMO_PLAN): pro by default (600 requests a minute);
# benchmarks and the fuzzer, which send thousands of requests a minute, ask for partner.
DEMO_PLAN = "pro"


class LocalService(Protocol):
    """Something the stack runs beside the gateway (runner, poller, scheduler, …)."""

    def start(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class StackState:
    base_url: str
    token: str
    account_id: str
    aws_endpoint_url: str
    region: str
    tables: dict[str, str]
    buckets: dict[str, str]
    pid: int

    def as_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_moto(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        # moto's server, with DynamoDB requests made atomic (see moto_server.py)
        [
            sys.executable,
            "-m",
            "devstack.moto_server",
            "-H",
            HOST,
            "-p",
            str(port),
            "--parent-pid",
            str(os.getpid()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("moto's server exited at start")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://{HOST}:{port}/moto-api/", timeout=1).close()
            return process
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("moto's server did not start within 30 s")


def seed_demo_account(demo_token: str | None, plan: str = DEMO_PLAN) -> tuple[str, str]:
    """The demo account with ``DEMO_CREDITS`` credits on ``plan``; returns (account id,
    token)."""
    from photocen.accounts.plans import SIGNUP_CREDITS
    from photocen.accounts.wiring import account_service_from
    from photocen.credits.wiring import ledger_from
    from photocen.platform.settings import load

    from devstack.cli import AdminSettings

    settings = load(AdminSettings)
    accounts, ledger = account_service_from(settings), ledger_from(settings)
    account, _ = accounts.create_account(account_id=DEMO_ACCOUNT_ID, name="Demo", plan=plan)
    key = accounts.issue_key(account.account_id, token=demo_token)
    ledger.grant(
        account.account_id, DEMO_CREDITS - SIGNUP_CREDITS, "operator:demo", "local demo top-up"
    )
    return account.account_id, key.token


def seed_demo_catalog() -> int:
    """The demo catalog (ids 1…128 from the procedural engine), so that every delivery route
    works right after start; returns the catalog's size."""
    from photocen.catalog.settings import CatalogSettings
    from photocen.catalog.wiring import catalog_from
    from photocen.platform.settings import load

    from devstack.demo_catalog import seed_demo_catalog as seed

    catalog = catalog_from(load(CatalogSettings))
    seed(catalog)
    return catalog.header(fresh=True).total


class LocalStack:
    def __init__(
        self, port: int, demo_token: str | None, authorizer_ttl: float, demo_plan: str = DEMO_PLAN
    ) -> None:
        self.port = port
        self.demo_token = demo_token
        self.demo_plan = demo_plan
        self.authorizer_ttl = authorizer_ttl
        self.services: list[LocalService] = []
        self.catalog_size = 0
        self._moto: subprocess.Popen[bytes] | None = None
        self._server: Any = None

    def start(self) -> StackState:
        moto_port = free_port()
        self._moto = start_moto(moto_port)
        endpoint = f"http://{HOST}:{moto_port}"
        os.environ.update(function_environment(endpoint))
        clear_search_index()  # a previous stack's vectors point into a catalog that is gone
        import boto3  # after the environment points at moto

        bootstrap.create_tables(boto3.client("dynamodb", region_name=REGION), table_names())
        bootstrap.create_buckets(boto3.client("s3", region_name=REGION), bucket_names())
        bootstrap.create_messaging(
            boto3.client("sns", region_name=REGION), boto3.client("sqs", region_name=REGION)
        )
        account_id, token = seed_demo_account(self.demo_token, self.demo_plan)
        self.catalog_size = seed_demo_catalog()
        functions = Functions()  # one warm container per function, shared by all event sources
        from devstack import generation

        self.services.extend(generation.services(functions))  # type: ignore[arg-type]
        self._server = serve(
            Gateway(functions, authorizer_ttl=self.authorizer_ttl), HOST, self.port
        )
        port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="gateway", daemon=True).start()
        for service in self.services:
            service.start()
        return StackState(
            base_url=f"http://{HOST}:{port}",
            token=token,
            account_id=account_id,
            aws_endpoint_url=endpoint,
            region=REGION,
            tables=table_names(),
            buckets=bucket_names(),
            pid=os.getpid(),
        )

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        clear_search_index()
        if self._moto is not None:
            self._moto.terminate()
            try:
                self._moto.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._moto.kill()


def main() -> None:
    port = int(os.environ.get("PHOTOCEN_PORT") or DEFAULT_PORT)
    ttl = float(os.environ.get("PHOTOCEN_AUTHORIZER_CACHE_TTL") or AUTHORIZER_CACHE_TTL_SECONDS)
    stack = LocalStack(
        port,
        os.environ.get("PHOTOCEN_DEMO_TOKEN") or None,
        ttl,
        os.environ.get("PHOTOCEN_DEMO_PLAN") or DEMO_PLAN,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    path: Path = state_file()
    try:
        state = stack.start()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(state.as_json())
        print(f"PhotoCen local stack ready on {state.base_url}", flush=True)
        print(f"  demo account: {state.account_id} ({DEMO_CREDITS} credits)")
        print(f"  demo token:   {state.token}")
        print(f"  catalog:      {stack.catalog_size} demo images (ids 1-{stack.catalog_size})")
        print(f"  state file:   {path}")
        print(f"  web console:  {state.base_url}/console (sign in with the demo token)")
        print(f'  try: curl -H "Authorization: Bearer {state.token}" {state.base_url}/v1/account')
        print("Press Ctrl-C to stop. All state is in memory and ends with the stack.", flush=True)
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
        path.unlink(missing_ok=True)
        print("PhotoCen local stack stopped.", flush=True)
