"""The partner API's infrastructure: its function, its exact grants, and the act-on-behalf
read every function that accepts ``PhotoCen-Account`` is given.

Its routes are test_api's: every function of the route table is served, each route by one
method with the authorizer exactly where the table says."""

from __future__ import annotations

from photocen.platform.routes import ROUTES, accepts_on_behalf

from tests.infra.synth import Synth


def test_partners_function_is_served_from_its_import_path(synth: Synth) -> None:
    partners = synth.stack.api.functions["partners"]
    props = synth.resources[synth.logical_id(partners.function)]["Properties"]
    assert props["Handler"] == "functions.partners.handler.lambda_handler"
    env = props["Environment"]["Variables"]
    for name in ("PHOTOCEN_ACCOUNTS_TABLE", "PHOTOCEN_API_KEYS_TABLE", "PHOTOCEN_CREDITS_TABLE"):
        assert name in env


def test_partners_role_holds_exactly_what_the_partner_api_does(synth: Synth) -> None:
    partners = synth.stack.api.functions["partners"]
    data = synth.stack.data
    accounts, keys, credits, counters = (
        data.table(n) for n in ("accounts", "api_keys", "credits", "counters")
    )
    assert synth.grants(partners) == {
        # AccountStore: get, conditional create, conditional status update; by_partner list
        synth.arn(accounts): {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
        synth.arn(accounts, "/index/by_partner"): {"dynamodb:Query"},
        # ApiKeyStore: add, get, revoke; by_account list
        synth.arn(keys): {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
        synth.arn(keys, "/index/by_account"): {"dynamodb:Query"},
        # DynamoLedger: balance and history, and the transfer transaction (puts, updates)
        synth.arn(credits): {
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
        },
        # the limits gate (photocen.limits), as on every authenticated function
        synth.arn(counters): {"dynamodb:GetItem", "dynamodb:UpdateItem"},
    }


def test_every_function_accepting_photocen_account_may_read_an_account_and_no_other(
    synth: Synth,
) -> None:
    accounts = synth.arn(synth.stack.data.table("accounts"))
    for name, function in synth.stack.api.functions.items():
        routes = [r for r in ROUTES if r.function == name]
        grants = synth.grants(function)
        if any(accepts_on_behalf(r) for r in routes):
            assert "dynamodb:GetItem" in grants.get(accounts, set()), name
        elif name not in ("partners", "account"):
            # (meta describes every table for its health check: no item access)
            assert not grants.get(accounts, set()) - {"dynamodb:DescribeTable"}, name


def test_the_status_change_is_one_patch_method(synth: Synth) -> None:
    methods = {
        m["Properties"]["HttpMethod"]
        for m in synth.of_type("AWS::ApiGateway::Method").values()
        if m["Properties"]["HttpMethod"] != "OPTIONS"
    }
    assert "PATCH" in methods
