"""``base_url``: the one way every function makes its absolute links (delivery's Link
headers and info URLs, the OpenAPI document's server, style thumbnails)."""

from __future__ import annotations

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from photocen.platform.http import base_url

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def test_base_url_of_local_execute_api_and_custom_domains() -> None:
    local = {"requestContext": {"domainName": "127.0.0.1:3000", "stage": "local"}}
    aws = {
        "requestContext": {"domainName": "abc.execute-api.eu-west-1.amazonaws.com", "stage": "prod"}
    }
    custom = {"requestContext": {"domainName": "api.photocen.com", "stage": "prod"}}
    assert base_url(local) == "http://127.0.0.1:3000"
    assert base_url(aws) == "https://abc.execute-api.eu-west-1.amazonaws.com/prod"
    assert base_url(custom) == "https://api.photocen.com"


def test_base_url_takes_the_resolvers_event_as_well_as_the_raw_one() -> None:
    raw = {
        "requestContext": {"domainName": "abc.execute-api.eu-west-1.amazonaws.com", "stage": "v1"},
        "headers": {"Host": "ignored.example.com"},
    }
    assert base_url(APIGatewayProxyEvent(raw)) == base_url(raw)
    assert base_url(raw) == "https://abc.execute-api.eu-west-1.amazonaws.com/v1"


def test_without_a_domain_name_the_host_header_and_forwarded_scheme_are_used() -> None:
    # Given an event without requestContext.domainName (a hand-made test event, say)
    behind_proxy = {"headers": {"Host": "api.example.com", "X-Forwarded-Proto": "http"}}
    loopback = {"headers": {"host": "[::1]:3000"}, "requestContext": {"stage": "local"}}
    # Then the Host header names the domain, and loopback is always plain HTTP
    assert base_url(behind_proxy) == "http://api.example.com"
    assert base_url(loopback) == "http://[::1]:3000"
    assert base_url({}) == "http://localhost"
