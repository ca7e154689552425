"""Partners: the partner API (``/v1/partner/…``): end users, their keys, the credit pool."""

from __future__ import annotations

from constructs import Construct

from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import Data
from infra.functions import PhotoCenFunction

# The ledger as DynamoLedger uses it for a partner: balance and history reads, and the
# transfer transaction (two conditional puts of entries, two balance updates).
LEDGER_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)


class Partners(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, data: Data, api: Api
    ) -> None:
        super().__init__(scope, construct_id)
        fn = self.function = PhotoCenFunction(
            self,
            "Function",
            name="partners",
            config=config,
            environment=data.environment(),
            description="PhotoCen partner API: end users, their keys, the credit pool",
        )
        # AccountStore: get, create (conditional put), set_status (conditional update), and
        # the partner's end users (the by_partner index).
        data.grant_items(
            fn, "accounts", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"
        )
        data.grant_index_query(fn, "accounts", "by_partner")
        # ApiKeyStore: add (conditional put), get and revoke (update) by hash; list by account.
        data.grant_items(
            fn, "api_keys", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"
        )
        data.grant_index_query(fn, "api_keys", "by_account")
        data.grant_items(fn, "credits", *LEDGER_ACTIONS)
        api.add_function(fn)
