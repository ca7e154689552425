"""The local stack's moto server (devstack.moto_server) keeps only what the tables hold."""

from __future__ import annotations

import json
import urllib.request


def tracked_dynamodb_models(moto_endpoint: str) -> int:
    """How many DynamoDB model instances moto holds on to (its dashboard's data)."""
    with urllib.request.urlopen(f"{moto_endpoint}/moto-api/data.json", timeout=30) as response:
        data = json.load(response)
    return sum(len(instances) for instances in data.get("dynamodb", {}).values())


def test_a_transaction_leaves_no_copy_of_the_tables_behind(ledger, moto_endpoint):
    # Given a ledger with some history
    ledger.grant("acct_moto", 500, "grant:moto", "test")
    # When many reservations run (each is a TransactWriteItems, which moto backs up by
    # deep-copying every table it touches)
    for n in range(40):
        ledger.reserve("acct_moto", 1, f"job_{n}")
    # Then moto keeps no DynamoDB object beyond what its tables hold (before the fix it kept
    # every copy: thousands of items here, ~2 MB per reservation on a long local session)
    assert tracked_dynamodb_models(moto_endpoint) == 0
    assert ledger.balance("acct_moto").balance == 460
