"""The PhotoCen stack: composes one construct per capability, and nothing else."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct
from photocen.cli import TABLE_OUTPUT_IDS

from infra.account import Account
from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data, pascal
from infra.delivery import Delivery
from infra.generation import Generation
from infra.meta import Meta


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

        # Stable output ids: `photocen admin --stack` and operators read these.
        CfnOutput(self, "ApiUrl", value=api.url, description="Base URL of the API stage")
        for logical_name, table in data.tables.items():
            CfnOutput(self, TABLE_OUTPUT_IDS[logical_name], value=table.table_name)
        for logical_name, bucket in data.buckets.items():
            CfnOutput(self, f"{pascal(logical_name)}BucketName", value=bucket.bucket_name)
