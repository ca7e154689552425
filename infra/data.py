"""Data: every DynamoDB table and S3 bucket, built from the shared specs.

``photocen.resources.TABLES`` and ``photocen.resources.BUCKETS`` are the single definitions (the
local bootstrap reads them too); nothing here repeats a key schema, an index or a lifecycle.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct
from photocen.platform.specs import BucketSpec, KeySpec, TableSpec, pascal
from photocen.resources import BUCKETS, TABLES

from infra.config import PhotoCenConfig
from infra.functions import PhotoCenFunction
from infra.nag import acknowledge, index_wildcard_finding

_ATTRIBUTE_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}
# Old versions of catalog images go after this long, so a deleted image is really gone.
NONCURRENT_VERSION_DAYS = 30
ACCESS_LOG_DAYS = 90


def _attribute(key: KeySpec) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key.name, type=_ATTRIBUTE_TYPES[key.type])


# The counters table (photocen.limits): the API functions' gate bumps and reads the account's
# item; the jobs and sweeper functions only take finished jobs out of its in-flight set.
COUNTER_ACTIONS = ("dynamodb:UpdateItem", "dynamodb:GetItem")
COUNTER_RELEASE_ACTIONS = ("dynamodb:UpdateItem",)


class Data(Construct):
    """Tables (on demand, PITR, AWS-managed encryption) and private buckets (SSE-S3, TLS only,
    server access logs), keyed by their logical names."""

    def __init__(self, scope: Construct, construct_id: str, *, config: PhotoCenConfig) -> None:
        super().__init__(scope, construct_id)
        retain = config.removal_policy == "retain"
        self._removal = RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY
        self._specs = {spec.logical_name: spec for spec in TABLES}
        self.tables: dict[str, dynamodb.Table] = {
            spec.logical_name: self._table(spec, deletion_protection=retain) for spec in TABLES
        }
        self.access_logs = self._access_log_bucket()
        self.buckets: dict[str, s3.Bucket] = {
            spec.logical_name: self._bucket(spec) for spec in BUCKETS
        }

    # ------------------------------------------------------------------ lookups
    def table(self, logical_name: str) -> dynamodb.Table:
        return self.tables[logical_name]

    def bucket(self, logical_name: str) -> s3.Bucket:
        return self.buckets[logical_name]

    def environment(self) -> dict[str, str]:
        """``PHOTOCEN_<LOGICAL>_TABLE`` / ``_BUCKET`` for every table and bucket.

        Names are not secrets and settings models validate the ones they need; what a function
        may *do* with a resource is decided by its role's grants alone.
        """
        env = {spec.env_var: self.tables[spec.logical_name].table_name for spec in TABLES}
        env.update({spec.env_var: self.buckets[spec.logical_name].bucket_name for spec in BUCKETS})
        return env

    def health_environment(self) -> dict[str, str]:
        """What the meta function's health checks probe (JSON lists of physical names)."""
        stack = Stack.of(self)
        return {
            "PHOTOCEN_HEALTH_TABLES": stack.to_json_string(
                [t.table_name for t in self.tables.values()]
            ),
            "PHOTOCEN_HEALTH_BUCKETS": stack.to_json_string(
                [b.bucket_name for b in self.buckets.values()]
            ),
        }

    def grant_items(self, grantee: iam.IGrantable, logical_name: str, *actions: str) -> iam.Grant:
        """Exactly ``actions`` (``dynamodb:GetItem``, …) on the table itself, not its indexes:
        for code whose every call on the table is known (one ``GetItem``, a ledger)."""
        if not actions or not all(a.startswith("dynamodb:") and "*" not in a for a in actions):
            raise ValueError(f"name DynamoDB actions exactly, got {actions!r}")
        return iam.Grant.add_to_principal(
            grantee=grantee,
            actions=list(actions),
            resource_arns=[self.tables[logical_name].table_arn],
        )

    def grant_index_query(
        self, grantee: iam.IGrantable, logical_name: str, index_name: str
    ) -> iam.Grant:
        """``dynamodb:Query`` on one named index of a table, and nothing else."""
        if index_name not in {i.name for i in self._specs[logical_name].indexes}:
            raise ValueError(f"the {logical_name} table has no index {index_name!r}")
        table_arn = self.tables[logical_name].table_arn
        return iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["dynamodb:Query"],
            resource_arns=[f"{table_arn}/index/{index_name}"],
        )

    def grant_read_write(self, grantee: PhotoCenFunction, *logical_names: str) -> None:
        """Item reads and writes (``grant_read_write_data``) on the named tables."""
        for name in logical_names:
            self.tables[name].grant_read_write_data(grantee)
            self._acknowledge_index_grant(grantee, name)

    def _acknowledge_index_grant(self, grantee: PhotoCenFunction, name: str) -> None:
        indexes = self._specs[name].indexes
        if indexes:
            acknowledge(
                grantee,
                index_wildcard_finding(self.tables[name]),
                f"CDK's table grants also cover the indexes of the {name} table "
                f"({', '.join(i.name for i in indexes)}); the wildcard is limited to that "
                "one table's indexes.",
            )

    def grant_describe(self, grantee: iam.IGrantable) -> iam.Grant:
        """Health probes only: ``DescribeTable`` on each table and ``ListBucket`` (what
        ``HeadBucket`` needs) on each bucket; no item or object can be read."""
        tables = iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["dynamodb:DescribeTable"],
            resource_arns=[t.table_arn for t in self.tables.values()],
        )
        buckets = iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["s3:ListBucket"],
            resource_arns=[b.bucket_arn for b in self.buckets.values()],
        )
        return tables.combine(buckets)

    # ------------------------------------------------------------------ builders
    def _table(self, spec: TableSpec, *, deletion_protection: bool) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            f"{pascal(spec.logical_name)}Table",
            partition_key=_attribute(spec.partition),
            sort_key=_attribute(spec.sort) if spec.sort else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=spec.ttl_attribute,
            deletion_protection=deletion_protection,
            removal_policy=self._removal,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_attribute(index.partition),
                sort_key=_attribute(index.sort) if index.sort else None,
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table

    def _access_log_bucket(self) -> s3.Bucket:
        # No AwsSolutions-S1 finding here: cdk-nag recognises a log-destination bucket.
        return s3.Bucket(
            self,
            "AccessLogsBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,  # the only kind S3 log delivery writes
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            lifecycle_rules=[
                s3.LifecycleRule(id="expire-logs", expiration=Duration.days(ACCESS_LOG_DAYS)),
                s3.LifecycleRule(
                    id="abort-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)
                ),
            ],
            removal_policy=self._removal,
        )

    def _bucket(self, spec: BucketSpec) -> s3.Bucket:
        rules = [
            s3.LifecycleRule(
                id="abort-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)
            )
        ]
        if spec.expire_after_days is not None:
            rules.append(
                s3.LifecycleRule(id="expire", expiration=Duration.days(spec.expire_after_days))
            )
        for prefix, days in spec.expire_prefixes:
            rules.append(
                s3.LifecycleRule(
                    id=f"expire-{prefix.strip('/').replace('/', '-')}",
                    prefix=prefix,
                    expiration=Duration.days(days),
                )
            )
        if spec.versioned:
            rules.append(
                s3.LifecycleRule(
                    id="expire-noncurrent",
                    noncurrent_version_expiration=Duration.days(NONCURRENT_VERSION_DAYS),
                    expired_object_delete_marker=True,
                )
            )
        return s3.Bucket(
            self,
            f"{pascal(spec.logical_name)}Bucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            versioned=spec.versioned,
            lifecycle_rules=rules,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix=f"{spec.logical_name}/",
            removal_policy=self._removal,
        )
