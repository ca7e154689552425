"""Meta: health checks, the OpenAPI document and the docs page (no token needed)."""

from __future__ import annotations

from constructs import Construct

from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data
from infra.functions import PhotoCenFunction


class Meta(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, data: Data, api: Api
    ) -> None:
        super().__init__(scope, construct_id)
        self.function = PhotoCenFunction(
            self,
            "Function",
            name="meta",
            config=config,
            environment={**data.environment(), **data.health_environment()},
            memory_size=256,
        )
        # Health probes see that each table and bucket exists, never what is in it.
        data.grant_describe(self.function)
        api.add_function(self.function)
