"""Style memory: a per-account profile, editable and learned from completed generations.
Pure logic; the profile is stored by ``photocen.generation.store.ProfileStore`` and changed
through ``photocen.generation.service.StyleMemoryService``.

Applied to a prompt when a request sets ``style.use_style_memory``; ``style.style_override``
replaces it. What the caller set explicitly (preset, keywords, negative prompt) wins over
what was learned (the most used preset and the most frequent prompt words). The profile also
holds the region chain's *profile default* and *billing country*.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from photocen.generation.model import StyleChoice
from photocen.generation.offerings import STYLES
from photocen.generation.region import normalise
from photocen.platform.errors import ValidationFailed

MAX_KEYWORDS = 12
LEARNED_KEYWORDS_KEPT = 40
LEARNED_KEYWORDS_APPLIED = 3
_WORD = re.compile(r"[a-z][a-z-]{3,24}")
_STOPWORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "among",
        "and",
        "another",
        "around",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "cannot",
        "could",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "even",
        "every",
        "from",
        "further",
        "have",
        "having",
        "here",
        "into",
        "just",
        "like",
        "made",
        "make",
        "many",
        "more",
        "most",
        "much",
        "must",
        "near",
        "only",
        "other",
        "over",
        "same",
        "shall",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "within",
        "without",
        "would",
        "your",
        "image",
        "picture",
        "photo",
        "style",
    ]
)


@dataclass(frozen=True)
class StyleMemory:
    preset: str | None = None
    keywords: tuple[str, ...] = ()
    negative_prompt: str | None = None
    default_region: str | None = None
    billing_country: str | None = None
    learned_styles: dict[str, int] = field(default_factory=dict)
    learned_keywords: dict[str, int] = field(default_factory=dict)
    learned_from: int = 0

    def effective_preset(self) -> str | None:
        if self.preset:
            return self.preset
        if self.learned_styles:
            return max(sorted(self.learned_styles), key=lambda s: self.learned_styles[s])
        return None

    def effective_keywords(self) -> tuple[str, ...]:
        if self.keywords:
            return self.keywords
        ranked = sorted(self.learned_keywords.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(k for k, _ in ranked[:LEARNED_KEYWORDS_APPLIED])


@dataclass(frozen=True)
class StyledPrompt:
    prompt: str
    negative_prompt: str
    style: str | None  # the preset applied, if any


def apply_style(
    prompt: str, negative_prompt: str, choice: StyleChoice, memory: StyleMemory | None
) -> StyledPrompt:
    """The prompt with the preset, the override or the remembered style applied."""
    parts, negatives = [prompt], [negative_prompt] if negative_prompt else []
    preset_id = choice.preset if choice.preset and choice.preset != "auto" else None
    if choice.style_override:
        parts.append(choice.style_override)
    elif choice.use_style_memory and memory is not None:
        preset_id = preset_id or memory.effective_preset()
        parts.extend(memory.effective_keywords())
        if memory.negative_prompt:
            negatives.append(memory.negative_prompt)
    preset = STYLES.get(preset_id) if preset_id else None
    if preset is not None:
        if preset.prompt:
            parts.append(preset.prompt)
        if preset.negative_prompt:
            negatives.append(preset.negative_prompt)
    return StyledPrompt(
        ", ".join(p for p in parts if p),
        ", ".join(n for n in negatives if n),
        preset.id if preset else None,
    )


def learn(memory: StyleMemory, style: str | None, prompt: str) -> StyleMemory:
    """The memory after one more completed generation with this style and prompt."""
    styles = Counter(memory.learned_styles)
    if style and style != "auto":
        styles[style] += 1
    words = Counter(memory.learned_keywords)
    for word in set(_WORD.findall(prompt.lower())):
        if word not in _STOPWORDS:
            words[word] += 1
    kept = dict(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:LEARNED_KEYWORDS_KEPT])
    return replace(
        memory,
        learned_styles=dict(styles),
        learned_keywords=kept,
        learned_from=memory.learned_from + 1,
    )


@dataclass(frozen=True)
class StyleEdits:
    """What a caller sets in its style memory (``PUT /v1/style-memory``): replaces every
    editable field; what was learned stays."""

    preset: str | None = None
    keywords: tuple[str, ...] = ()
    negative_prompt: str | None = None
    default_region: str | None = None
    billing_country: str | None = None


def edited(memory: StyleMemory, edits: StyleEdits) -> StyleMemory:
    """The memory with the caller's edits, once they are known to be valid: the region
    becomes its known code, the billing country lower case."""
    region = normalise(edits.default_region)
    if edits.default_region and region is None:
        raise ValidationFailed(f"body.default_region: unknown region {edits.default_region!r}")
    if edits.preset is not None and edits.preset not in STYLES:
        raise ValidationFailed(f"body.preset: unknown style {edits.preset!r}; see GET /v1/styles")
    if len(edits.keywords) > MAX_KEYWORDS:
        raise ValidationFailed(f"body.keywords: at most {MAX_KEYWORDS} keywords")
    return replace(
        memory,
        preset=edits.preset,
        keywords=edits.keywords,
        negative_prompt=edits.negative_prompt or None,
        default_region=region,
        billing_country=edits.billing_country.lower() if edits.billing_country else None,
    )


def forgotten(memory: StyleMemory) -> StyleMemory:
    """The memory without its style (edits and what was learned); the region defaults stay."""
    return StyleMemory(default_region=memory.default_region, billing_country=memory.billing_country)
