"""Delivery: catalog images at any size, metered by credits (issue 3).

The function reads the catalog (items and its pre-shrunk copies), records seeds, charges
credits with one conditional ``UpdateItem``, and reads/writes rendered variants in the
renditions bucket (lifecycle-expired by its ``BucketSpec``). Grants are the exact actions it
performs, each on the one table or bucket (prefix) it needs. Routes come from
``photocen.platform.routes.ROUTES``; ``image/*`` is a binary media type of the API.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data
from infra.functions import PhotoCenFunction
from infra.nag import acknowledge, object_prefix_finding

# Where delivery reads and writes inside its buckets (photocen.catalog.service / delivery.params).
CATALOG_PREFIX = "catalog/"
# API Gateway REST waits at most 29 s for an integration; a 5000x5000 PNG renders in a few.
TIMEOUT = Duration.seconds(29)
# Lambda's CPU share grows with memory: rendering is CPU-bound, and a 5000x5000 RGB image
# with its resize buffers needs a few hundred MB.
MEMORY_MB = 1536


class Delivery(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, data: Data, api: Api
    ) -> None:
        super().__init__(scope, construct_id)
        fn = PhotoCenFunction(
            self,
            "Function",
            name="delivery",
            config=config,
            environment=data.environment(),
            memory_size=MEMORY_MB,
            timeout=TIMEOUT,
            description="PhotoCen delivery: catalog images at any size, 1 credit each",
        )
        self.function = fn

        # Tables: reads of images and the header (id, random, list pages); seeds are read
        # and recorded once (conditional put); credits: the balance read before a render
        # and the metered conditional update. Nothing else.
        data.table("catalog").grant(fn, "dynamodb:GetItem", "dynamodb:BatchGetItem")
        data.table("catalog_seeds").grant(fn, "dynamodb:GetItem", "dynamodb:PutItem")
        data.table("credits").grant(fn, "dynamodb:GetItem", "dynamodb:UpdateItem")

        catalog = data.bucket("catalog")
        renditions = data.bucket("renditions")
        # Source copies: read-only, and only under the catalog prefix.
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject"],
                resources=[catalog.arn_for_objects(f"{CATALOG_PREFIX}*")],
            )
        )
        # Rendered variants: read (cache hits; presigned redirects are signed by this role)
        # and write (cache fills). ListBucket makes a miss a 404 instead of a 403.
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject", "s3:PutObject"],
                resources=[renditions.arn_for_objects("*")],
            )
        )
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[renditions.bucket_arn])
        )
        acknowledge(
            fn.role,
            object_prefix_finding(catalog, CATALOG_PREFIX),
            "Delivery reads the source copies of any catalog image (catalog/{id}/…): GetObject "
            "only, limited to the catalog/ prefix of the catalog bucket.",
        )
        acknowledge(
            fn.role,
            object_prefix_finding(renditions, ""),
            "The renditions bucket holds only delivery's rendered variants, keyed by image and "
            "size; the function gets and puts any of them (GetObject/PutObject only).",
        )
        api.add_function(fn)
