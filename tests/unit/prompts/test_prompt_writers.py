"""The prompt tools: the deterministic rules writer, the Bedrock writer against Converse's
documented request and response (botocore's Stubber), and the service's checks."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import ANY, Stubber
from photocen.platform.errors import ServiceUnavailable, ValidationFailed
from photocen.prompts.adapters.bedrock import SYSTEM, BedrockWriter
from photocen.prompts.adapters.rules import RulesWriter
from photocen.prompts.model import BuildRequest, EnhanceRequest, WrittenPrompt
from photocen.prompts.service import PromptService

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")
MODEL = "amazon.nova-micro-v1:0"


# ---------------------------------------------------------------- rules
def test_rules_enhance_keeps_the_idea_adds_the_tone_and_suits_the_topic():
    written = RulesWriter().enhance(EnhanceRequest("robot reading a book", "anime, cozy"))
    assert written.engine == "rules"
    assert written.prompt.startswith("robot reading a book, anime, cozy, ")
    assert "mechanical detail" in written.prompt  # robot → sci-fi details
    portrait = RulesWriter().enhance(EnhanceRequest("a portrait of an old fisherman"))
    assert "85mm lens" in portrait.prompt


def test_rules_are_deterministic():
    request = EnhanceRequest("a fox in a snowy forest", "watercolor")
    assert RulesWriter().enhance(request) == RulesWriter().enhance(request)


def test_rules_build_writes_the_fields_in_order():
    written = RulesWriter().build(
        BuildRequest(
            subject="fox in a scarf",
            setting="snowy forest",
            mood="cozy",
            art_style="watercolor",
            lighting="soft morning light",
        )
    )
    assert written == WrittenPrompt(
        "watercolor of fox in a scarf in snowy forest, cozy mood, soft morning light", "rules"
    )


# ---------------------------------------------------------------- bedrock (Stubber)
def _stubbed(answer_text: str | None = None, error: str | None = None):
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    stubber = Stubber(client)
    expected = {
        "modelId": MODEL,
        "system": [{"text": SYSTEM}],
        "messages": [{"role": "user", "content": [{"text": ANY}]}],
        "inferenceConfig": {"maxTokens": 300, "temperature": 0.4},
    }
    if error:
        stubber.add_client_error("converse", service_error_code=error, http_status_code=429)
    else:
        stubber.add_response(
            "converse",
            {
                "output": {
                    "message": {"role": "assistant", "content": [{"text": answer_text or ""}]}
                },
                "stopReason": "end_turn",
                "usage": {"inputTokens": 40, "outputTokens": 30, "totalTokens": 70},
                "metrics": {"latencyMs": 321},
            },
            expected,
        )
    stubber.activate()
    return client, stubber


def test_bedrock_enhance_sends_one_converse_call_and_labels_the_model():
    client, stubber = _stubbed('"a robot reading a book in a cozy library, anime style"')
    written = BedrockWriter(client, MODEL).enhance(EnhanceRequest("robot reading", "anime"))
    stubber.assert_no_pending_responses()
    assert written == WrittenPrompt(
        "a robot reading a book in a cozy library, anime style", f"bedrock:{MODEL}"
    )


def test_bedrock_build_sends_the_given_fields():
    client, _stubber = _stubbed("a fox")
    sent: list[dict] = []
    client.meta.events.register(
        "provide-client-params.bedrock-runtime.Converse", lambda params, **_: sent.append(params)
    )
    BedrockWriter(client, MODEL).build(BuildRequest(subject="fox", mood="cozy"))
    text = sent[0]["messages"][0]["content"][0]["text"]
    assert "subject: fox" in text
    assert "mood: cozy" in text
    assert "camera" not in text


def test_bedrock_refusals_are_503():
    client, _ = _stubbed(error="ThrottlingException")
    with pytest.raises(ServiceUnavailable):
        BedrockWriter(client, MODEL).enhance(EnhanceRequest("a cat"))
    empty, _ = _stubbed("   ")
    with pytest.raises(ServiceUnavailable):
        BedrockWriter(empty, MODEL).enhance(EnhanceRequest("a cat"))


# ---------------------------------------------------------------- service
class _Verbose:
    def enhance(self, request: EnhanceRequest) -> WrittenPrompt:
        return WrittenPrompt("word " * 1000 + "\n", "bedrock:x")

    def build(self, request: BuildRequest) -> WrittenPrompt:
        return self.enhance(EnhanceRequest("x"))


def test_the_service_clips_to_what_generate_takes():
    written = PromptService(_Verbose()).enhance(EnhanceRequest("a cat"))
    assert len(written.prompt) <= 2000
    assert "\n" not in written.prompt
    assert written.prompt.endswith("word")


def test_the_service_refuses_empty_requests():
    service = PromptService(RulesWriter())
    with pytest.raises(ValidationFailed, match=r"body\.prompt"):
        service.enhance(EnhanceRequest("   "))
    with pytest.raises(ValidationFailed, match="at least one of subject"):
        service.build(BuildRequest(subject="  ", mood=None))
