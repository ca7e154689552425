"""A guard for unit tests: any attempt to open a network connection fails the test.

Unit tests are pure logic (CONVENTIONS.md); this makes an accidental call to AWS, moto or
the network an immediate, named failure instead of a slow retry loop. Use it with
``pytestmark = pytest.mark.usefixtures("no_sockets")`` after importing the fixture.
"""

from __future__ import annotations

import socket

import pytest


class SocketUsed(AssertionError):
    pass


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, address: object) -> None:
        raise SocketUsed(f"unit tests must not open connections (tried {address!r})")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
