"""Tables and buckets are built from the shared specs, encrypted and private."""

from __future__ import annotations

from typing import Any

import pytest
from photocen.platform.specs import BucketSpec, TableSpec
from photocen.resources import BUCKETS, TABLES

from tests.infra.synth import Synth


def _table(synth: Synth, spec: TableSpec) -> dict[str, Any]:
    logical = synth.logical_id(synth.stack.data.table(spec.logical_name))
    return synth.resources[logical]["Properties"]


def _bucket(synth: Synth, spec: BucketSpec) -> dict[str, Any]:
    logical = synth.logical_id(synth.stack.data.bucket(spec.logical_name))
    return synth.resources[logical]["Properties"]


def _key_schema(partition: Any, sort: Any) -> list[dict[str, str]]:
    keys = [{"AttributeName": partition.name, "KeyType": "HASH"}]
    if sort:
        keys.append({"AttributeName": sort.name, "KeyType": "RANGE"})
    return keys


def test_every_spec_is_exactly_one_table(synth: Synth) -> None:
    assert len(synth.of_type("AWS::DynamoDB::Table")) == len(TABLES)


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.logical_name)
def test_table_is_keyed_and_indexed_as_its_spec_says(synth: Synth, spec: TableSpec) -> None:
    table = _table(synth, spec)

    assert table["KeySchema"] == _key_schema(spec.partition, spec.sort)
    expected_attributes = {spec.partition.name: spec.partition.type}
    if spec.sort:
        expected_attributes[spec.sort.name] = spec.sort.type
    for index in spec.indexes:
        expected_attributes[index.partition.name] = index.partition.type
        if index.sort:
            expected_attributes[index.sort.name] = index.sort.type
    assert {
        a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]
    } == expected_attributes

    indexes = {i["IndexName"]: i for i in table.get("GlobalSecondaryIndexes", [])}
    assert set(indexes) == {i.name for i in spec.indexes}
    for index in spec.indexes:
        assert indexes[index.name]["KeySchema"] == _key_schema(index.partition, index.sort)
        assert indexes[index.name]["Projection"] == {"ProjectionType": "ALL"}

    if spec.ttl_attribute:
        assert table["TimeToLiveSpecification"] == {
            "AttributeName": spec.ttl_attribute,
            "Enabled": True,
        }
    else:
        assert "TimeToLiveSpecification" not in table


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.logical_name)
def test_table_is_on_demand_recoverable_and_encrypted(synth: Synth, spec: TableSpec) -> None:
    table = _table(synth, spec)

    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    assert "TableName" not in table  # no hard-coded physical names
    # Default removal policy is "retain": credits are money.
    assert table["DeletionProtectionEnabled"] is True


def test_tables_are_retained_when_the_stack_goes(synth: Synth) -> None:
    for table in synth.of_type("AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == "Retain"


def test_every_spec_is_one_bucket_plus_the_access_log_bucket(synth: Synth) -> None:
    assert len(synth.of_type("AWS::S3::Bucket")) == len(BUCKETS) + 1


@pytest.mark.parametrize("spec", BUCKETS, ids=lambda s: s.logical_name)
def test_bucket_is_encrypted_private_and_logged(synth: Synth, spec: BucketSpec) -> None:
    bucket = _bucket(synth, spec)

    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    ]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    log_bucket = synth.logical_id(synth.stack.data.access_logs)
    assert bucket["LoggingConfiguration"] == {
        "DestinationBucketName": {"Ref": log_bucket},
        "LogFilePrefix": f"{spec.logical_name}/",
    }
    assert "BucketName" not in bucket


@pytest.mark.parametrize("spec", BUCKETS, ids=lambda s: s.logical_name)
def test_bucket_lifecycle_and_versioning_follow_the_spec(synth: Synth, spec: BucketSpec) -> None:
    bucket = _bucket(synth, spec)
    rules = bucket["LifecycleConfiguration"]["Rules"]

    whole_bucket = [r for r in rules if "ExpirationInDays" in r and "Prefix" not in r]
    if spec.expire_after_days is None:
        assert whole_bucket == []
    else:
        assert [r["ExpirationInDays"] for r in whole_bucket] == [spec.expire_after_days]
    assert {r["Prefix"]: r["ExpirationInDays"] for r in rules if "Prefix" in r} == dict(
        spec.expire_prefixes
    )
    assert ("VersioningConfiguration" in bucket) is spec.versioned
    if spec.versioned:
        assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
        assert any("NoncurrentVersionExpiration" in r for r in rules)


@pytest.mark.parametrize(
    "spec", [*BUCKETS, None], ids=lambda s: s.logical_name if s else "access_logs"
)
def test_bucket_policy_refuses_plain_http(synth: Synth, spec: BucketSpec | None) -> None:
    data = synth.stack.data
    bucket = data.access_logs if spec is None else data.bucket(spec.logical_name)
    bucket_id = synth.logical_id(bucket)
    policies = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in synth.of_type("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    assert len(policies) == 1
    deny_http = [
        s
        for s in policies[0]
        if s["Effect"] == "Deny"
        and s["Condition"].get("Bool", {}).get("aws:SecureTransport") == "false"
    ]
    assert deny_http, "no statement denies requests without TLS"
    assert deny_http[0]["Action"] == "s3:*"


def test_table_and_bucket_names_are_stack_outputs_with_stable_ids(synth: Synth) -> None:
    outputs = synth.template["Outputs"]

    for spec in TABLES:
        table_id = synth.logical_id(synth.stack.data.table(spec.logical_name))
        assert outputs[spec.output_id]["Value"] == {"Ref": table_id}
    for bucket in BUCKETS:
        bucket_id = synth.logical_id(synth.stack.data.bucket(bucket.logical_name))
        assert outputs[bucket.output_id]["Value"] == {"Ref": bucket_id}
    # The ids operators and `photocen admin --stack` rely on (docs/operations.md).
    assert {"ApiUrl", "AccountsTableName", "ApiKeysTableName", "CreditsTableName"} <= set(outputs)
    assert "CatalogBucketName" in outputs
