"""Least privilege: each function's role holds exactly the grants its work needs."""

from __future__ import annotations

import json
from typing import Any

from photocen.platform.routes import ROUTES

from tests.infra.synth import Synth

# Every DynamoDB action that only reads items or metadata.
DYNAMODB_READS = {
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:Query",
    "dynamodb:Scan",
}
ITEM_READS = DYNAMODB_READS - {"dynamodb:DescribeTable"}


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else actions


def _resources(statement: dict[str, Any]) -> list[Any]:
    resources = statement["Resource"]
    return resources if isinstance(resources, list) else [resources]


def _tables_touched_by(synth: Synth, function: Any, actions: set[str]) -> set[str]:
    """Logical table names on which the role may perform any of ``actions``."""
    data = synth.stack.data
    ids = {synth.logical_id(table): name for name, table in data.tables.items()}
    touched = set()
    for statement in synth.statements(function):
        if statement["Effect"] != "Allow" or not set(_actions(statement)) & actions:
            continue
        text = json.dumps(_resources(statement))
        touched |= {name for logical, name in ids.items() if f'"{logical}"' in text}
    return touched


def _dynamodb_actions(synth: Synth, function: Any) -> set[str]:
    return {
        action
        for statement in synth.statements(function)
        for action in _actions(statement)
        if action.startswith("dynamodb:")
    }


def test_authorizer_reads_only_the_api_keys_and_accounts_tables(synth: Synth) -> None:
    authorizer = synth.stack.api.authorizer_function

    assert _tables_touched_by(synth, authorizer, ITEM_READS) == {"api_keys", "accounts"}


def test_authorizer_role_cannot_write_any_table(synth: Synth) -> None:
    authorizer = synth.stack.api.authorizer_function
    actions = _dynamodb_actions(synth, authorizer)

    assert actions, "the authorizer must at least read api_keys"
    assert actions <= DYNAMODB_READS, f"write-capable actions: {actions - DYNAMODB_READS}"


def test_authorizer_may_only_get_an_api_key_and_its_account(synth: Synth) -> None:
    # Authenticator.resolve is one ApiKeyStore.get and one AccountStore.get (the account's
    # status): GetItem only, no query, no index, no other table.
    authorizer = synth.stack.api.authorizer_function
    data = synth.stack.data

    assert synth.grants(authorizer) == {
        synth.arn(data.table("api_keys")): {"dynamodb:GetItem"},
        synth.arn(data.table("accounts")): {"dynamodb:GetItem"},
    }


def test_account_function_reads_accounts_and_credits_and_manages_only_keys(synth: Synth) -> None:
    account = synth.stack.api.functions["account"]
    data = synth.stack.data
    # get_account (GetItem); DynamoLedger.balance (GetItem) and .entries (Query); keys:
    # add (PutItem), get, revoke (UpdateItem), list (Query of by_account); the limits gate.
    assert synth.grants(account) == {
        synth.arn(data.table("accounts")): {"dynamodb:GetItem"},
        synth.arn(data.table("credits")): {"dynamodb:GetItem", "dynamodb:Query"},
        synth.arn(data.table("api_keys")): {
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
        },
        synth.arn(data.table("api_keys"), "/index/by_account"): {"dynamodb:Query"},
        synth.arn(data.table("counters")): {"dynamodb:GetItem", "dynamodb:UpdateItem"},
    }


def test_every_api_function_with_an_authenticated_route_may_only_bump_and_read_counters(
    synth: Synth,
) -> None:
    counters = synth.arn(synth.stack.data.table("counters"))
    gated = {route.function for route in ROUTES if route.auth}
    for name, function in synth.stack.api.functions.items():
        grants = synth.grants(function)
        if name in gated:
            assert grants[counters] == {"dynamodb:GetItem", "dynamodb:UpdateItem"}, name
        else:  # the health probe's DescribeTable at most (meta)
            assert grants.get(counters, set()) <= {"dynamodb:DescribeTable"}, name
    # The jobs and sweeper functions only take finished jobs out of the in-flight set.
    for name in ("jobs", "sweeper"):
        grants = synth.grants(synth.stack.generation.functions[name])
        assert grants[counters] == {"dynamodb:UpdateItem"}, name
    assert counters not in synth.grants(synth.stack.generation.functions["webhooks"])


def test_meta_role_can_describe_tables_and_list_buckets_but_read_nothing(synth: Synth) -> None:
    meta = synth.stack.api.functions["meta"]
    statements = synth.statements(meta)
    actions = {a for s in statements for a in _actions(s)}

    assert _tables_touched_by(synth, meta, {"dynamodb:DescribeTable"}) == set(
        synth.stack.data.tables
    )
    assert actions & ITEM_READS == set()
    assert not [a for a in actions if a.startswith("s3:") and a != "s3:ListBucket"]
    assert {a for a in actions if a.startswith(("dynamodb:", "s3:"))} == {
        "dynamodb:DescribeTable",
        "s3:ListBucket",
    }
    # ListBucket on the buckets themselves, never on their objects (`arn/*`).
    for statement in statements:
        if "s3:ListBucket" in _actions(statement):
            assert "/*" not in json.dumps(_resources(statement))


def test_functions_write_logs_only_to_their_own_log_group(synth: Synth) -> None:
    for function in [synth.stack.api.authorizer_function, *synth.stack.api.functions.values()]:
        log_statements = [
            s for s in synth.statements(function) if any(a.startswith("logs:") for a in _actions(s))
        ]
        assert len(log_statements) == 1
        assert _resources(log_statements[0]) == [
            {"Fn::GetAtt": [synth.logical_id(function.log_group), "Arn"]}
        ]


def test_only_xray_is_granted_on_every_resource(synth: Synth) -> None:
    for policy in synth.of_type("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if "*" in _resources(statement):
                assert set(_actions(statement)) <= {
                    "xray:PutTraceSegments",
                    "xray:PutTelemetryRecords",
                }
