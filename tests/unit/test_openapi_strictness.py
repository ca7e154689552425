"""``/openapi.json`` says what the server accepts: the document's patterns and enums are the
validators' own objects, so a change to one without the other fails here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from photocen.delivery import params
from photocen.generation.model import JOB_ID
from photocen.generation.offerings import IMAGE_MODELS, STYLES
from photocen.generation.region import REQUEST_REGIONS
from photocen.platform import text
from photocen.platform.errors import ValidationFailed
from photocen.platform.patterns import Pattern

from functions.generate.schemas import DATA_URL, GenerateIn
from functions.meta.openapi import document


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return document()


def _parameter(doc: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    parameters = doc["paths"][path]["get"]["parameters"]
    return next(p["schema"] for p in parameters if p["name"] == name)


@pytest.mark.parametrize(
    ("path", "name", "pattern"),
    [
        ("/{w}/{h}", "w", params.DIMENSION),
        ("/{w}/{h}", "h", params.LAST_DIMENSION),
        ("/{w}", "w", params.LAST_DIMENSION),
        ("/id/{image_id}/{w}/{h}", "image_id", params.IMAGE_ID),
        ("/id/{image_id}/info", "image_id", params.IMAGE_ID),
        ("/seed/{seed}/{w}", "w", params.LAST_DIMENSION),
        ("/{w}/{h}", "grayscale", params.GRAYSCALE),
        ("/{w}/{h}", "blur", params.BLUR),
        ("/v1/images/jobs/{job_id}", "job_id", JOB_ID),
        ("/v1/generations/{generation_id}", "generation_id", JOB_ID),
    ],
)
def test_documented_patterns_are_the_validators_patterns(
    doc: dict[str, Any], path: str, name: str, pattern: Pattern
) -> None:
    schema = _parameter(doc, path, name)
    assert schema["pattern"] == pattern.json
    assert "anyOf" not in schema  # a parameter is a string on the wire, never null


def test_documented_enums_are_the_service_tables(doc: dict[str, Any]) -> None:
    item = doc["components"]["schemas"]["ItemIn"]["properties"]
    enums = {
        name: next(b["enum"] for b in item[name]["anyOf"] if "enum" in b)
        for name in ("model", "region")
    }
    assert enums == {"model": list(IMAGE_MODELS), "region": list(REQUEST_REGIONS)}
    thumbnail = _parameter(doc, "/v1/styles/{style_id}/thumbnail", "style_id")
    assert thumbnail["enum"] == list(STYLES)
    reference = doc["components"]["schemas"]["ReferenceImageIn"]
    assert reference["properties"]["data_url"]["pattern"] == DATA_URL.json


def test_a_generate_body_is_a_prompt_or_items_never_both(doc: dict[str, Any]) -> None:
    forms = doc["components"]["schemas"]["GenerateIn"]["oneOf"]
    assert sorted(f["required"][0] for f in forms) == ["items", "prompt"]


@pytest.mark.parametrize(
    ("raw", "ok"),
    [("1", True), ("007", True), ("0", False), ("000", False), ("-1", False), ("1.5", False)],
)
def test_a_size_of_zero_is_refused_by_parser_and_document_alike(raw: str, ok: bool) -> None:
    # schemathesis found `GET /0/0` documented as valid but refused (ST202)
    documented = re.fullmatch(params.DIMENSION.json[1:-1], raw) is not None
    assert documented is ok
    if ok:
        assert params.parse_dimension("width", raw) >= 1
    else:
        with pytest.raises(ValidationFailed):
            params.parse_dimension("width", raw)


@pytest.mark.parametrize("body", [r"\d+", "a.b", "^a", "(?i)a", r"\s"])
def test_a_pattern_that_means_something_else_in_json_schema_is_refused(body: str) -> None:
    with pytest.raises(ValueError, match="not portable"):
        Pattern(body)


# Every character up to CJK's ideographic space (past every white space) and a few beyond.
_CHARACTERS = [chr(c) for c in range(0x3001)] + ["\U0001f600", "\ufeff", "\uffff"]


@pytest.mark.parametrize("multiline", [False, True])
def test_the_documented_text_patterns_are_the_control_character_rule(multiline: bool) -> None:
    # schemathesis found prompts, keywords and seeds with control characters documented as
    # valid but refused (ST202); the document now states the validator's rule.
    plain = text.MULTILINE if multiline else text.SINGLE_LINE
    not_blank = text.MULTILINE_NOT_BLANK if multiline else text.SINGLE_LINE_NOT_BLANK
    for c in _CHARACTERS:
        sample = f"a{c}b"
        allowed = text.control_character(sample, multiline=multiline) is None
        assert plain.matches(sample) is allowed, repr(c)
        alone_ok = allowed and bool(c.strip())
        assert not_blank.matches(c) is alone_ok, repr(c)
        assert re.fullmatch(not_blank.json[1:-1], c) is not None or not alone_ok


def test_redirects_and_revalidations_are_documented_without_a_body(doc: dict[str, Any]) -> None:
    # schemathesis found a 302 (no body) documented as application/json (ST104)
    for path in ("/{w}/{h}", "/id/{image_id}/{w}", "/seed/{seed}/{w}/{h}"):
        responses = doc["paths"][path]["get"]["responses"]
        assert "content" not in responses["302"]
        assert "content" not in responses["304"]


def test_a_vanishingly_small_guidance_scale_is_stored_as_a_number_dynamodb_holds() -> None:
    # schemathesis sent cfg 2.2e-309: DynamoDB refused the number and the caller got a 503
    single, _ = GenerateIn.model_validate({"prompt": "a cat", "cfg": 2.2e-309}).to_domain()
    assert single is not None
    assert single.cfg == 0.0
    single, _ = GenerateIn.model_validate({"prompt": "a cat", "cfg": 7.123456}).to_domain()
    assert single is not None
    assert single.cfg == 7.1235
