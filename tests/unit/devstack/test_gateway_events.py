"""The local gateway builds the same REST (v1) proxy events API Gateway builds, and turns a
handler's proxy result back into HTTP."""

from __future__ import annotations

import base64
import json

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from photocen.platform.routes import Route

from devstack.gateway import STAGE, authorizer_event, build_event, method_arn, to_http

ROUTE = Route("GET", "/id/{id}/{w}/{h}", "delivery")
PROXY_KEYS = {
    "resource",
    "path",
    "httpMethod",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
    "body",
    "isBase64Encoded",
}


def event(
    query: str = "",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
    method: str = "GET",
    route: Route = ROUTE,
    params: dict[str, str] | None = None,
    path: str = "/id/7/400/300",
) -> dict:
    return build_event(
        route,
        {"id": "7", "w": "400", "h": "300"} if params is None else params,
        method,
        path,
        query,
        headers if headers is not None else [("Host", "127.0.0.1:3000"), ("User-Agent", "curl/8")],
        body,
        "req-123",
        "10.0.0.1",
        "127.0.0.1:3000",
    )


def test_event_has_the_rest_v1_proxy_shape():
    built = event()
    assert set(built) == PROXY_KEYS
    assert built["resource"] == "/id/{id}/{w}/{h}"
    assert built["path"] == "/id/7/400/300"
    assert built["httpMethod"] == "GET"
    assert built["pathParameters"] == {"id": "7", "w": "400", "h": "300"}
    assert built["stageVariables"] is None
    assert built["body"] is None
    assert built["isBase64Encoded"] is False
    # Powertools reads it as a REST proxy event
    parsed = APIGatewayProxyEvent(built)
    assert parsed.resource == "/id/{id}/{w}/{h}"
    assert parsed.path_parameters == {"id": "7", "w": "400", "h": "300"}
    assert parsed.request_context.stage == STAGE


def test_request_context_carries_the_request_id_and_caller():
    context = event()["requestContext"]
    assert context["requestId"] == "req-123"
    assert context["resourcePath"] == "/id/{id}/{w}/{h}"
    assert context["httpMethod"] == "GET"
    assert context["path"] == f"/{STAGE}/id/7/400/300"
    assert context["stage"] == STAGE
    assert context["identity"]["sourceIp"] == "10.0.0.1"
    assert context["identity"]["userAgent"] == "curl/8"
    assert context["domainName"] == "127.0.0.1:3000"
    assert isinstance(context["requestTimeEpoch"], int)
    assert APIGatewayProxyEvent(event()).request_context.request_id == "req-123"


def test_bare_query_flag_becomes_an_empty_string():
    # Given `?grayscale&blur=2` (Picsum's bare flags)
    built = event("grayscale&blur=2")
    # Then the flag is present with "" as API Gateway sends it, not dropped
    assert built["queryStringParameters"] == {"grayscale": "", "blur": "2"}
    assert built["multiValueQueryStringParameters"] == {"grayscale": [""], "blur": ["2"]}


def test_repeated_query_keys_keep_the_last_single_value_and_all_multi_values():
    built = event("random=1&random=2")
    assert built["queryStringParameters"] == {"random": "2"}
    assert built["multiValueQueryStringParameters"] == {"random": ["1", "2"]}


def test_query_values_are_url_decoded():
    assert event("q=red%20fox&x=a+b")["queryStringParameters"] == {"q": "red fox", "x": "a b"}


def test_absent_query_headers_and_params_are_null_not_empty():
    built = event("", headers=[], params={})
    assert built["queryStringParameters"] is None
    assert built["multiValueQueryStringParameters"] is None
    assert built["headers"] is None
    assert built["multiValueHeaders"] is None
    assert built["pathParameters"] is None


def test_repeated_headers_keep_every_value_in_multi_value_headers():
    built = event(headers=[("Accept", "image/webp"), ("Accept", "image/*")])
    assert built["headers"] == {"Accept": "image/*"}
    assert built["multiValueHeaders"] == {"Accept": ["image/webp", "image/*"]}


@pytest.mark.parametrize("content_type", ["image/png", "image/jpeg", "IMAGE/WEBP; q=1"])
def test_binary_image_bodies_are_base64_encoded(content_type):
    raw = b"\x89PNG\r\n\x1a\n\x00\x01"
    built = event(headers=[("Content-Type", content_type)], body=raw, method="POST")
    assert built["isBase64Encoded"] is True
    assert base64.b64decode(built["body"]) == raw


def test_text_bodies_pass_through_as_text():
    payload = json.dumps({"prompt": "a red fox"})
    built = event(
        headers=[("Content-Type", "application/json")], body=payload.encode(), method="POST"
    )
    assert built["isBase64Encoded"] is False
    assert built["body"] == payload
    assert APIGatewayProxyEvent(built).json_body == {"prompt": "a red fox"}


def test_undecodable_non_image_bodies_are_base64_encoded():
    raw = b"\xff\xfe\x00binary"
    built = event(headers=[("Content-Type", "application/octet-stream")], body=raw, method="POST")
    assert built["isBase64Encoded"] is True
    assert base64.b64decode(built["body"]) == raw


def test_authorizer_event_is_a_request_authorizer_event_for_the_method_arn():
    built = event(headers=[("Authorization", "Bearer x")])
    auth = authorizer_event(built)
    assert auth["type"] == "REQUEST"
    assert auth["methodArn"] == method_arn("GET", "/id/7/400/300")
    assert auth["methodArn"].endswith(f"/{STAGE}/GET/id/7/400/300")
    assert auth["headers"] == {"Authorization": "Bearer x"}
    assert auth["requestContext"]["requestId"] == "req-123"
    # a copy: the gateway adds the authorizer answer to the handler's event, not this one
    assert auth["requestContext"] is not built["requestContext"]


# ---------------------------------------------------------------- proxy result → HTTP
def test_proxy_result_becomes_http_with_every_header_value():
    response = to_http(
        {
            "statusCode": 201,
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "X-Request-Id": ["req-1"]},
            "headers": {"Content-Type": "application/json", "x-request-id": "ignored"},
            "body": '{"ok": true}',
            "isBase64Encoded": False,
        }
    )
    assert response.status == 201
    assert response.headers.count(("Set-Cookie", "a=1")) == 1
    assert ("Set-Cookie", "b=2") in response.headers
    assert ("Content-Type", "application/json") in response.headers
    # multi-value headers win over single ones of the same name, as in API Gateway
    assert [v for k, v in response.headers if k.lower() == "x-request-id"] == ["req-1"]
    assert response.body == b'{"ok": true}'


def test_base64_proxy_result_is_decoded_to_bytes():
    raw = bytes(range(256))
    response = to_http(
        {"statusCode": 200, "body": base64.b64encode(raw).decode(), "isBase64Encoded": True}
    )
    assert response.body == raw


def test_proxy_result_without_body_is_empty():
    assert to_http({"statusCode": 204}).body == b""
