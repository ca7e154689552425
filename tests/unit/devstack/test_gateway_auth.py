"""The local gateway's side of authorization: IAM policy evaluation, the authorizer cache,
and the gateway responses — with an in-memory fake of the functions (no handlers, no AWS)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerResponse,
    HttpVerb,
)
from hypothesis import given
from hypothesis import strategies as st
from photocen.platform.principal import Principal

from devstack.gateway import (
    ACCOUNT_ID,
    API_ID,
    REGION,
    STAGE,
    Gateway,
    method_arn,
    policy_allows,
)
from tests.conftest import assert_envelope

ARN = method_arn("GET", "/v1/account")
PREFIX = f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{API_ID}/{STAGE}"


def statement(effect: str, resource: str | list[str]) -> dict[str, Any]:
    return {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


# ---------------------------------------------------------------- policy evaluation
def test_allow_on_the_exact_method_arn_allows():
    assert policy_allows(policy(statement("Allow", ARN)), ARN)


def test_no_matching_statement_denies_by_default():
    assert not policy_allows(policy(), ARN)
    assert not policy_allows(policy(statement("Allow", method_arn("GET", "/v1/usage"))), ARN)
    assert not policy_allows(policy(statement("Allow", method_arn("POST", "/v1/account"))), ARN)


@pytest.mark.parametrize("order", ["deny_first", "allow_first"])
def test_explicit_deny_wins_over_allow_in_any_order(order):
    allow, deny = statement("Allow", f"{PREFIX}/*/*"), statement("Deny", ARN)
    statements = [deny, allow] if order == "deny_first" else [allow, deny]
    assert not policy_allows(policy(*statements), ARN)
    # …and only where it matches
    assert policy_allows(policy(*statements), method_arn("GET", "/v1/usage"))


@pytest.mark.parametrize(
    ("resource", "allowed"),
    [
        (f"{PREFIX}/*/*", True),
        (f"{PREFIX}/*", True),
        (f"{PREFIX}/GET/*", True),
        (f"{PREFIX}/GET/v1/*", True),
        (f"{PREFIX}/POST/*", False),
        (f"{PREFIX}/GET/v2/*", False),
        (f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:otherapi/{STAGE}/*/*", False),
        (f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{API_ID}/prod/*/*", False),
        ("*", True),
    ],
)
def test_wildcards_match_like_iam(resource, allowed):
    assert policy_allows(policy(statement("Allow", resource)), ARN) is allowed


def test_resource_may_be_a_string_or_a_list():
    assert policy_allows(policy(statement("Allow", [method_arn("GET", "/x"), ARN])), ARN)
    assert policy_allows(policy(statement("Allow", ARN)), ARN)


def test_powertools_allow_all_routes_policy_allows_every_method_and_path():
    response = APIGatewayAuthorizerResponse("acct_1", REGION, ACCOUNT_ID, API_ID, STAGE)
    response.allow_all_routes()
    document = response.asdict()["policyDocument"]
    for method, path in [("GET", "/v1/account"), ("POST", "/v1/images/generate"), ("GET", "/1/2")]:
        assert policy_allows(document, method_arn(method, path))


def test_powertools_deny_route_beats_its_allow_all():
    response = APIGatewayAuthorizerResponse("acct_1", REGION, ACCOUNT_ID, API_ID, STAGE)
    response.allow_all_routes()
    response.deny_route(HttpVerb.POST.value, "/v1/partner/*")
    document = response.asdict()["policyDocument"]
    assert not policy_allows(document, method_arn("POST", "/v1/partner/users"))
    assert policy_allows(document, method_arn("GET", "/v1/partner/users"))


# ---------------------------------------------------------------- principal context
principals = st.builds(
    Principal,
    account_id=st.text(min_size=1, max_size=40),
    kind=st.sampled_from(["user", "partner"]),
    plan=st.sampled_from(["free", "pro", "studio", "partner"]),
    partner_id=st.none() | st.text(min_size=1, max_size=40),
)


@given(principals)
def test_principal_survives_the_authorizer_context_round_trip(principal):
    context = principal.as_context()
    # API Gateway only carries string values (no nulls) in an authorizer context
    assert all(isinstance(v, str) for v in context.values())
    # …and the handler sees it with API Gateway's own additions
    seen = {"principalId": principal.account_id, "integrationLatency": 3, **context}
    assert Principal.from_context(seen) == principal


def test_partner_end_user_keeps_its_partner_through_the_context():
    principal = Principal("acct_end", "user", "free", partner_id="acct_partner")
    assert Principal.from_context(principal.as_context()).partner_id == "acct_partner"


# ---------------------------------------------------------------- the gateway, with fakes
class FakeFunctions:
    """Stands in for the loaded handlers: records calls, answers as told."""

    def __init__(self, authorizer: Any, handler: Any = None) -> None:
        self.authorizer = authorizer
        self.handler = handler or (
            lambda event: {
                "statusCode": 200,
                "body": json.dumps(event["requestContext"].get("authorizer")),
                "multiValueHeaders": {"X-Request-Id": [event["requestContext"]["requestId"]]},
            }
        )
        self.calls: list[str] = []

    def invoke(self, function: str, event: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(function)
        if function == "authorizer":
            return self.authorizer(event)
        return self.handler(event)


def allow(event: dict[str, Any]) -> dict[str, Any]:
    response = APIGatewayAuthorizerResponse(
        "acct_1",
        REGION,
        ACCOUNT_ID,
        API_ID,
        STAGE,
        context=Principal("acct_1", "user", "pro").as_context(),
    )
    response.allow_all_routes()
    return response.asdict()


def refuse(event: dict[str, Any]) -> dict[str, Any]:
    raise Exception("Unauthorized")


def crash(event: dict[str, Any]) -> dict[str, Any]:
    raise RuntimeError("table missing")


def call(
    gateway: Gateway,
    target: str = "/v1/account",
    token: str | None = "Bearer pc_live_x",  # noqa: S107 - a fake, never a credential
    method="GET",
):
    headers = [("Authorization", token)] if token else []
    response = gateway.handle(method, target, headers, b"", "127.0.0.1", "127.0.0.1:3000")
    return response.status, dict(response.headers), json.loads(response.body or b"null")


def test_allowed_caller_reaches_the_handler_with_the_principal_in_the_context():
    functions = FakeFunctions(allow)
    status, _, context = call(Gateway(functions, authorizer_ttl=0))  # type: ignore[arg-type]
    assert status == 200
    assert functions.calls == ["authorizer", "account"]
    assert Principal.from_context(context) == Principal("acct_1", "user", "pro")
    assert context["principalId"] == "acct_1"


def test_missing_token_is_401_without_asking_the_authorizer():
    functions = FakeFunctions(allow)
    assert_envelope(*call(Gateway(functions), token=None), 401, "unauthorized")  # type: ignore[arg-type]
    assert functions.calls == []


def test_authorizer_unauthorized_is_401_envelope():
    functions = FakeFunctions(refuse)
    assert_envelope(*call(Gateway(functions)), 401, "unauthorized")  # type: ignore[arg-type]
    assert functions.calls == ["authorizer"]


def test_authorizer_crash_is_503_envelope_and_the_handler_is_not_run():
    functions = FakeFunctions(crash)
    assert_envelope(*call(Gateway(functions)), 503, "service_unavailable")  # type: ignore[arg-type]
    assert functions.calls == ["authorizer"]


def test_denying_policy_is_403_envelope():
    def deny(event: dict[str, Any]) -> dict[str, Any]:
        response = APIGatewayAuthorizerResponse("acct_1", REGION, ACCOUNT_ID, API_ID, STAGE)
        response.deny_all_routes()
        return response.asdict()

    functions = FakeFunctions(deny)
    assert_envelope(*call(Gateway(functions)), 403, "forbidden")  # type: ignore[arg-type]
    assert functions.calls == ["authorizer"]


def test_authorizer_answer_is_cached_per_authorization_header():
    # Given a gateway with a positive cache TTL
    functions = FakeFunctions(allow)
    gateway = Gateway(functions, authorizer_ttl=60)  # type: ignore[arg-type]
    # When the same token calls twice and another token once
    call(gateway)
    call(gateway)
    call(gateway, token="Bearer pc_live_other")
    # Then the authorizer ran once per distinct header
    assert functions.calls.count("authorizer") == 2
    assert functions.calls.count("account") == 3


def test_ttl_zero_asks_the_authorizer_every_time():
    functions = FakeFunctions(allow)
    gateway = Gateway(functions, authorizer_ttl=0)  # type: ignore[arg-type]
    call(gateway)
    call(gateway)
    assert functions.calls.count("authorizer") == 2


def test_unknown_route_is_404_not_found_envelope_and_runs_nothing():
    functions = FakeFunctions(allow)
    assert_envelope(*call(Gateway(functions), "/v1/nope/at/all/here"), 404, "not_found")  # type: ignore[arg-type]
    assert_envelope(*call(Gateway(functions), "/v1/account", method="DELETE"), 404, "not_found")  # type: ignore[arg-type]
    assert functions.calls == []


def test_crashing_handler_is_502_envelope():
    functions = FakeFunctions(allow, handler=crash)
    assert_envelope(*call(Gateway(functions)), 502, "internal_error")  # type: ignore[arg-type]


def test_preflight_answers_cors_without_auth():
    functions = FakeFunctions(refuse)
    response = Gateway(functions).handle("OPTIONS", "/v1/account", [], b"", "127.0.0.1", "h")  # type: ignore[arg-type]
    headers = dict(response.headers)
    assert response.status == 204
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    assert "X-Request-Id" in headers["Access-Control-Expose-Headers"]
    assert functions.calls == []
