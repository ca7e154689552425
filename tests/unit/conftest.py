"""Every unit test runs without sockets (``tests.unit.nosockets``): pure logic, no I/O."""

from tests.unit.nosockets import no_sockets  # noqa: F401 - autouse fixture for tests/unit
