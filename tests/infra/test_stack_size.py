"""CloudFormation refuses a stack of more than 500 resources (DESIGN §6). The API's methods,
resources and CORS preflights are most of them and grow with every route, so the count is
held here, with headroom, before a deploy finds it."""

from __future__ import annotations

from collections import Counter

from tests.infra.synth import Synth

CLOUDFORMATION_LIMIT = 500
# Headroom for what a deployment adds on top (context-driven resources, the CDK's own custom
# resources) and for the next route or two: a stack nearing the limit fails here first.
BUDGET = 450


def test_the_stack_stays_well_under_cloudformations_resource_limit(synth: Synth) -> None:
    count = len(synth.resources)
    by_type = Counter(r["Type"] for r in synth.resources.values()).most_common(8)
    print(f"{count} resources; largest kinds: {by_type}")
    assert count <= BUDGET < CLOUDFORMATION_LIMIT, (
        f"{count} resources (budget {BUDGET} of CloudFormation's {CLOUDFORMATION_LIMIT}); "
        f"largest kinds: {by_type}. Move routes onto fewer API resources or split the stack."
    )
