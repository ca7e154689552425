"""The envelope becomes a typed error; every code of the server's catalogue has its class."""

from __future__ import annotations

import json

import pytest
from photocen.platform import errors as server
from photocen_sdk import errors as sdk


@pytest.mark.parametrize("code", sorted(server.ERRORS))
def test_every_server_error_code_maps_to_an_sdk_class(code: str) -> None:
    server_error = server.ERRORS[code]
    # Given the envelope the server writes for it
    body = {"error": {"code": code, "message": server_error.default_message, "request_id": "r-1"}}
    # When the SDK reads it
    error = sdk.error_from_response(
        server_error.status, {"X-Request-Id": "r-1"}, json.dumps(body).encode()
    )
    # Then it is that code's own class, with the envelope's fields
    assert type(error) is sdk.ERRORS[code]
    assert (error.code, error.status, error.request_id) == (code, server_error.status, "r-1")
    assert error.message == server_error.default_message
    assert error.default_status == server_error.status


def test_rate_limited_reads_retry_after_from_the_envelope_or_the_header() -> None:
    envelope = {"error": {"code": "rate_limited", "message": "slow", "request_id": "r"}}
    from_header = sdk.error_from_response(429, {"Retry-After": "7"}, json.dumps(envelope).encode())
    envelope["error"]["retry_after"] = 12  # type: ignore[index]
    from_body = sdk.error_from_response(429, {"Retry-After": "7"}, json.dumps(envelope).encode())

    assert isinstance(from_header, sdk.RateLimited)
    assert from_header.retry_after == 7
    assert from_body.retry_after == 12  # type: ignore[attr-defined]


def test_an_unknown_code_falls_back_to_its_status_class_and_keeps_its_code() -> None:
    body = {"error": {"code": "quota_exceeded", "message": "m", "request_id": "r"}}
    error = sdk.error_from_response(429, {}, json.dumps(body).encode())
    assert isinstance(error, sdk.RateLimited)
    assert error.code == "quota_exceeded"


def test_an_answer_without_the_envelope_is_still_a_typed_error() -> None:
    error = sdk.error_from_response(502, {"x-request-id": "abc"}, b"<html>Bad gateway</html>")
    assert isinstance(error, sdk.InternalError)
    assert error.status == 502
    assert error.request_id == "abc"
    assert "Bad gateway" in error.message


def test_retry_after_as_an_http_date() -> None:
    assert sdk.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert sdk.parse_retry_after("soon") is None
    assert sdk.parse_retry_after("3") == 3.0
