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


def untrack_dynamodb_models() -> None:
    """Stop moto from keeping every DynamoDB item it ever built.

    moto appends each model instance to a class-level list (for its dashboard) and never
    drops one, and its ``TransactWriteItems`` deep-copies every table a transaction touches
    as a rollback backup: each transaction leaked a copy of the whole table (about 2 MB per
    credit reservation once the ledger held a few thousand entries; 14 GB over a long
    fuzzing session). Other services keep their tracking (S3 closes its files through it).
    """
    from moto.core.common_models import BaseModel

    tracked = BaseModel.__new__

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        if cls.__module__.startswith("moto.dynamodb."):
            return object.__new__(cls)
        return tracked(cls, *args, **kwargs)

    BaseModel.__new__ = staticmethod(new)  # type: ignore[method-assign, assignment]


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
    untrack_dynamodb_models()
    ThreadedWSGIServer.block_on_close = False
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: sys.exit(0))
    exit_with_parent(args.parent_pid or os.getppid())
    app = SerializedDynamoDB(DomainDispatcherApplication(create_backend_app))
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
