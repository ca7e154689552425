"""Helpers shared by the infra tests: the CDK context and a synthesized template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# CDK skips bundling for stacks not matched here: assets point at their source directories.
SKIP_BUNDLING: dict[str, Any] = {"aws:cdk:bundling-stacks": []}


def cdk_context(**overrides: Any) -> dict[str, Any]:
    """``cdk.json``'s context (feature flags, ``photocen:*``) without bundling."""
    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    return {**context, **SKIP_BUNDLING, **overrides}


def _refuse(*_: Any, **__: Any) -> bool:
    raise AssertionError("bundling ran in tests: aws:cdk:bundling-stacks=[] was not honoured")


@contextmanager
def refusing_bundling() -> Iterator[None]:
    """Assets are staged while constructs are built: fail loudly if a bundler runs."""
    from infra import bundling

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bundling.CopyBundling, "try_bundle", _refuse)
        patch.setattr(bundling.PipBundling, "try_bundle", _refuse)
        yield


def build(outdir: str | None = None, **context: Any) -> tuple[Any, Any]:
    """``infra.app.build_app`` with ``cdk.json``'s context, without bundling."""
    from infra.app import build_app

    with refusing_bundling():
        return build_app(cdk_context(**context), outdir=outdir)


@dataclass
class Synth:
    app: Any
    stack: Any
    template: dict[str, Any]

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v["Type"] == kind}

    def logical_id(self, construct: Any) -> str:
        from infra.nag import logical_id

        return logical_id(construct)

    def statements(self, principal: Any) -> list[dict[str, Any]]:
        """Every statement of every policy attached to a role, or to a function's role."""
        role = {"Ref": self.logical_id(getattr(principal, "role", principal))}
        statements = []
        for policy in self.of_type("AWS::IAM::Policy").values():
            if role in policy["Properties"]["Roles"]:
                statements += policy["Properties"]["PolicyDocument"]["Statement"]
        return statements

    def grants(
        self, principal: Any, services: tuple[str, ...] = ("dynamodb:", "s3:")
    ) -> dict[str, set[str]]:
        """Resource (as ``arn()`` writes it) → allowed actions of those services."""
        grants: dict[str, set[str]] = {}
        for statement in self.statements(principal):
            actions = {a for a in _listed(statement["Action"]) if a.startswith(services)}
            if statement["Effect"] != "Allow" or not actions:
                continue
            for resource in _listed(statement["Resource"]):
                grants.setdefault(json.dumps(resource, sort_keys=True), set()).update(actions)
        return grants

    def arn(self, construct: Any, suffix: str | None = None) -> str:
        """A construct's ARN as it appears in a policy (``Fn::GetAtt``, ``+ suffix``)."""
        arn = {"Fn::GetAtt": [self.logical_id(construct), "Arn"]}
        if suffix is None:
            return json.dumps(arn, sort_keys=True)
        return json.dumps({"Fn::Join": ["", [arn, suffix]]}, sort_keys=True)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
