"""A guard for unit tests: any attempt to open a network connection fails the test.

Unit tests are pure logic (CONVENTIONS.md); this makes an accidental call to AWS, moto or
the network an immediate, named failure instead of a slow retry loop. ``tests/unit/conftest.py``
applies it to every test under ``tests/unit`` (an autouse fixture): a test module needs no
import and no ``pytestmark`` for it.
"""

from __future__ import annotations

import socket

import pytest


class SocketUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, address: object) -> None:
        raise SocketUsed(f"unit tests must not open connections (tried {address!r})")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
