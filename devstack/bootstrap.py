"""Create every table, bucket, topic and queue from the shared specs (the CDK reads the same
specs)."""

from __future__ import annotations

import json
from typing import Any

from photocen.platform.specs import TableSpec
from photocen.resources import BUCKETS, QUEUES, TABLES, TOPICS


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


def create_messaging(sns: Any, sqs: Any) -> None:
    """Queues with their dead-letter queues, topics, and topic → queue subscriptions."""
    from devstack.environment import queue_names, topic_names

    queues, topics = queue_names(), topic_names()
    arns: dict[str, str] = {}
    for spec in QUEUES:
        dlq_url = sqs.create_queue(
            QueueName=queues[spec.dlq_logical_name],
            Attributes={"MessageRetentionPeriod": str(spec.dlq_retention_days * 86_400)},
        )["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        url = sqs.create_queue(
            QueueName=queues[spec.logical_name],
            Attributes={
                "VisibilityTimeout": str(spec.visibility_timeout_seconds),
                "MessageRetentionPeriod": str(spec.retention_days * 86_400),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": spec.max_receive_count}
                ),
            },
        )["QueueUrl"]
        arns[spec.logical_name] = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
    for topic in TOPICS:
        topic_arn = sns.create_topic(Name=topics[topic.logical_name])["TopicArn"]
        for queue in topic.subscribers:
            sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arns[queue])


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
