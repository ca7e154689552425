"""Account: ``GET /v1/account``, the credit history, usage and self-service keys."""

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
        # balance item; DynamoLedger.entries: Query of the ledger entries. No credit moves.
        data.grant_items(self.function, "accounts", "dynamodb:GetItem")
        data.grant_items(self.function, "credits", "dynamodb:GetItem", "dynamodb:Query")
        # Keys (ApiKeyStore): add (conditional PutItem), get, revoke (UpdateItem), and the
        # account's keys from the by_account index. Never a DeleteItem: revoked keys stay.
        data.grant_items(
            self.function, "api_keys", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"
        )
        data.grant_index_query(self.function, "api_keys", "by_account")
        # The counters (usage, keys' last use) come with the API's limits gate (infra/api.py).
        api.add_function(self.function)
