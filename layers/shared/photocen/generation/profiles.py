"""Style memory: a per-account profile, editable and learned from completed generations.

Applied to a prompt when a request sets ``style.use_style_memory``; ``style.style_override``
replaces it. What the caller set explicitly (preset, keywords, negative prompt) wins over
what was learned (the most used preset and the most frequent prompt words). The profile also
holds the region chain's *profile default* and *billing country*.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from pynamodb.exceptions import GetError, PutError

from photocen.generation.model import StyleChoice
from photocen.generation.offerings import STYLES
from photocen.generation.store import ProfileRecord
from photocen.platform.clock import utcnow
from photocen.platform.errors import ServiceUnavailable, ValidationFailed

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


def validate_edits(preset: str | None, keywords: list[str] | None) -> None:
    if preset is not None and preset not in STYLES:
        raise ValidationFailed(f"body.preset: unknown style {preset!r}; see GET /v1/styles")
    if keywords is not None and len(keywords) > MAX_KEYWORDS:
        raise ValidationFailed(f"body.keywords: at most {MAX_KEYWORDS} keywords")


class ProfileStore:
    """Profiles on the profiles table."""

    def get(self, account_id: str) -> StyleMemory | None:
        record = self._record(account_id)
        return None if record is None else _memory(record)

    def update(
        self,
        account_id: str,
        *,
        preset: str | None,
        keywords: list[str] | None,
        negative_prompt: str | None,
        default_region: str | None,
        billing_country: str | None,
    ) -> StyleMemory:
        """Replace the editable part of the memory (what is learned stays)."""
        validate_edits(preset, keywords)

        def edit(record: ProfileRecord) -> None:
            record.preset = preset
            record.keywords = list(keywords) if keywords else None  # type: ignore[arg-type]
            record.negative_prompt = negative_prompt or None
            record.default_region = default_region
            record.billing_country = billing_country

        return self._save_with_retry(account_id, edit)

    def learn(self, account_id: str, style: str | None, prompt: str) -> StyleMemory:
        def edit(record: ProfileRecord) -> None:
            learned = learn(_memory(record), style, prompt)
            record.learned_styles = learned.learned_styles  # type: ignore[assignment]
            record.learned_keywords = learned.learned_keywords  # type: ignore[assignment]
            record.learned_from = learned.learned_from

        return self._save_with_retry(account_id, edit)

    def reset(self, account_id: str) -> StyleMemory:
        """Forget the style memory (edits and what was learned); keep the region defaults.

        One conditional write that clears the style fields: no moment at which the region
        defaults exist nowhere."""

        def edit(record: ProfileRecord) -> None:
            record.preset = None
            record.keywords = None  # type: ignore[assignment]
            record.negative_prompt = None
            record.learned_styles = None  # type: ignore[assignment]
            record.learned_keywords = None  # type: ignore[assignment]
            record.learned_from = 0

        return self._save_with_retry(account_id, edit)

    # ------------------------------------------------------------ internals
    def _record(self, account_id: str) -> ProfileRecord | None:
        try:
            return ProfileRecord.get(account_id, consistent_read=True)
        except ProfileRecord.DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable("the profiles store did not answer") from exc

    def _save_with_retry(self, account_id: str, edit: Any) -> StyleMemory:
        for _ in range(5):
            record = self._record(account_id) or ProfileRecord(account_id)
            edit(record)
            record.updated_at = utcnow()
            try:
                record.save()  # conditional on ``version`` (optimistic locking)
            except PutError as exc:
                if exc.cause_response_code == "ConditionalCheckFailedException":
                    continue  # a concurrent update won; read again and re-apply
                raise ServiceUnavailable("the profiles store did not answer") from exc
            return _memory(record)
        raise ServiceUnavailable("the profile is being changed concurrently; try again")


def _memory(record: ProfileRecord) -> StyleMemory:
    return StyleMemory(
        preset=record.preset,
        keywords=tuple(str(k) for k in record.keywords or ()),
        negative_prompt=record.negative_prompt,
        default_region=record.default_region,
        billing_country=record.billing_country,
        learned_styles={k: int(v) for k, v in _as_dict(record.learned_styles).items()},
        learned_keywords={k: int(v) for k, v in _as_dict(record.learned_keywords).items()},
        learned_from=int(record.learned_from or 0),
    )


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    return dict(value.as_dict())
