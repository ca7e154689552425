"""One synthesized PhotoCen app per session, built the way ``cdk synth`` builds it.

The context is ``cdk.json``'s (same feature flags, same ``photocen:*`` settings) plus
``aws:cdk:bundling-stacks = []``: CDK then skips bundling and points every asset at its
source directory, so no files are copied and pip never runs (the bundlers are swapped for
ones that fail the test if CDK calls them anyway).
"""

from __future__ import annotations

import os

import pytest

from tests.infra.synth import Synth, build

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    from aws_cdk.assertions import Template

    app, stack = build(outdir=str(tmp_path_factory.mktemp("cdk.out")))
    template = Template.from_stack(stack).to_json()
    return Synth(app, stack, template)
