"""Delivery's infrastructure: its function, its exact grants, its routes, its buckets."""

from __future__ import annotations

import json
from typing import Any

from photocen.routes import ROUTES

from tests.infra.synth import Synth


def _statements(synth: Synth, function: Any) -> list[dict[str, Any]]:
    role = {"Ref": synth.logical_id(function.role)}
    statements = []
    for policy in synth.of_type("AWS::IAM::Policy").values():
        if role in policy["Properties"]["Roles"]:
            statements += policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _grants(synth: Synth, function: Any) -> dict[str, set[str]]:
    """Resource (as JSON text) → allowed actions, for DynamoDB and S3 statements."""
    grants: dict[str, set[str]] = {}
    for statement in _statements(synth, function):
        actions = {a for a in _list(statement["Action"]) if a.startswith(("dynamodb:", "s3:"))}
        if statement["Effect"] != "Allow" or not actions:
            continue
        for resource in _list(statement["Resource"]):
            grants.setdefault(json.dumps(resource, sort_keys=True), set()).update(actions)
    return grants


def _arn(synth: Synth, construct: Any, suffix: str | None = None) -> str:
    arn = {"Fn::GetAtt": [synth.logical_id(construct), "Arn"]}
    if suffix is None:
        return json.dumps(arn, sort_keys=True)
    return json.dumps({"Fn::Join": ["", [arn, suffix]]}, sort_keys=True)


def test_delivery_function_is_sized_for_rendering(synth: Synth) -> None:
    delivery = synth.stack.api.functions["delivery"]
    props = synth.resources[synth.logical_id(delivery.function)]["Properties"]
    assert props["Handler"] == "functions.delivery.handler.lambda_handler"
    assert props["MemorySize"] >= 1024
    assert props["Timeout"] == 29  # API Gateway's integration limit
    env = props["Environment"]["Variables"]
    for name in (
        "PHOTOCEN_CATALOG_TABLE",
        "PHOTOCEN_CATALOG_SEEDS_TABLE",
        "PHOTOCEN_CREDITS_TABLE",
        "PHOTOCEN_CATALOG_BUCKET",
        "PHOTOCEN_RENDITIONS_BUCKET",
    ):
        assert name in env


def test_delivery_role_holds_exactly_what_delivery_does(synth: Synth) -> None:
    delivery = synth.stack.api.functions["delivery"]
    data = synth.stack.data
    assert _grants(synth, delivery) == {
        _arn(synth, data.table("catalog")): {"dynamodb:GetItem", "dynamodb:BatchGetItem"},
        _arn(synth, data.table("catalog_seeds")): {"dynamodb:GetItem", "dynamodb:PutItem"},
        _arn(synth, data.table("credits")): {"dynamodb:GetItem", "dynamodb:UpdateItem"},
        _arn(synth, data.bucket("catalog"), "/catalog/*"): {"s3:GetObject"},
        _arn(synth, data.bucket("renditions"), "/*"): {"s3:GetObject", "s3:PutObject"},
        _arn(synth, data.bucket("renditions")): {"s3:ListBucket"},
    }


def test_every_delivery_route_is_a_method_of_the_api(synth: Synth) -> None:
    resources = synth.of_type("AWS::ApiGateway::Resource")
    paths = set()
    for logical, resource in resources.items():
        parts = [resource["Properties"]["PathPart"]]
        parent = resource["Properties"]["ParentId"]
        while isinstance(parent, dict) and "Ref" in parent and parent["Ref"] in resources:
            parts.insert(0, resources[parent["Ref"]]["Properties"]["PathPart"])
            parent = resources[parent["Ref"]]["Properties"]["ParentId"]
        paths.add((logical, "/" + "/".join(parts)))
    by_path = {path: logical for logical, path in paths}
    methods = {
        (
            m["Properties"]["ResourceId"].get("Ref"),
            m["Properties"]["HttpMethod"],
            m["Properties"]["AuthorizationType"],
        )
        for m in synth.of_type("AWS::ApiGateway::Method").values()
    }
    for route in (r for r in ROUTES if r.function == "delivery"):
        assert (by_path[route.path], "GET", "CUSTOM") in methods, route.path


def test_images_are_binary_and_renditions_expire(synth: Synth) -> None:
    api = next(iter(synth.of_type("AWS::ApiGateway::RestApi").values()))
    assert "image/*" in api["Properties"]["BinaryMediaTypes"]
    renditions = synth.resources[synth.logical_id(synth.stack.data.bucket("renditions"))]
    rules = renditions["Properties"]["LifecycleConfiguration"]["Rules"]
    assert {"Id": "expire", "ExpirationInDays": 30, "Status": "Enabled"} in rules
    catalog = synth.resources[synth.logical_id(synth.stack.data.bucket("catalog"))]
    assert catalog["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
