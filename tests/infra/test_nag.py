"""cdk-nag (AwsSolutions, v3 validation plugin): clean, and every acknowledgement earns its keep."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.infra.synth import Synth, build


def _findings(app: Any) -> dict[str, list[str]]:
    """Rule id (with finding) → construct paths, for every unacknowledged finding."""
    from cdk_nag import AwsSolutionsChecks

    report = AwsSolutionsChecks().validate_scope(app)
    return {
        v.rule_name: [r.construct_path for r in v.violating_resources] for v in report.violations
    }


def _acknowledgements(app: Any) -> list[tuple[str, str, str]]:
    """(construct path, rule id, reason) of every acknowledgement in the tree."""
    from aws_cdk import Validations

    key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    found = []
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == key:
                for rule_id, reason in entry.data.items():
                    found.append((construct.node.path, rule_id.split("::", 1)[-1], reason))
    return found


def test_no_unacknowledged_findings(synth: Synth) -> None:
    findings = _findings(synth.app)

    assert findings == {}, json.dumps(findings, indent=2)


def test_every_acknowledgement_has_a_specific_reason(synth: Synth) -> None:
    acknowledgements = _acknowledgements(synth.app)

    assert acknowledgements, "expected the documented acknowledgements"
    for path, rule_id, reason in acknowledgements:
        assert rule_id.startswith("AwsSolutions-"), (path, rule_id)
        assert len(reason) >= 40, f"{path} {rule_id}: reason too vague: {reason!r}"


def test_every_acknowledgement_suppresses_a_real_finding(synth: Synth) -> None:
    # Given the same app built with acknowledgements switched off
    from aws_cdk import Validations

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Validations, "acknowledge", lambda self, *rules: None)
        bare_app, _ = build()
    findings = _findings(bare_app)

    # Then each acknowledgement of the real app matches a finding at or below its construct
    for path, rule_id, _reason in _acknowledgements(synth.app):
        paths = findings.get(rule_id, [])
        assert any(p == path or p.startswith(f"{path}/") for p in paths), (
            f"stale acknowledgement {rule_id} on {path}: nothing to suppress"
        )


def test_synthesis_fails_on_a_finding(tmp_path: Path) -> None:
    # Given the app with one resource that breaks AwsSolutions rules (plain HTTP, no logs)
    from aws_cdk import aws_s3 as s3

    app, stack = build(outdir=str(tmp_path))
    s3.CfnBucket(stack, "NakedBucket")

    # When it is synthesized, then cdk-nag stops synthesis and names the rule
    with pytest.raises(RuntimeError, match="ValidationFailed") as failure:
        app.synth()
    assert "AwsSolutions-S10" in str(failure.value)
    assert "PhotoCen/NakedBucket" in str(failure.value)
