"""Delivery's infrastructure: its function, its exact grants, its buckets.

Its routes are test_api's: every function of the route table is served, each route by one
method with the authorizer exactly where the table says."""

from __future__ import annotations

from tests.infra.synth import Synth


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
    assert synth.grants(delivery) == {
        synth.arn(data.table("catalog")): {"dynamodb:GetItem", "dynamodb:BatchGetItem"},
        synth.arn(data.table("catalog_seeds")): {"dynamodb:GetItem", "dynamodb:PutItem"},
        synth.arn(data.table("credits")): {"dynamodb:GetItem", "dynamodb:UpdateItem"},
        synth.arn(data.table("counters")): {"dynamodb:GetItem", "dynamodb:UpdateItem"},
        # PhotoCen-Account: a partner acting for its end user (one GetItem of that account)
        synth.arn(data.table("accounts")): {"dynamodb:GetItem"},
        synth.arn(data.bucket("catalog"), "/catalog/*"): {"s3:GetObject"},
        synth.arn(data.bucket("renditions"), "/*"): {"s3:GetObject", "s3:PutObject"},
        synth.arn(data.bucket("renditions")): {"s3:ListBucket"},
    }


def test_images_are_binary_and_renditions_expire(synth: Synth) -> None:
    api = next(iter(synth.of_type("AWS::ApiGateway::RestApi").values()))
    assert "image/*" in api["Properties"]["BinaryMediaTypes"]
    renditions = synth.resources[synth.logical_id(synth.stack.data.bucket("renditions"))]
    rules = renditions["Properties"]["LifecycleConfiguration"]["Rules"]
    assert {"Id": "expire", "ExpirationInDays": 30, "Status": "Enabled"} in rules
    catalog = synth.resources[synth.logical_id(synth.stack.data.bucket("catalog"))]
    assert catalog["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
