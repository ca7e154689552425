"""The local stack's moto server never outlives the process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

# A parent that starts a child running the watcher (as the stack starts moto), prints the
# child's pid, then waits forever.
PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "from devstack.moto_server import exit_with_parent; import sys, time;"
    " exit_with_parent(int(sys.argv[1]), 0.05); time.sleep(60)", str(os.getpid())])
print(child.pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it has exited all the same
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


def test_moto_server_exits_when_its_starter_is_killed() -> None:
    # Given a parent that started a child watching it
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert _alive(child)

    # When the parent is killed without a chance to stop the child
    parent.send_signal(signal.SIGKILL)
    parent.wait()

    # Then the child ends on its own, promptly
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
