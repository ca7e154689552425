"""One list of errors (``platform.errors.ERRORS``): the envelope of a bare status, API
Gateway's own answers and the OpenAPI ``code`` enum are all derived from it."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from photocen.platform import errors, openapi
from photocen.platform.errors import ERRORS, PhotoCenError, code_for_status
from photocen.platform.routes import GATEWAY_RESPONSES, GatewayResponse

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

# Where API Gateway's situation needs another status or message than the code's own.
GATEWAY_STATUSES = {"REQUEST_TOO_LARGE": 413, "DEFAULT_4XX": 400}
GATEWAY_MESSAGES = {
    "ACCESS_DENIED": "This token may not call this route.",
    "MISSING_AUTHENTICATION_TOKEN": "No such route.",
    "AUTHORIZER_FAILURE": "Authentication is unavailable; try again shortly.",
    "REQUEST_TOO_LARGE": "The request is too large.",
}


# A refusal of a new kind. Not a direct subclass of PhotoCenError: those are the catalogue.
class UnavailableForLegalReasons(errors.Forbidden):
    code = "unavailable_for_legal_reasons"
    status = 451
    default_message = "Not here."


def _fresh(module: ModuleType) -> ModuleType:
    """``module`` executed again, as at a cold start, against the catalogue as it is now."""
    spec = importlib.util.spec_from_file_location(f"fresh_{module.__name__}", module.__file__)
    assert spec is not None
    assert spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    return fresh


def _enum(document: dict) -> list[str]:
    return document["properties"]["error"]["properties"]["code"]["enum"]


def test_the_catalogue_holds_every_domain_error_under_its_own_code():
    assert all(error.code == code for code, error in ERRORS.items())
    assert set(ERRORS.values()) == set(PhotoCenError.__subclasses__())
    assert all(400 <= error.status < 600 and error.default_message for error in ERRORS.values())


def test_the_openapi_code_enum_is_the_catalogue():
    assert _enum(openapi.ERROR_SCHEMA) == list(ERRORS)


def test_a_code_added_to_the_catalogue_appears_in_the_openapi_enum(monkeypatch):
    # Given a new error in the catalogue
    new = UnavailableForLegalReasons
    monkeypatch.setitem(errors.ERRORS, new.code, new)  # type: ignore[index]
    # Then the document built from it lists the code too
    assert _enum(_fresh(openapi).ERROR_SCHEMA) == [*_enum(openapi.ERROR_SCHEMA), new.code]


@pytest.mark.parametrize("kind", sorted(GATEWAY_RESPONSES))
def test_every_gateway_response_is_a_catalogue_code_with_its_status_and_message(kind):
    response = GATEWAY_RESPONSES[kind]
    error = ERRORS[response.code]
    assert response.status == GATEWAY_STATUSES.get(kind, error.status)
    assert response.message == GATEWAY_MESSAGES.get(kind, error.default_message)


def test_a_gateway_response_takes_the_status_and_message_of_its_error():
    assert GatewayResponse.of(UnavailableForLegalReasons) == GatewayResponse(
        451, "unavailable_for_legal_reasons", "Not here."
    )
    assert GatewayResponse.of(errors.NotFound, message="No such route.").status == 404


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
        (429, "rate_limited"),
        (400, "validation_error"),
        (405, "validation_error"),
        (413, "validation_error"),
        (422, "validation_error"),
        (500, "internal_error"),
        (502, "internal_error"),
    ],
)
def test_a_bare_http_status_gets_the_catalogues_code(status, code):
    assert code_for_status(status) == code


def test_every_code_a_bare_status_gets_is_in_the_catalogue():
    assert {code_for_status(status) for status in range(100, 600)} <= set(ERRORS)
