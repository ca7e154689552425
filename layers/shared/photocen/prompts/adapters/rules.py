"""``PromptWriter`` by rules: deterministic (the same request writes the same prompt), no
model, labelled ``rules`` in every answer so nobody mistakes it for a language model.

Enhance keeps the idea as written, then adds the tone and the details photographers and
illustrators name for what the idea is about (a portrait gets a lens, a landscape a vista),
then a finish. Build writes the fields in a fixed order as one sentence-like prompt.
"""

from __future__ import annotations

import re

from photocen.prompts.model import BuildRequest, EnhanceRequest, WrittenPrompt

ENGINE = "rules"

# (words that say what the picture is about) → details that suit it. First match wins.
_TOPICS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset(
            [
                "portrait",
                "face",
                "woman",
                "man",
                "girl",
                "boy",
                "person",
                "people",
                "child",
                "headshot",
            ]
        ),
        "expressive face, 85mm lens, shallow depth of field, soft key light",
    ),
    (
        frozenset(
            [
                "landscape",
                "mountain",
                "mountains",
                "forest",
                "sea",
                "ocean",
                "lake",
                "valley",
                "desert",
                "beach",
            ]
        ),
        "sweeping vista, layered depth, golden hour light, atmospheric haze",
    ),
    (
        frozenset(["city", "street", "building", "skyline", "town", "cafe", "alley", "bridge"]),
        "rich urban detail, leading lines, evening glow, reflections",
    ),
    (
        frozenset(
            [
                "cat",
                "dog",
                "fox",
                "bird",
                "horse",
                "animal",
                "owl",
                "wolf",
                "bear",
                "rabbit",
                "deer",
            ]
        ),
        "detailed fur and eyes, natural pose, eye-level shot, soft background",
    ),
    (
        frozenset(["product", "bottle", "cup", "shoe", "watch", "phone", "package", "mug"]),
        "clean composition, studio lighting, crisp reflections, seamless background",
    ),
    (
        frozenset(["robot", "spaceship", "cyberpunk", "futuristic", "space", "alien", "neon"]),
        "intricate mechanical detail, volumetric light, cinematic framing",
    ),
    (
        frozenset(["food", "cake", "pizza", "coffee", "fruit", "dish", "breakfast"]),
        "appetising textures, overhead angle, natural window light",
    ),
)
_DEFAULT_DETAILS = "clear focal point, balanced composition, natural light"
_FINISH = "highly detailed, sharp focus"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


class RulesWriter:
    """``PromptWriter``: deterministic rules (the local stack's writer)."""

    def enhance(self, request: EnhanceRequest) -> WrittenPrompt:
        idea = " ".join(request.prompt.split()).rstrip(" ,.")
        words = _words(idea)
        details = next((d for topic, d in _TOPICS if words & topic), _DEFAULT_DETAILS)
        parts = [idea]
        if request.tone and request.tone.strip():
            parts.append(" ".join(request.tone.split()))
        parts += [details, _FINISH]
        return WrittenPrompt(", ".join(_unrepeated(parts)), ENGINE)

    def build(self, request: BuildRequest) -> WrittenPrompt:
        given = request.given()
        head = given.get("subject", "a scene")
        if "art_style" in given:
            head = f"{given['art_style']} of {head}"
        parts = [head]
        if "setting" in given:
            setting = given["setting"]
            parts[0] += setting if setting.startswith((",", " ")) else f" in {setting}"
        if "mood" in given:
            parts.append(f"{given['mood']} mood")
        for name in ("lighting", "camera", "extras"):
            if name in given:
                parts.append(given[name])
        return WrittenPrompt(", ".join(_unrepeated(parts)), ENGINE)


def _unrepeated(parts: list[str]) -> list[str]:
    """Each part once (case-insensitive), in order."""
    seen: set[str] = set()
    out = []
    for part in parts:
        if part and part.lower() not in seen:
            seen.add(part.lower())
            out.append(part)
    return out
