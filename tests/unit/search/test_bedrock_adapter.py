"""Titan Multimodal Embeddings G1 through Bedrock, pinned with botocore's Stubber (moto's
bedrock-runtime answers an empty body): the exact request Bedrock documents for
``amazon.titan-embed-image-v1``, the documented answer parsed, and Bedrock's errors mapped."""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from photocen.platform.aws import AwsTarget
from photocen.platform.errors import InternalError, ServiceUnavailable, ValidationFailed
from photocen.search.adapters.bedrock import TitanEmbedder

MODEL = "amazon.titan-embed-image-v1"


class StubbedTitan(TitanEmbedder):
    def __init__(self, runtime: Any, dimension: int = 4) -> None:
        super().__init__(AwsTarget("us-east-1"), model_id=MODEL, dimension=dimension)
        self._runtime = runtime

    @property
    def runtime(self) -> Any:
        return self._runtime


@pytest.fixture
def bedrock() -> Iterator[tuple[Any, Stubber, list[dict[str, Any]]]]:
    runtime = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    sent: list[dict[str, Any]] = []

    def capture(params: dict[str, Any], **_: Any) -> None:
        sent.append(params)

    runtime.meta.events.register("provide-client-params.bedrock-runtime.InvokeModel", capture)
    with Stubber(runtime) as stubber:
        yield runtime, stubber, sent
        stubber.assert_no_pending_responses()


def answer(document: dict[str, Any]) -> dict[str, Any]:
    raw = json.dumps(document).encode()
    return {"body": StreamingBody(io.BytesIO(raw), len(raw)), "contentType": "application/json"}


EXPECTED_CALL = {
    "modelId": MODEL,
    "body": ANY,
    "contentType": "application/json",
    "accept": "application/json",
}


def test_text_request_is_titans_documented_body_and_the_answer_is_normalised(bedrock) -> None:  # type: ignore[no-untyped-def]
    runtime, stubber, sent = bedrock
    stubber.add_response(
        "invoke_model",
        answer({"embedding": [3.0, 0.0, 4.0, 0.0], "inputTextTokenCount": 3, "message": None}),
        EXPECTED_CALL,
    )

    vector = StubbedTitan(runtime).embed_text("seaside cafe")

    assert json.loads(sent[0]["body"]) == {
        "inputText": "seaside cafe",
        "embeddingConfig": {"outputEmbeddingLength": 4},
    }
    assert vector == pytest.approx((0.6, 0.0, 0.8, 0.0))
    assert math.isclose(math.fsum(v * v for v in vector), 1.0)


def test_image_request_sends_base64_pixels_and_the_caption(bedrock) -> None:  # type: ignore[no-untyped-def]
    runtime, stubber, sent = bedrock
    pixels = b"\xff\xd8\xff\xe0 a jpeg"
    stubber.add_response("invoke_model", answer({"embedding": [1, 1, 1, 1]}), EXPECTED_CALL)
    stubber.add_response("invoke_model", answer({"embedding": [0, 2, 0, 0]}), EXPECTED_CALL)

    with_caption = StubbedTitan(runtime).embed_image(pixels, "a red bicycle")
    without = StubbedTitan(runtime).embed_image(pixels, "  ")

    assert json.loads(sent[0]["body"]) == {
        "inputImage": base64.b64encode(pixels).decode(),
        "inputText": "a red bicycle",
        "embeddingConfig": {"outputEmbeddingLength": 4},
    }
    assert json.loads(sent[1]["body"]) == {
        "inputImage": base64.b64encode(pixels).decode(),
        "embeddingConfig": {"outputEmbeddingLength": 4},
    }
    assert with_caption == pytest.approx((0.5, 0.5, 0.5, 0.5))
    assert without == pytest.approx((0.0, 1.0, 0.0, 0.0))


@pytest.mark.parametrize(
    ("code", "status", "expected", "retry_after"),
    [
        ("ThrottlingException", 429, ServiceUnavailable, "1"),
        ("ModelNotReadyException", 429, ServiceUnavailable, "1"),
        ("ModelTimeoutException", 408, ServiceUnavailable, None),
        ("ServiceUnavailableException", 503, ServiceUnavailable, None),
        ("InternalServerException", 500, ServiceUnavailable, None),
        ("ValidationException", 400, ValidationFailed, None),
        ("AccessDeniedException", 403, InternalError, None),
        ("ResourceNotFoundException", 404, InternalError, None),
    ],
)
def test_bedrock_errors_become_platform_errors(  # type: ignore[no-untyped-def]
    bedrock, code: str, status: int, expected: type[Exception], retry_after: str | None
) -> None:
    runtime, stubber, _ = bedrock
    stubber.add_client_error(
        "invoke_model", service_error_code=code, service_message="no", http_status_code=status
    )

    with pytest.raises(expected) as raised:
        StubbedTitan(runtime).embed_text("seaside cafe")

    assert type(raised.value) is expected
    assert raised.value.headers.get("Retry-After") == retry_after  # type: ignore[attr-defined]


def test_an_answer_without_an_embedding_is_unavailable(bedrock) -> None:  # type: ignore[no-untyped-def]
    runtime, stubber, _ = bedrock
    stubber.add_response("invoke_model", answer({"message": "model error"}), EXPECTED_CALL)

    with pytest.raises(ServiceUnavailable, match="model error"):
        StubbedTitan(runtime).embed_text("seaside cafe")


def test_an_embedding_of_the_wrong_length_is_our_misconfiguration(bedrock) -> None:  # type: ignore[no-untyped-def]
    runtime, stubber, _ = bedrock
    stubber.add_response("invoke_model", answer({"embedding": [1.0] * 1024}), EXPECTED_CALL)

    with pytest.raises(InternalError, match="1024"):
        StubbedTitan(runtime, dimension=384).embed_text("seaside cafe")


def test_empty_text_is_refused_before_any_call(bedrock) -> None:  # type: ignore[no-untyped-def]
    runtime, _, sent = bedrock

    with pytest.raises(ValidationFailed):
        StubbedTitan(runtime).embed_text("   ")
    assert sent == []
