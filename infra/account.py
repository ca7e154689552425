"""Account: ``GET /v1/account`` (and, later, usage and the partner API)."""

from __future__ import annotations

from constructs import Construct

from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data
from infra.functions import PhotoCenFunction


class Account(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, data: Data, api: Api
    ) -> None:
        super().__init__(scope, construct_id)
        self.function = PhotoCenFunction(
            self, "Function", name="account", config=config, environment=data.environment()
        )
        # AccountStore.get: one GetItem; DynamoLedger.balance: GetItem of the
        # balance item; DynamoLedger.entries: Query of the ledger entries. No writes.
        data.grant_items(self.function, "accounts", "dynamodb:GetItem")
        data.grant_items(self.function, "credits", "dynamodb:GetItem", "dynamodb:Query")
        api.add_function(self.function)
