"""Search and the image lifecycle (issue 9): the catalog's CDN, the vector index, the
search function and the cleanup function with its two schedules.

- **CloudFront** in front of the catalog bucket through origin access control (the bucket
  stays private: only this distribution may read ``catalog/*``), viewers must present a URL
  signed by the key group's key (``catalogUrlPublicKey``; the private half lives in the
  Secrets Manager secret created here, filled by the operator: docs/operations.md).
- **OpenSearch** managed domain for the k-NN index: encryption at rest, node-to-node
  encryption, HTTPS only (TLS 1.2), sized by context (one t3.small.search by default).
  Access is IAM-only: no domain access policy, the function roles' own grants name the one
  index, every request is SigV4-signed, no fine-grained access control (no master user to
  keep) and no VPC (the functions would need one too, with NAT or endpoints for DynamoDB,
  S3, Bedrock, Secrets Manager: ~$32+/month idle per NAT gateway; docs/decisions/0012).
- **search** (API): embeds the query (Bedrock ``InvokeModel`` on exactly the Titan
  multimodal embedding model), queries the index (``ESHttpPost`` on the index), reads the
  catalog and the profiles table, reads the signing key.
- **cleanup** (EventBridge Scheduler, hourly ``{"task": "migrate"}`` and hourly
  ``{"task": "cleanup"}``): reads and updates jobs, reads the cache bucket's images and
  deletes private ones, writes the catalog (table, bucket), embeds and indexes. One at a
  time (reserved concurrency 1: the migration claims ids with conditional writes, but
  two runs would only race for the same backlog).
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_opensearchservice as opensearch
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as scheduler_targets
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct
from photocen.generation.model import PRIVATE_PREFIX, SEARCHABLE_PREFIX
from photocen.search.settings import TITAN_MULTIMODAL_G1

from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data
from infra.functions import PhotoCenFunction
from infra.nag import acknowledge, logical_id, object_prefix_finding

CATALOG_PREFIX = "catalog/"
RENDITIONS_ALL = ""
INDEX_NAME = "photocen-images"
EMBEDDING_DIMENSION = "384"
MIGRATE_EVERY = Duration.hours(1)
CLEANUP_EVERY = Duration.hours(1)
CLEANUP_TIMEOUT = Duration.minutes(15)


class Search(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: PhotoCenConfig,
        data: Data,
        api: Api,
        generate: PhotoCenFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        removal = (
            RemovalPolicy.RETAIN if config.removal_policy == "retain" else RemovalPolicy.DESTROY
        )
        self.signing_secret = secretsmanager.Secret(
            self,
            "CatalogUrlSigningKey",
            description="PhotoCen: the RSA private key (PEM) that signs catalog URLs; set it "
            "with `aws secretsmanager put-secret-value` (docs/operations.md)",
            removal_policy=removal,
        )
        acknowledge(
            self.signing_secret,
            "AwsSolutions-SMG4",
            "An RSA signing key is rotated with CloudFront's key group (a new public key "
            "beside the old, then the secret), an operator procedure in docs/operations.md; "
            "Secrets Manager's rotation Lambdas cannot do that.",
        )
        if config.catalog_url_public_key is None:
            raise ValueError(
                "photocen:catalogUrlPublicKey: the public key (PEM) of the catalog URL signing "
                "key pair is required (docs/operations.md, Signed catalog URLs)"
            )
        public_key = cloudfront.PublicKey(
            self,
            "CatalogUrlPublicKey",
            encoded_key=config.catalog_url_public_key,
            comment="PhotoCen: verifies signed catalog URLs",
        )
        key_group = cloudfront.KeyGroup(self, "CatalogUrlKeyGroup", items=[public_key])
        catalog = data.bucket("catalog")
        self.distribution = cloudfront.Distribution(
            self,
            "CatalogCdn",
            comment="PhotoCen catalog images (signed URLs only)",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(catalog),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                trusted_key_groups=[key_group],
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR1",
            "Catalog images are served worldwide by design; access is decided by signed URLs "
            "(the key group), not by geography.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR2",
            "Every viewer request must carry a valid CloudFront signature (trusted key "
            "group); a WAF web ACL would add cost and nothing a signature does not already "
            "refuse. Operators may attach one.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR3",
            "Access logs of signed image fetches are not kept by default (they would hold "
            "every viewer's IP address); CloudFront's metrics cover operations.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR4",
            "The distribution uses CloudFront's default certificate (*.cloudfront.net), whose "
            "security policy CloudFront fixes; HTTPS is enforced (redirect). Operators with a "
            "domain of their own attach its certificate and TLSv1.2_2021.",
        )

        self.domain = opensearch.Domain(
            self,
            "VectorIndex",
            version=opensearch.EngineVersion.OPENSEARCH_2_19,
            capacity=opensearch.CapacityConfig(
                data_nodes=config.search_instance_count,
                data_node_instance_type=config.search_instance_type,
                multi_az_with_standby_enabled=False,
            ),
            ebs=opensearch.EbsOptions(
                volume_size=config.search_volume_gb,
                volume_type=ec2.EbsDeviceVolumeType.GP3,
            ),
            encryption_at_rest=opensearch.EncryptionAtRestOptions(enabled=True),
            node_to_node_encryption=True,
            enforce_https=True,
            tls_security_policy=opensearch.TLSSecurityPolicy.TLS_1_2,
            removal_policy=removal,
        )
        for rule, reason in {
            "AwsSolutions-OS1": "No VPC: IAM-only access with SigV4 on every request; a VPC "
            "would put both functions in it with NAT or five interface endpoints "
            "(docs/decisions/0012).",
            "AwsSolutions-OS3": "Access is decided by the domain's IAM access policy (the two "
            "function roles), not by source IP addresses, which Lambda does not have fixed.",
            "AwsSolutions-OS4": "Sized by context, one data node by default: dedicated masters "
            "triple the idle cost of a small index; set searchInstanceCount for production.",
            "AwsSolutions-OS5": "No anonymous access: no domain access policy, so only IAM "
            "identities granted es:ESHttp* (the search, cleanup and generate roles) may call it.",
            "AwsSolutions-OS7": "Zone awareness needs two or more data nodes; one by default "
            "(the index is rebuilt from the catalog if the node is lost).",
            "AwsSolutions-OS9[LogExport::SEARCH_SLOW_LOGS]": "Slow logs to CloudWatch need a "
            "log resource policy custom resource; the functions' own logs time every query.",
            "AwsSolutions-OS9[LogExport::INDEX_SLOW_LOGS]": "Slow logs to CloudWatch need a log "
            "resource policy custom resource; the migration logs each batch it indexes.",
        }.items():
            acknowledge(self.domain, rule, reason)

        environment = {
            **data.environment(),
            "PHOTOCEN_EMBEDDER": "bedrock",
            "PHOTOCEN_EMBEDDING_MODEL_ID": TITAN_MULTIMODAL_G1,
            "PHOTOCEN_EMBEDDING_DIMENSION": EMBEDDING_DIMENSION,
            "PHOTOCEN_VECTOR_INDEX": "opensearch",
            "PHOTOCEN_OPENSEARCH_ENDPOINT": f"https://{self.domain.domain_endpoint}",
            "PHOTOCEN_OPENSEARCH_INDEX": INDEX_NAME,
            "PHOTOCEN_CATALOG_URL_SIGNER": "cloudfront",
            "PHOTOCEN_CATALOG_URL_BASE": f"https://{self.distribution.distribution_domain_name}",
            "PHOTOCEN_CATALOG_URL_KEY_PAIR_ID": public_key.public_key_id,
            "PHOTOCEN_CATALOG_URL_PRIVATE_KEY_SECRET": self.signing_secret.secret_arn,
            "PHOTOCEN_GEO_REGION_ENABLED": "true" if config.geo_region_enabled else "false",
        }
        self.environment = environment
        titan_arn = stack.format_arn(
            service="bedrock",
            account="",
            resource="foundation-model",
            resource_name=TITAN_MULTIMODAL_G1,
        )
        index_arn = f"{self.domain.domain_arn}/{INDEX_NAME}"

        # ---------------------------------------------------------------- search (API)
        search = PhotoCenFunction(
            self,
            "SearchFunction",
            name="search",
            config=config,
            environment=environment,
            memory_size=512,
            timeout=Duration.seconds(10),
            description="PhotoCen search: text or image → filtered k-NN → signed catalog URLs",
        )
        self.search_function = search
        data.grant_items(search, "catalog", "dynamodb:BatchGetItem")
        data.grant_items(search, "profiles", "dynamodb:GetItem")
        self.signing_secret.grant_read(search)
        _allow(search, ["bedrock:InvokeModel"], [titan_arn])
        _allow(search, ["es:ESHttpGet", "es:ESHttpPost"], [index_arn, f"{index_arn}/*"])
        acknowledge(
            search.role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(self.domain)}.Arn>/{INDEX_NAME}/*]",
            "OpenSearch paths under the one index (_search, _doc/{id}): GET and POST only.",
        )
        api.add_function(search)

        # ---------------------------------------------------------------- cleanup (scheduled)
        cleanup = PhotoCenFunction(
            self,
            "CleanupFunction",
            name="cleanup",
            config=config,
            environment=environment,
            memory_size=1024,
            timeout=CLEANUP_TIMEOUT,
            description="PhotoCen cleanup: migrate searchable images hourly; delete private "
            "images at 24 h",
        )
        self.cleanup_function = cleanup
        cleanup.function.node.default_child.add_property_override(  # type: ignore[union-attr]
            "ReservedConcurrentExecutions", 1
        )
        # Jobs: the lifecycle backlog (Query on its index) and the conditional updates;
        # accounts: the author's name; catalog: ids, records, header total.
        data.grant_read_write(cleanup, "jobs")
        data.grant_items(cleanup, "accounts", "dynamodb:GetItem")
        data.grant_items(
            cleanup,
            "catalog",
            "dynamodb:GetItem",
            "dynamodb:UpdateItem",
            "dynamodb:PutItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
        )
        cache = data.bucket("cache")
        _allow(cleanup, ["s3:GetObject"], [cache.arn_for_objects(f"{SEARCHABLE_PREFIX}*")])
        _allow(cleanup, ["s3:DeleteObject"], [cache.arn_for_objects(f"{PRIVATE_PREFIX}*")])
        _allow(
            cleanup,
            ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"],
            [catalog.arn_for_objects(f"{CATALOG_PREFIX}*")],
        )
        _allow(
            cleanup,
            ["s3:ListBucket", "s3:ListBucketVersions"],
            [catalog.bucket_arn],
        )
        _allow(cleanup, ["bedrock:InvokeModel"], [titan_arn])
        _allow(
            cleanup,
            ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPut", "es:ESHttpPost", "es:ESHttpDelete"],
            [index_arn, f"{index_arn}/*"],
        )
        for bucket, prefix, what in (
            (cache, SEARCHABLE_PREFIX, "reads searchable images (GetObject) to migrate them"),
            (cache, PRIVATE_PREFIX, "deletes private images (DeleteObject) at 24 h"),
            (catalog, CATALOG_PREFIX, "writes and removes catalog objects and their versions"),
        ):
            acknowledge(
                cleanup.role,
                object_prefix_finding(bucket, prefix),
                f"The cleanup function {what}, under {prefix} of that bucket only.",
            )
        acknowledge(
            cleanup.role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(self.domain)}.Arn>/{INDEX_NAME}/*]",
            "OpenSearch paths under the one index (_doc/{id}, _search, _mapping): the "
            "migration creates the index once, upserts and deletes documents by id.",
        )
        role = iam.Role(
            self,
            "CleanupScheduleRole",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="PhotoCen: EventBridge Scheduler invokes the cleanup function",
        )
        for schedule_id, every, task in (
            ("MigrateSchedule", MIGRATE_EVERY, "migrate"),
            ("CleanupSchedule", CLEANUP_EVERY, "cleanup"),
        ):
            scheduler.Schedule(
                self,
                schedule_id,
                schedule=scheduler.ScheduleExpression.rate(every),
                target=scheduler_targets.LambdaInvoke(
                    cleanup.function,
                    input=scheduler.ScheduleTargetInput.from_object({"task": task}),
                    retry_attempts=2,
                    role=role,
                ),
                description=f"PhotoCen: the image lifecycle's {task} task",
            )
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(cleanup.function)}.Arn>:*]",
            "CDK's grantInvoke covers the cleanup function and its versions/aliases "
            "(<function arn>:*); the role can invoke nothing else.",
        )
        self._retirement(generate, data, index_arn)
        # No domain access policy: access is the roles' own grants (IAM-only, SigV4; an
        # access policy would need CDK's custom resource, a Lambda of its own, to avoid a
        # cycle with the domain's ARN).

    def _retirement(self, generate: PhotoCenFunction, data: Data, index_arn: str) -> None:
        """``DELETE /v1/generations/{id}`` of a migrated image (the generate function):
        the vector, the renditions, the catalog record and objects; and a migrated job's
        signed catalog URL."""
        shared = ("PHOTOCEN_EMBEDD", "PHOTOCEN_VECTOR", "PHOTOCEN_OPENSEARCH", "PHOTOCEN_GEO")
        for name, value in self.environment.items():
            if name.startswith((*shared, "PHOTOCEN_CATALOG_URL")):
                generate.add_environment(name, value)
        data.grant_items(
            generate,
            "catalog",
            "dynamodb:GetItem",
            "dynamodb:DeleteItem",
            "dynamodb:UpdateItem",
            "dynamodb:ConditionCheckItem",
        )
        catalog, renditions = data.bucket("catalog"), data.bucket("renditions")
        _allow(
            generate,
            ["s3:DeleteObject", "s3:DeleteObjectVersion"],
            [catalog.arn_for_objects(f"{CATALOG_PREFIX}*"), renditions.arn_for_objects("*")],
        )
        _allow(
            generate,
            ["s3:ListBucket", "s3:ListBucketVersions"],
            [catalog.bucket_arn, renditions.bucket_arn],
        )
        _allow(generate, ["es:ESHttpDelete"], [f"{index_arn}/*"])
        self.signing_secret.grant_read(generate)
        acknowledge(
            generate.role,
            object_prefix_finding(catalog, CATALOG_PREFIX),
            "Deleting a migrated generation removes its catalog objects and their versions "
            "(catalog/{id}/…): DeleteObject/DeleteObjectVersion under catalog/ only.",
        )
        acknowledge(
            generate.role,
            object_prefix_finding(renditions, ""),
            "Deleting a migrated generation removes its renditions (v1/{id}/…, keyed by "
            "image): DeleteObject in the renditions bucket, which holds nothing else.",
        )
        acknowledge(
            generate.role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(self.domain)}.Arn>/{INDEX_NAME}/*]",
            "Deleting a migrated generation deletes its vector: ESHttpDelete of one document "
            "path under the one index.",
        )


def _allow(fn: PhotoCenFunction, actions: list[str], resources: list[str]) -> None:
    fn.role.add_to_principal_policy(iam.PolicyStatement(actions=actions, resources=resources))
