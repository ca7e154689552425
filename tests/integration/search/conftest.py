"""Search tests run generations first: the generation flow's fixtures."""

from tests.integration.generation.conftest import aws, flow  # noqa: F401
