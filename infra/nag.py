"""cdk-nag v3 helpers: acknowledgements always carry a reason, findings are named precisely.

cdk-nag 3 is a CDK validation plugin (``Validations.of(app).add_plugins(...)``); a finding is
acknowledged with ``Validations.of(scope).acknowledge(...)`` on the resource or an ancestor.
Multi-finding rules (IAM4, IAM5) are acknowledged one finding at a time: ``RuleId[Finding]``.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnElement, Stack, Validations
from constructs import IConstruct


def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    if len(reason.strip()) < 20:
        raise ValueError(f"acknowledging {rule_id} needs a specific reason, got {reason!r}")
    Validations.of(scope).acknowledge(Acknowledgment(id=rule_id, reason=reason))


def logical_id(construct: IConstruct) -> str:
    """The CloudFormation logical id of a construct's default resource (as cdk-nag names it)."""
    child = construct.node.default_child
    if not isinstance(child, CfnElement):
        raise TypeError(f"{construct.node.path} has no CloudFormation resource")
    return Stack.of(construct).get_logical_id(child)


def index_wildcard_finding(table: IConstruct) -> str:
    """The IAM5 finding of a DynamoDB grant on a table with indexes (``<arn>/index/*``)."""
    return f"AwsSolutions-IAM5[Resource::<{logical_id(table)}.Arn>/index/*]"


def object_prefix_finding(bucket: IConstruct, prefix: str) -> str:
    """The IAM5 finding of a grant on a bucket's objects under ``prefix`` (``<arn>/<prefix>*``);
    ``prefix=""`` is every object of the bucket."""
    return f"AwsSolutions-IAM5[Resource::<{logical_id(bucket)}.Arn>/{prefix}*]"
