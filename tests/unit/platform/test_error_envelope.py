"""Errors become the one envelope, in one place (``photocen.platform.http``): domain errors keep
their code and status, bad input is a 422 that names the field, and nothing a caller sends is a 500.

The app here is the real ``create_app()`` with a small router of its own, so the mapping is
tested whatever routes the functions have today; events come from the local gateway's builder.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photocen.platform import errors
from photocen.platform.http import REQUEST_ID_HEADER, create_app, describe
from photocen.platform.routes import Route
from photocen.platform.settings import BaseFunctionSettings, load
from pydantic import BaseModel, Field, ValidationError

from devstack.gateway import LambdaContext, build_event
from tests.conftest import assert_envelope

router = APIGatewayRouter()


class Settings(BaseModel):
    width: int = Field(ge=1, le=5000)


class GenerateIn(BaseModel):
    prompt: str = Field(min_length=1)
    count: int = Field(default=1, ge=1, le=10)
    settings: Settings | None = None


@router.get("/t/list")
def list_things(limit: Annotated[int, Query(ge=1, le=100)] = 30) -> dict[str, int]:
    return {"limit": limit}


@router.post("/t/generate")
def generate(body: GenerateIn) -> dict[str, int]:
    return {"count": body.count}


@router.get("/t/raise/<name>")
def raise_domain_error(name: str) -> dict[str, str]:
    raise getattr(errors, name)()


@router.get("/t/rate-limited")
def rate_limited() -> dict[str, str]:
    raise errors.RateLimited(retry_after=7)


@router.get("/t/powertools-not-found")
def powertools_not_found() -> dict[str, str]:
    raise NotFoundError("no such thing")


@router.get("/t/bug")
def bug() -> dict[str, str]:
    raise KeyError("secret-internal-detail")


@router.post("/t/value-bug")
def value_bug(body: GenerateIn) -> dict[str, str]:
    raise ValueError("a bug of ours after the body was read")


@router.post("/t/two-step")
def two_step(body: dict[str, Any]) -> dict[str, int]:
    # A route that validates part of its body itself (as generate does with batch items)
    # says that the caller's input is wrong, naming the fields.
    try:
        return {"width": Settings.model_validate(body).width}
    except ValidationError as exc:
        raise errors.ValidationFailed(describe(exc.errors())) from exc


@router.post("/t/answer-bug")
def answer_bug(body: GenerateIn) -> dict[str, int]:
    # A model of ours failing on our own data, after the request was valid (e.g. an answer
    # built once credits were reserved).
    return {"width": Settings.model_validate({"width": -body.count}).width}


class NeedsATable(BaseFunctionSettings):
    missing_table: str  # PHOTOCEN_MISSING_TABLE: never set in tests


@router.get("/t/misconfigured")
def misconfigured() -> dict[str, str]:
    return {"table": load(NeedsATable).missing_table}


app = create_app()
app.include_router(router)


def call(
    method: str,
    path: str,
    query: str = "",
    body: bytes = b"",
    content_type: str = "application/json",
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    headers = [("Content-Type", content_type)] if content_type else []
    event = build_event(
        Route(method, path, "test"),
        {},
        method,
        path,
        query,
        headers,
        body,
        "req-9",
        "10.0.0.1",
        "h",
    )
    result = app.resolve(event, LambdaContext("test"))
    headers_out = {k: v[-1] for k, v in (result.get("multiValueHeaders") or {}).items()}
    headers_out.update(result.get("headers") or {})
    assert headers_out[REQUEST_ID_HEADER] == "req-9"  # the event's request id, on every answer
    return result["statusCode"], headers_out, json.loads(result["body"])


def test_success_carries_the_request_id_header():
    status, headers, body = call("GET", "/t/list", "limit=5")
    assert (status, body) == (200, {"limit": 5})
    assert headers[REQUEST_ID_HEADER] == "req-9"


DOMAIN_ERRORS = [
    ("Unauthorized", 401, "unauthorized"),
    ("Forbidden", 403, "forbidden"),
    ("InsufficientCredits", 402, "insufficient_credits"),
    ("NotFound", 404, "not_found"),
    ("ValidationFailed", 422, "validation_error"),
    ("IdempotencyKeyReused", 422, "idempotency_key_reused"),
    ("IdempotencyInProgress", 409, "idempotency_in_progress"),
    ("Conflict", 409, "conflict"),
    ("RateLimited", 429, "rate_limited"),
    ("ServiceUnavailable", 503, "service_unavailable"),
    ("InternalError", 500, "internal_error"),
]


@pytest.mark.parametrize(("name", "status", "code"), DOMAIN_ERRORS)
def test_domain_errors_keep_their_status_and_code(name, status, code):
    message = assert_envelope(*call("GET", f"/t/raise/{name}"), status, code)
    assert message == getattr(errors, name).default_message


def test_every_domain_error_is_covered_here():
    subclasses = {c.__name__ for c in errors.PhotoCenError.__subclasses__()}
    assert subclasses == {name for name, _, _ in DOMAIN_ERRORS}


def test_error_headers_reach_the_caller():
    status, headers, body = call("GET", "/t/rate-limited")
    assert_envelope(status, headers, body, 429, "rate_limited")
    assert headers["Retry-After"] == "7"
    assert body["error"]["retry_after"] == 7


def test_powertools_service_errors_use_the_envelope():
    assert_envelope(*call("GET", "/t/powertools-not-found"), 404, "not_found")


def test_unknown_route_inside_a_function_is_404_envelope():
    assert_envelope(*call("GET", "/t/nope"), 404, "not_found")


def test_a_bug_is_500_envelope_without_internal_details():
    message = assert_envelope(*call("GET", "/t/bug"), 500, "internal_error")
    assert "secret-internal-detail" not in message


# ---------------------------------------------------------------- bad input is 422
@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=abc", "query.limit"), ("limit=0", "query.limit"), ("limit=101", "query.limit")],
)
def test_bad_query_parameter_is_422_naming_the_parameter(query, field):
    message = assert_envelope(*call("GET", "/t/list", query), 422, "validation_error")
    assert message.startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"prompt": ""}, ["body.prompt"]),
        ({"prompt": "fox", "count": 11}, ["body.count"]),
        ({"prompt": "", "count": 0}, ["body.prompt", "body.count"]),
        ({"prompt": "fox", "settings": {"width": 0}}, ["body.settings.width"]),
        ({}, ["body.prompt"]),
    ],
)
def test_bad_body_field_is_422_naming_each_field(payload, fields):
    message = assert_envelope(
        *call("POST", "/t/generate", body=json.dumps(payload).encode()), 422, "validation_error"
    )
    for field in fields:
        assert f"{field}: " in message


def test_malformed_json_is_422_about_the_body_not_a_character_position():
    message = assert_envelope(
        *call("POST", "/t/generate", body=b"{not json"), 422, "validation_error"
    )
    assert message.startswith("body: ")
    assert "JSON" in message


@pytest.mark.parametrize("body", [b"[]", b'"fox"', b"42", b"null", b""])
def test_body_that_is_not_an_object_is_422(body):
    message = assert_envelope(*call("POST", "/t/generate", body=body), 422, "validation_error")
    assert message.startswith("body")


@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream", "image/png"])
def test_body_of_another_content_type_is_422_not_500(content_type):
    message = assert_envelope(
        *call("POST", "/t/generate", body=b'{"prompt": "fox"}', content_type=content_type),
        422,
        "validation_error",
    )
    assert "application/json" in message


def test_json_body_without_content_type_is_read_as_json():
    # Lenient on purpose: `curl -d '{…}'` users forget the header more often than not.
    status, _, body = call("POST", "/t/generate", body=b'{"prompt": "fox"}', content_type="")
    assert (status, body) == (200, {"count": 1})


def test_body_that_is_not_utf8_is_422():
    message = assert_envelope(
        *call("POST", "/t/generate", body=b"\x80\xff"), 422, "validation_error"
    )
    assert "UTF-8" in message


@pytest.mark.filterwarnings("ignore:Received multipart/form-data without base64")
@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"],
)
def test_form_bodies_are_422_not_500(content_type):
    assert_envelope(
        *call(
            "POST", "/t/generate", body="prompt=f\u00f6x\u2603".encode(), content_type=content_type
        ),
        422,
        "validation_error",
    )


def test_a_value_error_in_route_code_is_a_500_not_the_callers_fault():
    status, headers, body = call("POST", "/t/value-bug", body=b'{"prompt": "fox"}')
    message = assert_envelope(status, headers, body, 500, "internal_error")
    assert "bug of ours" not in message


@pytest.mark.filterwarnings("ignore:Received multipart/form-data without base64")
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=64) | st.text(max_size=64).map(str.encode),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "image/jpeg",
            "",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ]
    ),
    query=st.text(alphabet="limt=&%0123456789abc-", max_size=20),
)
def test_no_input_is_ever_a_500(body, content_type, query):
    status, _, _ = call("POST", "/t/generate", body=body, content_type=content_type)
    assert status in (200, 422)
    status, _, _ = call("GET", "/t/list", query)
    assert status in (200, 422)


def test_input_a_route_validates_itself_is_422_naming_the_field():
    message = assert_envelope(
        *call("POST", "/t/two-step", body=b'{"width": 0}'), 422, "validation_error"
    )
    assert message.startswith("width: ")


def test_a_pydantic_validation_error_escaping_a_route_is_our_500_not_the_callers_422():
    # Given a valid request whose route then fails to build a model from its own data
    status, headers, body = call("POST", "/t/answer-bug", body=b'{"prompt": "fox"}')
    # Then the caller is told it is our error, and nothing of the model's complaint
    message = assert_envelope(status, headers, body, 500, "internal_error")
    assert "width" not in message


def test_a_misconfigured_function_is_a_500_not_the_callers_422():
    # Settings are validated by pydantic too, lazily in the first request that needs them.
    message = assert_envelope(*call("GET", "/t/misconfigured"), 500, "internal_error")
    assert "missing_table" not in message


def nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


@pytest.mark.parametrize(
    "body",
    [
        nested(100_000),
        nested(1_000),
        '{"prompt": "fox", "settings": {"width": ' + nested(2_000) + "}}",
        "{" + '"a": {' * 1_500 + "}" * 1_501,
        "[" * 5_000,  # not even closed: refused before it is parsed
    ],
    ids=["100k", "1k", "inside-a-field", "objects", "unclosed"],
)
def test_a_body_nested_too_deeply_is_422_not_a_recursion_error(body):
    message = assert_envelope(
        *call("POST", "/t/generate", body=body.encode()), 422, "validation_error"
    )
    assert message == "body: nested more than 32 levels deep"


def test_nesting_up_to_the_limit_is_read_and_brackets_inside_strings_do_not_count():
    # 32 levels is read (and refused only by the schema, naming the field)…
    message = assert_envelope(
        *call("POST", "/t/generate", body=b'{"prompt": ' + nested(31).encode() + b"}"),
        422,
        "validation_error",
    )
    assert message.startswith("body.prompt: ")
    # …and brackets in strings, escaped quotes included, are text, not nesting.
    prompt = '\\"[{' * 3_000 + "\\" + "[" * 3_000
    body = json.dumps({"prompt": prompt}).encode()
    assert body.count(b"[") == 6_000
    status, _, answer = call("POST", "/t/generate", body=body)
    assert (status, answer) == (200, {"count": 1})


def test_a_query_parameter_given_twice_is_422_saying_so():
    message = assert_envelope(*call("GET", "/t/list", "limit=5&limit=6"), 422, "validation_error")
    assert message == "query.limit: given more than once; give it once"
    # Parameters the route does not declare are ignored, repeated or not.
    status, _, body = call("GET", "/t/list", "limit=5&x=1&x=2")
    assert (status, body) == (200, {"limit": 5})


# ---------------------------------------------------------------- describe()
def test_describe_names_query_and_body_fields():
    message = describe(
        [
            {"loc": ("query", "blur"), "msg": "Input should be less than or equal to 10"},
            {"loc": ("body", "settings", "width"), "msg": "Input should be greater than 0"},
            {"loc": ("body",), "msg": "Field required"},
            {"loc": ("path", "w"), "msg": "Input should be a valid integer"},
        ]
    )
    assert message == (
        "query.blur: Input should be less than or equal to 10; "
        "body.settings.width: Input should be greater than 0; "
        "body: Field required; "
        "path.w: Input should be a valid integer"
    )


def test_describe_keeps_the_message_short():
    many = [{"loc": ("query", f"p{i}"), "msg": "bad"} for i in range(20)]
    assert describe(many).count(";") == 4


def test_describe_of_nothing_is_a_generic_sentence():
    assert describe([]) == "The request is invalid."
