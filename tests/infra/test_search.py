"""Search and the image lifecycle on AWS: the catalog's CDN, the OpenSearch domain, the
search and cleanup functions with exactly their grants, the schedules, and the cost model of
docs/operations.md checked against the template's billable resource types."""

from __future__ import annotations

import json
import re

from tests.infra.synth import ROOT, Synth


def _props(synth: Synth, construct: object) -> dict:
    return synth.resources[synth.logical_id(construct)]["Properties"]


def test_the_vector_index_is_encrypted_https_only_and_smallest_by_default(synth: Synth) -> None:
    domain = _props(synth, synth.stack.search.domain)
    assert domain["EncryptionAtRestOptions"] == {"Enabled": True}
    assert domain["NodeToNodeEncryptionOptions"] == {"Enabled": True}
    assert domain["DomainEndpointOptions"]["EnforceHTTPS"] is True
    assert domain["DomainEndpointOptions"]["TLSSecurityPolicy"] == "Policy-Min-TLS-1-2-2019-07"
    cluster = domain["ClusterConfig"]
    assert cluster["InstanceType"] == "t3.small.search"
    assert cluster["InstanceCount"] == 1
    assert "VPCOptions" not in domain  # IAM-only, no VPC (docs/decisions/0012)
    assert "AccessPolicies" not in domain  # the roles' own grants decide


def test_the_catalog_cdn_reads_the_bucket_through_oac_and_trusts_one_key_group(
    synth: Synth,
) -> None:
    (distribution,) = synth.of_type("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert len(behavior["TrustedKeyGroups"]) == 1
    (origin,) = config["Origins"]
    assert "OriginAccessControlId" in origin
    (key,) = synth.of_type("AWS::CloudFront::PublicKey").values()
    assert key["Properties"]["PublicKeyConfig"]["EncodedKey"].startswith(
        "-----BEGIN PUBLIC KEY-----"
    )
    # the bucket policy lets only CloudFront's service principal read, for this distribution
    catalog = synth.logical_id(synth.stack.data.bucket("catalog"))
    policies = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in synth.of_type("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": catalog}
    ]
    reads = [
        s
        for statements in policies
        for s in statements
        if s.get("Principal") == {"Service": "cloudfront.amazonaws.com"}
    ]
    assert len(reads) == 1
    assert reads[0]["Action"] == "s3:GetObject"


def _statements(synth: Synth, fn: object, prefix: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for statement in synth.statements(fn):
        actions = statement["Action"]
        actions = actions if isinstance(actions, list) else [actions]
        chosen = {a for a in actions if a.startswith(prefix)}
        if not chosen:
            continue
        resources = statement["Resource"]
        for resource in resources if isinstance(resources, list) else [resources]:
            found.setdefault(json.dumps(resource, sort_keys=True), set()).update(chosen)
    return found


def test_search_holds_exactly_what_a_search_does(synth: Synth) -> None:
    search = synth.stack.search
    data = synth.stack.data
    grants = synth.grants(search.search_function)
    # the API's own: the limits gate (counters, the balance's metered total) and on-behalf
    for shared in ("counters", "credits", "accounts"):
        grants.pop(synth.arn(data.table(shared)), None)
    assert grants == {
        synth.arn(data.table("catalog")): {"dynamodb:BatchGetItem"},
        synth.arn(data.table("profiles")): {"dynamodb:GetItem"},
    }
    assert synth.grants(search.search_function)[synth.arn(data.table("credits"))] == {
        "dynamodb:GetItem"
    }  # reads only: a search is never charged
    bedrock = _statements(synth, search.search_function, "bedrock:")
    assert list(bedrock.values()) == [{"bedrock:InvokeModel"}]
    assert "foundation-model/amazon.titan-embed-image-v1" in next(iter(bedrock))
    es = _statements(synth, search.search_function, "es:")
    assert set().union(*es.values()) == {"es:ESHttpGet", "es:ESHttpPost"}
    assert all("photocen-images" in resource for resource in es)


def test_cleanup_holds_exactly_what_the_lifecycle_does(synth: Synth) -> None:
    cleanup = synth.stack.search.cleanup_function
    data = synth.stack.data
    grants = synth.grants(cleanup)
    assert grants[synth.arn(data.bucket("cache"), "/images/*")] == {"s3:GetObject"}
    assert grants[synth.arn(data.bucket("cache"), "/private/*")] == {"s3:DeleteObject"}
    assert grants[synth.arn(data.bucket("catalog"), "/catalog/*")] == {
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
    }
    assert grants[synth.arn(data.table("accounts"))] == {"dynamodb:GetItem"}
    assert synth.arn(data.table("credits")) not in grants  # never touches money
    assert synth.arn(data.bucket("renditions"), "/*") not in grants
    bedrock = _statements(synth, cleanup, "bedrock:")
    assert list(bedrock.values()) == [{"bedrock:InvokeModel"}]
    props = _props(synth, cleanup.function)
    assert props["ReservedConcurrentExecutions"] == 1
    assert props["Timeout"] == 900


def test_the_migration_and_the_cleanup_run_hourly_with_their_task(synth: Synth) -> None:
    cleanup = synth.logical_id(synth.stack.search.cleanup_function.function)
    tasks = {}
    for schedule in synth.of_type("AWS::Scheduler::Schedule").values():
        target = schedule["Properties"]["Target"]
        if target["Arn"] == {"Fn::GetAtt": [cleanup, "Arn"]}:
            tasks[json.loads(target["Input"])["task"]] = schedule["Properties"][
                "ScheduleExpression"
            ]
    assert tasks == {"migrate": "rate(1 hour)", "cleanup": "rate(1 hour)"}


def test_deleting_a_generation_may_remove_its_catalog_entry_and_vector(synth: Synth) -> None:
    generate = synth.stack.generation.functions["generate"]
    data = synth.stack.data
    grants = synth.grants(generate)
    assert grants[synth.arn(data.bucket("catalog"), "/catalog/*")] == {
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:GetObject",  # a catalog image as a reference (test_generation.py)
    }
    es = _statements(synth, generate, "es:")
    assert set().union(*es.values()) == {"es:ESHttpDelete"}
    env = _props(synth, generate.function)["Environment"]["Variables"]
    assert env["PHOTOCEN_VECTOR_INDEX"] == "opensearch"
    assert env["PHOTOCEN_CATALOG_URL_SIGNER"] == "cloudfront"
    assert env["PHOTOCEN_GEO_REGION_ENABLED"] == "false"


# ---------------------------------------------------------------- the cost model
# Resource types that cost nothing by themselves (their use is billed to another type).
FREE = {
    "AWS::ApiGateway::Account",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Stage",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::CloudFront::KeyGroup",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::PublicKey",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::LayerVersion",
    "AWS::Lambda::Permission",
    "AWS::S3::BucketPolicy",
    "AWS::SNS::Subscription",
    "AWS::SNS::TopicPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::SageMaker::EndpointConfig",
    "AWS::SageMaker::Model",
    "AWS::WAFv2::WebACLAssociation",
}


def _cost_model() -> str:
    text = (ROOT / "docs" / "operations.md").read_text()
    start = text.index("## Cost model")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_the_cost_model_prices_every_billable_resource_type_of_the_template(
    synth: Synth,
) -> None:
    types = {r["Type"] for r in synth.resources.values()}
    billable = types - FREE
    named = set(re.findall(r"`(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)`", _cost_model()))
    assert billable - named == set(), "price these in docs/operations.md's cost model"
    assert named - types == set(), "the cost model prices types the template no longer has"


def test_the_operator_cli_finds_the_cleanup_function_by_a_stable_output(synth: Synth) -> None:
    outputs = synth.template["Outputs"]
    cleanup = synth.logical_id(synth.stack.search.cleanup_function.function)
    assert outputs["CleanupFunctionName"]["Value"] == {"Ref": cleanup}
    assert "CatalogUrlSigningSecret" in outputs
