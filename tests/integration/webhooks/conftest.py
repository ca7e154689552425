"""Webhooks are sent for finished generations: these tests drive the generation flow
(generate → local inference → jobs → webhook queue → webhooks function), so they use its
fixtures, the very same ones (not re-declared)."""

from tests.integration.generation.conftest import aws, flow, flow_factory  # noqa: F401
