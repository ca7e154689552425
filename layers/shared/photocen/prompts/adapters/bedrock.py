"""``PromptWriter`` by a Bedrock text model, through the Converse API.

One ``bedrock-runtime`` ``converse`` call per request: a system prompt that says what to
write (one image prompt, no preamble), the request as the user's message, a small token
budget. Converse is authorised by ``bedrock:InvokeModel`` on the model's ARN
(infra/generation.py grants exactly that). The answer is labelled ``bedrock:<model id>``.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from photocen.platform.errors import ServiceUnavailable
from photocen.prompts.model import BuildRequest, EnhanceRequest, WrittenPrompt

SYSTEM = (
    "You write prompts for a text-to-image model. Answer with exactly one prompt: a single"
    " line of comma-separated descriptive phrases, at most 120 words, no preamble, no quotes,"
    " no explanation. Keep the user's subject; add composition, lighting, style and detail."
)
MAX_TOKENS = 300
TEMPERATURE = 0.4


def enhance_message(request: EnhanceRequest) -> str:
    tone = f"\nTone: {request.tone}" if request.tone else ""
    return f"Expand this idea into a rich image prompt.\nIdea: {request.prompt}{tone}"


def build_message(request: BuildRequest) -> str:
    lines = "\n".join(f"{name}: {value}" for name, value in request.given().items())
    return f"Write one image prompt from these fields.\n{lines}"


class BedrockWriter:
    """``PromptWriter`` over ``bedrock-runtime``'s ``converse`` (``client`` is boto3's)."""

    def __init__(self, client: Any, model_id: str) -> None:
        self._client = client
        self.model_id = model_id

    def enhance(self, request: EnhanceRequest) -> WrittenPrompt:
        return self._write(enhance_message(request))

    def build(self, request: BuildRequest) -> WrittenPrompt:
        return self._write(build_message(request))

    def _write(self, message: str) -> WrittenPrompt:
        try:
            response = self._client.converse(
                modelId=self.model_id,
                system=[{"text": SYSTEM}],
                messages=[{"role": "user", "content": [{"text": message}]}],
                inferenceConfig={"maxTokens": MAX_TOKENS, "temperature": TEMPERATURE},
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the prompt model did not answer; try again") from exc
        blocks = response.get("output", {}).get("message", {}).get("content", [])
        text = " ".join(b["text"] for b in blocks if "text" in b).strip().strip('"')
        if not text:
            raise ServiceUnavailable("the prompt model gave no prompt; try again")
        return WrittenPrompt(text, f"bedrock:{self.model_id}")
