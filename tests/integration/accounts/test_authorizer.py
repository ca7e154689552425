"""The REQUEST authorizer handler, called as API Gateway calls it."""

from __future__ import annotations

import importlib

import pytest
from photocen.platform.principal import Principal
from photocen.platform.routes import PARTNER_ONLY_PREFIX, ROUTES, Route

from devstack.gateway import (
    LambdaContext,
    authorizer_event,
    build_event,
    method_arn,
    policy_allows,
)


@pytest.fixture
def authorizer(aws):
    # Imported after the `aws` fixture: the handler validates its settings at import.
    return importlib.import_module("functions.authorizer.handler").lambda_handler


def event_for(authorization: str | None, method: str = "GET", path: str = "/v1/account") -> dict:
    headers = [("Authorization", authorization)] if authorization is not None else []
    proxy = build_event(
        Route(method, path, "account"), {}, method, path, "", headers, b"", "req-1", "10.0.0.1", "h"
    )
    return authorizer_event(proxy)


def test_valid_token_gets_an_allow_policy_and_the_principal(authorizer, new_account):
    # Given an account's token
    caller = new_account()
    # When API Gateway asks the authorizer about it
    answer = authorizer(event_for(f"Bearer {caller.token}"), LambdaContext("authorizer"))
    # Then the principal is the account and the context carries it as strings
    assert answer["principalId"] == caller.account_id
    assert Principal.from_context(answer["context"]) == Principal(
        caller.account_id, "user", "free", key_id=caller.key_id
    )
    assert all(isinstance(v, str) for v in answer["context"].values())
    # …and the policy, cached per token, allows every route of the stage but the partner API
    for route in ROUTES:
        partner_only = route.path.startswith(PARTNER_ONLY_PREFIX)
        allowed = policy_allows(answer["policyDocument"], method_arn(route.method, route.path))
        assert allowed is not partner_only, route
    assert policy_allows(answer["policyDocument"], method_arn("POST", "/v1/images/generate"))


def test_lowercase_authorization_header_is_read(authorizer, new_account):
    caller = new_account()
    event = event_for(None)
    event["headers"] = {"authorization": f"Bearer {caller.token}"}
    assert authorizer(event, LambdaContext("authorizer"))["principalId"] == caller.account_id


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Basic abc", "Bearer pc_live_short", "Bearer pc_live_" + "x" * 43],
)
def test_missing_malformed_or_unknown_token_is_unauthorized(authorizer, new_account, authorization):
    new_account()
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer(event_for(authorization), LambdaContext("authorizer"))


def test_revoked_token_is_unauthorized(authorizer, new_account, accounts):
    caller = new_account()
    accounts.revoke_key(caller.account_id, caller.key_id, confirm_last=True)
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer(event_for(f"Bearer {caller.token}"), LambdaContext("authorizer"))


def test_partner_context_names_the_partner(authorizer, accounts):
    partner, _ = accounts.create_account(kind="partner", plan="partner")
    _, key = accounts.create_end_user(partner.account_id, "u-1")
    assert key is not None
    answer = authorizer(event_for(f"Bearer {key.token}"), LambdaContext("authorizer"))
    assert answer["context"]["partner_id"] == partner.account_id


def test_a_partner_key_may_call_every_route(authorizer, accounts):
    _, key = accounts.create_account(kind="partner", plan="partner")
    answer = authorizer(event_for(f"Bearer {key.token}"), LambdaContext("authorizer"))
    for route in ROUTES:
        assert policy_allows(answer["policyDocument"], method_arn(route.method, route.path))


def test_a_suspended_accounts_key_is_denied_every_route(authorizer, accounts):
    # Given an end user its partner suspended
    partner, _ = accounts.create_account(kind="partner", plan="partner")
    user, key = accounts.create_end_user(partner.account_id, "u-1")
    assert key is not None
    accounts.set_status(user.account_id, "suspended")
    # Then its key is known (not a 401) but may call nothing (API Gateway's 403)
    answer = authorizer(event_for(f"Bearer {key.token}"), LambdaContext("authorizer"))
    assert answer["principalId"] == "denied"
    for route in ROUTES:
        assert not policy_allows(answer["policyDocument"], method_arn(route.method, route.path))
