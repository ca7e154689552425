"""``Embedder`` on Amazon Bedrock: Titan Multimodal Embeddings G1 (``amazon.titan-embed-image-v1``).

One ``InvokeModel`` per embedding. The body (Bedrock's documented format for this model):
``{"inputText"?: str, "inputImage"?: base64 str, "embeddingConfig": {"outputEmbeddingLength":
256 | 384 | 1024}}`` — at least one input; with both, the model averages the text and image
embeddings. The answer: ``{"embedding": [float, …], "inputTextTokenCount": int, "message":
str | null}``. Titan's vectors are normalised again here, so every ``Embedder`` hands out unit
vectors whatever the model does.

Errors become the platform's: throttling, a model not ready, timeouts and Bedrock's own
failures are ``ServiceUnavailable`` (503, retry later); a ``ValidationException`` is the
caller's input (``ValidationFailed``, 422: e.g. a query over the model's 256 tokens); access
denied or an unknown model is our configuration (``InternalError``).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.errors import InternalError, ServiceUnavailable, ValidationFailed
from photocen.search.model import unit_vector

# Bedrock Runtime's error codes (InvokeModel) and what they mean to a caller of ours.
_TRY_AGAIN = {
    "ThrottlingException",
    "ModelNotReadyException",
    "ServiceUnavailableException",
    "ModelTimeoutException",
    "InternalServerException",
    "ModelErrorException",
    "ServiceQuotaExceededException",
}
_THROTTLED = {"ThrottlingException", "ModelNotReadyException", "ServiceQuotaExceededException"}
_CALLERS_INPUT = {"ValidationException"}


class TitanEmbedder:
    """``Embedder``: Titan Multimodal Embeddings G1 through ``bedrock-runtime``."""

    def __init__(self, target: AwsTarget, *, model_id: str, dimension: int) -> None:
        self._target = target
        self.model_id = model_id
        self.dimension = dimension

    @property
    def runtime(self) -> Any:
        return client("bedrock-runtime", self._target.region, self._target.endpoint_url)

    def embed_text(self, text: str) -> tuple[float, ...]:
        if not text.strip():
            raise ValidationFailed("Nothing to embed: the text is empty.")
        return self._embed({"inputText": text})

    def embed_image(self, data: bytes, caption: str) -> tuple[float, ...]:
        """``data``: a JPEG or PNG within Titan's limits (2048 x 2048 px, 25 MB); ``caption``,
        when not blank, is embedded with it."""
        if not data:
            raise ValidationFailed("Nothing to embed: the image is empty.")
        body: dict[str, Any] = {"inputImage": base64.b64encode(data).decode("ascii")}
        if caption.strip():
            body["inputText"] = caption
        return self._embed(body)

    def request_body(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "embeddingConfig": {"outputEmbeddingLength": self.dimension}}

    def _embed(self, inputs: dict[str, Any]) -> tuple[float, ...]:
        try:
            response = self.runtime.invoke_model(
                modelId=self.model_id,
                body=json.dumps(self.request_body(inputs)),
                contentType="application/json",
                accept="application/json",
            )
            answer = json.loads(response["body"].read())
        except ClientError as exc:
            raise _platform_error(exc) from exc
        except BotoCoreError as exc:
            raise ServiceUnavailable("The embedding model could not be reached.") from exc
        return self._vector_of(answer)

    def _vector_of(self, answer: Any) -> tuple[float, ...]:
        embedding = answer.get("embedding") if isinstance(answer, dict) else None
        if not isinstance(embedding, list) or not embedding:
            message = answer.get("message") if isinstance(answer, dict) else None
            raise ServiceUnavailable(f"The embedding model returned no embedding ({message}).")
        if len(embedding) != self.dimension:
            raise InternalError(
                f"{self.model_id} returned {len(embedding)} values; {self.dimension} configured"
            )
        try:
            return unit_vector(embedding)
        except (TypeError, ValueError) as exc:
            raise ServiceUnavailable("The embedding model returned an unusable vector.") from exc


def _platform_error(exc: ClientError) -> Exception:
    code = exc.response.get("Error", {}).get("Code", "")
    if code in _CALLERS_INPUT:
        message = exc.response.get("Error", {}).get("Message") or "invalid input"
        return ValidationFailed(f"The embedding model refused the input: {message}")
    if code in _TRY_AGAIN:
        headers = {"Retry-After": "1"} if code in _THROTTLED else None
        return ServiceUnavailable(
            "The embedding model is busy; try again shortly.", headers=headers
        )
    return InternalError(f"The embedding model could not be used ({code or 'unknown error'}).")
