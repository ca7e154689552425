"""Create every table and bucket from the shared specs (the CDK reads the same specs)."""

from __future__ import annotations

from typing import Any

from photocen.buckets import BUCKETS
from photocen.tables import TABLES, TableSpec


def create_tables(dynamodb: Any, names: dict[str, str]) -> None:
    for spec in TABLES:
        dynamodb.create_table(**create_table_request(spec, names[spec.logical_name]))
        if spec.ttl_attribute:
            dynamodb.update_time_to_live(
                TableName=names[spec.logical_name],
                TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute},
            )


def create_buckets(s3: Any, names: dict[str, str]) -> None:
    for spec in BUCKETS:
        s3.create_bucket(Bucket=names[spec.logical_name])


def create_table_request(spec: TableSpec, table_name: str) -> dict[str, Any]:
    attributes: dict[str, str] = {spec.partition.name: spec.partition.type}
    keys = [{"AttributeName": spec.partition.name, "KeyType": "HASH"}]
    if spec.sort:
        attributes[spec.sort.name] = spec.sort.type
        keys.append({"AttributeName": spec.sort.name, "KeyType": "RANGE"})
    indexes = []
    for index in spec.indexes:
        attributes[index.partition.name] = index.partition.type
        index_keys = [{"AttributeName": index.partition.name, "KeyType": "HASH"}]
        if index.sort:
            attributes[index.sort.name] = index.sort.type
            index_keys.append({"AttributeName": index.sort.name, "KeyType": "RANGE"})
        indexes.append(
            {
                "IndexName": index.name,
                "KeySchema": index_keys,
                "Projection": {"ProjectionType": "ALL"},
            }
        )
    request: dict[str, Any] = {
        "TableName": table_name,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind} for name, kind in attributes.items()
        ],
        "KeySchema": keys,
        "BillingMode": "PAY_PER_REQUEST",
    }
    if indexes:
        request["GlobalSecondaryIndexes"] = indexes
    return request
