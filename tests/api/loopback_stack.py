"""The local stack for ``tests/api``, unable to reach anything but loopback.

The fuzzer sends generate requests with webhook URLs of its own invention. The webhook guard
looks their hosts up, and an accepted one is delivered to: here no name but a loopback one is
looked up (an unknown name simply does not resolve, which the guard answers with a 422) and no
connection leaves 127.0.0.0/8 or ::1. Run as ``python -m tests.api.loopback_stack``.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return None


def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    # IP literals and loopback names are answered locally; anything else would ask a resolver.
    if host is None or (
        isinstance(host, str) and (host in LOOPBACK_NAMES or _literal(host) is not None)
    ):
        return _getaddrinfo(host, *args, **kwargs)
    raise socket.gaierror(socket.EAI_NONAME, f"tests/api: {host!r} is not looked up")


def _check(address: Any) -> None:
    if isinstance(address, tuple):
        ip = _literal(str(address[0]))
        if ip is None or not ip.is_loopback:
            raise ConnectionRefusedError(f"tests/api: no connection to {address[0]!r}")


def connect(self: socket.socket, address: Any) -> None:
    _check(address)
    _connect(self, address)


def connect_ex(self: socket.socket, address: Any) -> int:
    _check(address)
    return _connect_ex(self, address)


def main() -> None:
    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    from devstack.stack import main as run_stack

    run_stack()


if __name__ == "__main__":
    main()
