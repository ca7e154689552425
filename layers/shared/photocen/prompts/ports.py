"""What the prompt tools depend on, by interface: a ``PromptWriter`` (chosen by settings:
``adapters.rules.RulesWriter`` or ``adapters.bedrock.BedrockWriter``)."""

from __future__ import annotations

from typing import Protocol

from photocen.prompts.model import BuildRequest, EnhanceRequest, WrittenPrompt


class PromptWriter(Protocol):
    def enhance(self, request: EnhanceRequest) -> WrittenPrompt: ...

    def build(self, request: BuildRequest) -> WrittenPrompt: ...
