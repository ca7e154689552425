"""The prompt tools' plain values (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, fields

# A written prompt is used as a generate prompt: it may be at most this long.
MAX_PROMPT = 2000


@dataclass(frozen=True)
class EnhanceRequest:
    """A short idea to be expanded into a richer image prompt, in an optional tone."""

    prompt: str
    tone: str | None = None


@dataclass(frozen=True)
class BuildRequest:
    """Structured fields to be written as one prompt (at least one given)."""

    subject: str | None = None
    setting: str | None = None
    mood: str | None = None
    art_style: str | None = None
    lighting: str | None = None
    camera: str | None = None
    extras: str | None = None

    def given(self) -> dict[str, str]:
        """The fields given, in the order above, stripped; empty ones left out."""
        out: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None and value.strip():
                out[field.name] = " ".join(value.split())
        return out


@dataclass(frozen=True)
class WrittenPrompt:
    """A prompt, and an honest label of what wrote it: ``rules`` (PhotoCen's deterministic
    builder) or ``bedrock:<model id>``."""

    prompt: str
    engine: str


def clipped(text: str, limit: int = MAX_PROMPT) -> str:
    """``text`` in one line of at most ``limit`` characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ")
