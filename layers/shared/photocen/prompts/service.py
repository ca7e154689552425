"""The prompt tools: check the request, ask the configured writer, clip the answer to what
generate takes. Free of charge (docs/api.md): they make no image."""

from __future__ import annotations

from dataclasses import replace

from photocen.platform.errors import ValidationFailed
from photocen.prompts.model import BuildRequest, EnhanceRequest, WrittenPrompt, clipped
from photocen.prompts.ports import PromptWriter


class PromptService:
    def __init__(self, writer: PromptWriter) -> None:
        self.writer = writer

    def enhance(self, request: EnhanceRequest) -> WrittenPrompt:
        if not request.prompt.strip():
            raise ValidationFailed("body.prompt: must not be blank (whitespace only)")
        return self._usable(self.writer.enhance(request))

    def build(self, request: BuildRequest) -> WrittenPrompt:
        if not request.given():
            raise ValidationFailed(
                "body: give at least one of subject, setting, mood, art_style, lighting,"
                " camera, extras"
            )
        return self._usable(self.writer.build(request))

    @staticmethod
    def _usable(written: WrittenPrompt) -> WrittenPrompt:
        """What a writer said, as a prompt generate takes (one line, at most 2000)."""
        return replace(written, prompt=clipped(written.prompt))
