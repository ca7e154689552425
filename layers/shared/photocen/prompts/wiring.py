"""Composition of the prompt tools: settings → writer → ``PromptService``, once per
container."""

from __future__ import annotations

from functools import cache

from photocen.platform.aws import client
from photocen.platform.settings import load
from photocen.prompts.adapters.rules import RulesWriter
from photocen.prompts.ports import PromptWriter
from photocen.prompts.service import PromptService
from photocen.prompts.settings import PromptSettings


def writer_from(settings: PromptSettings) -> PromptWriter:
    if settings.prompt_engine == "bedrock":
        from photocen.prompts.adapters.bedrock import BedrockWriter

        runtime = client("bedrock-runtime", settings.aws_region, settings.aws_endpoint_url)
        return BedrockWriter(runtime, settings.prompt_model_id)
    return RulesWriter()


@cache
def prompt_service() -> PromptService:
    return PromptService(writer_from(load(PromptSettings)))
