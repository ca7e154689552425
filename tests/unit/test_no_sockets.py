"""The socket guard covers every unit test, without a marker in the test module."""

from __future__ import annotations

import socket

import pytest

from tests.unit.nosockets import SocketUsed


def test_a_unit_test_without_any_marker_cannot_open_a_connection():
    # Given this module, which neither imports the fixture nor marks its tests
    # When a connection is attempted (to a port nothing listens on)
    # Then the guard refuses it by name, before the network is touched
    with pytest.raises(SocketUsed):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
