"""The PhotoCen stack: composes one construct per capability, and nothing else."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct
from photocen.resources import BUCKETS, TABLES

from infra.account import Account
from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data
from infra.delivery import Delivery
from infra.generation import Generation
from infra.meta import Meta
from infra.partners import Partners
from infra.search import Search


class PhotoCenStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.data = data = Data(self, "Data", config=config)
        self.api = api = Api(self, "Api", config=config, data=data)
        Account(self, "Account", config=config, data=data, api=api)
        Meta(self, "Meta", config=config, data=data, api=api)
        Delivery(self, "Delivery", config=config, data=data, api=api)
        self.generation = Generation(self, "Generation", config=config, data=data, api=api)
        self.search = Search(
            self,
            "Search",
            config=config,
            data=data,
            api=api,
            generate=self.generation.functions["generate"],
        )
        Partners(self, "Partners", config=config, data=data, api=api)

        # Stable output ids: `photocen admin --stack` and operators read these.
        CfnOutput(self, "ApiUrl", value=api.url, description="Base URL of the API stage")
        # `photocen admin --stack NAME migrate-now` invokes this function.
        CfnOutput(
            self, "CleanupFunctionName", value=self.search.cleanup_function.function.function_name
        )
        CfnOutput(self, "CatalogCdnDomain", value=self.search.distribution.distribution_domain_name)
        CfnOutput(self, "CatalogUrlSigningSecret", value=self.search.signing_secret.secret_arn)
        for spec in TABLES:
            CfnOutput(self, spec.output_id, value=data.tables[spec.logical_name].table_name)
        for bucket in BUCKETS:
            CfnOutput(self, bucket.output_id, value=data.buckets[bucket.logical_name].bucket_name)
