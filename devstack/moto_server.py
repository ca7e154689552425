"""moto's server with DynamoDB made atomic: ``python -m devstack.moto_server -p PORT``.

DynamoDB applies each request atomically (a conditional update, a transaction). moto's
server handles requests on parallel threads with no lock: a conditional ``UpdateItem`` checks
and writes in two steps, and a failed ``TransactWriteItems`` rolls back by restoring a copy
of every table it touched — taken before a concurrent request wrote, so that write is lost
(seen here as a settled job whose credits never reached the balance). Serializing the
DynamoDB requests gives the local stack and the tests DynamoDB's guarantees; every other
service keeps moto's parallel handling.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

DYNAMODB_TARGET_PREFIX = "DynamoDB_"  # X-Amz-Target: DynamoDB_20120810.UpdateItem


class SerializedDynamoDB:
    """WSGI middleware: one DynamoDB request at a time, the rest untouched."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith(DYNAMODB_TARGET_PREFIX):
            return self.app(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))  # the whole body, inside the lock


def exit_with_parent(parent: int, poll_seconds: float = 1.0) -> threading.Thread:
    """End this server when the process that started it is gone.

    The local stack stops moto with SIGTERM; but a stack that is itself killed (SIGKILL, a
    test runner's timeout) cannot, and an orphaned moto keeps every table and object in
    memory (seen here: several GB each after a fuzzing run). Orphans are re-parented, so a
    parent pid other than the starter's (passed in: it may have died before we got here)
    means the starter is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(0)

    watcher = threading.Thread(target=watch, name="exit-with-parent", daemon=True)
    watcher.start()
    return watcher


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    parser.add_argument("--parent-pid", type=int, default=None, help="exit when it is gone")
    args = parser.parse_args(argv)

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import ThreadedWSGIServer, run_simple

    # Exit at once on SIGTERM/SIGINT: do not wait for clients' idle keep-alive connections
    # (socketserver joins its request threads on close by default).
    ThreadedWSGIServer.block_on_close = False
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: sys.exit(0))
    exit_with_parent(args.parent_pid or os.getppid())
    app = SerializedDynamoDB(DomainDispatcherApplication(create_backend_app))
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
