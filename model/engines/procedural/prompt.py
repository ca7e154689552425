"""Reading a prompt: the subjects it names (with their colour words and counts), the setting,
the time of day and the style words. Pure functions of the text, so that what the engine draws
and the caption it returns come from one reading.

    >>> read_prompt("a red bike in the city at dusk").subjects
    (Subject(noun='bicycle', colour='red', count=1),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.engines.procedural.pen import RGB
from model.engines.procedural.subjects import VOCABULARY

_WORD = re.compile(r"[a-z0-9]+")

COLOURS: dict[str, RGB] = {
    "red": (214, 52, 52),
    "crimson": (190, 30, 60),
    "scarlet": (230, 40, 30),
    "orange": (240, 130, 40),
    "amber": (245, 170, 40),
    "yellow": (245, 210, 60),
    "gold": (230, 180, 60),
    "golden": (235, 175, 70),
    "green": (60, 170, 90),
    "emerald": (40, 160, 110),
    "lime": (150, 210, 60),
    "teal": (30, 150, 150),
    "cyan": (60, 200, 220),
    "turquoise": (60, 200, 190),
    "blue": (50, 100, 220),
    "navy": (30, 40, 110),
    "purple": (130, 60, 190),
    "violet": (150, 90, 210),
    "lavender": (180, 150, 220),
    "pink": (240, 120, 170),
    "magenta": (210, 50, 160),
    "rose": (230, 110, 130),
    "brown": (130, 85, 50),
    "silver": (190, 195, 205),
    "white": (244, 244, 240),
    "black": (36, 34, 40),
    "grey": (128, 130, 136),
    "gray": (128, 130, 136),
}

# Setting → the words that name it, and how the caption says it.
SETTINGS: dict[str, tuple[frozenset[str], str]] = {
    "underwater": (
        frozenset(["underwater", "undersea", "reef", "coral", "seabed", "seafloor", "aquarium"]),
        "underwater",
    ),
    "space": (
        frozenset(
            ["space", "outerspace", "cosmos", "cosmic", "galaxy", "nebula", "orbit", "universe"]
        ),
        "in outer space",
    ),
    "room": (
        frozenset(
            [
                "room",
                "bedroom",
                "kitchen",
                "interior",
                "indoors",
                "indoor",
                "inside",
                "living",
                "office",
                "library",
                "cafe",
            ]
        ),
        "in a cozy room",
    ),
    "beach": (
        frozenset(["beach", "shore", "seaside", "coast", "coastal", "tropical"]),
        "on a beach",
    ),
    "sea": (
        frozenset(
            ["sea", "ocean", "lake", "river", "harbor", "harbour", "bay", "waves", "water", "pond"]
        ),
        "by the sea",
    ),
    "snow": (
        frozenset(
            ["snow", "snowy", "winter", "arctic", "ice", "icy", "frozen", "glacier", "polar"]
        ),
        "in the snow",
    ),
    "desert": (
        frozenset(
            ["desert", "dunes", "dune", "sahara", "canyon", "sand", "sandy", "arid", "oasis"]
        ),
        "in the desert",
    ),
    "city": (
        frozenset(
            [
                "city",
                "street",
                "streets",
                "town",
                "urban",
                "downtown",
                "skyline",
                "metropolis",
            ]
        ),
        "on a city street",
    ),
    "forest": (
        frozenset(["forest", "forests", "woods", "woodland", "jungle", "grove", "rainforest"]),
        "in a forest",
    ),
    "mountains": (
        frozenset(
            [
                "mountain",
                "mountains",
                "alps",
                "alpine",
                "peak",
                "peaks",
                "valley",
                "cliff",
                "volcano",
            ]
        ),
        "in the mountains",
    ),
    "meadow": (
        frozenset(
            [
                "meadow",
                "field",
                "fields",
                "grass",
                "grassy",
                "garden",
                "park",
                "farm",
                "countryside",
                "hills",
                "hill",
                "prairie",
            ]
        ),
        "in a meadow",
    ),
}
# Where a subject goes when the prompt names no setting, by category (the seed picks one).
USUAL_SETTINGS: dict[str, tuple[str, ...]] = {
    "animal": ("meadow", "forest", "snow", "mountains"),
    "bird": ("meadow", "forest", "beach"),
    "sea": ("underwater", "beach"),
    "person": ("city", "meadow", "beach", "mountains"),
    "vehicle": ("city", "meadow", "desert"),
    "building": ("meadow", "mountains", "city", "beach"),
    "food": ("room",),
    "object": ("room", "meadow"),
    "plant": ("meadow", "forest", "desert"),
}
# The time of day: the words that ask for it and the caption's phrase.
TIMES: dict[str, frozenset[str]] = {
    "night": frozenset(
        ["night", "midnight", "stars", "starry", "moon", "moonlight", "moonlit", "nocturnal"]
    ),
    "sunset": frozenset(["sunset", "dusk", "evening", "twilight", "sundown", "afterglow"]),
    "dawn": frozenset(["dawn", "sunrise", "morning", "daybreak"]),
    "storm": frozenset(
        ["storm", "stormy", "rain", "rainy", "cloudy", "overcast", "thunder", "gloomy"]
    ),
    "day": frozenset(
        ["day", "sunny", "noon", "midday", "summer", "daylight", "daytime", "bright", "clear"]
    ),
}
TIME_PHRASES = {
    "night": "at night",
    "sunset": "at sunset",
    "dawn": "at dawn",
    "storm": "in a storm",
    "day": "on a sunny day",
}
# A time word of the prompt the caption repeats as it was written ("at dusk").
_TIME_AS_WRITTEN = {"dusk", "twilight", "midnight", "sunrise", "evening", "daybreak", "morning"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "pair": 2, "couple": 2}
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
# Words that may stand between a colour or number and its noun ("a red old bicycle").
_ADJECTIVES = frozenset(
    [
        "and",
        "a",
        "an",
        "the",
        "of",
        "light",
        "dark",
        "bright",
        "pale",
        "deep",
        "little",
        "small",
        "big",
        "large",
        "huge",
        "tiny",
        "giant",
        "old",
        "young",
        "cute",
        "happy",
        "shiny",
        "fluffy",
        "wooden",
        "metal",
        "vintage",
        "fat",
        "tall",
        "fast",
        "sleeping",
        "running",
        "flying",
        "playful",
        "majestic",
        "lonely",
    ]
)
MAX_COUNT = 5
MAX_SUBJECTS = 3


@dataclass(frozen=True)
class Subject:
    noun: str  # a VOCABULARY name
    colour: str | None  # the colour word that came before it, if any
    count: int


@dataclass(frozen=True)
class Reading:
    words: frozenset[str]
    subjects: tuple[Subject, ...]
    setting: str | None
    time: str | None
    time_word: str | None
    colours: tuple[str, ...]  # colour words not bound to a subject: the scene's accent


def _forms() -> dict[str, str]:
    """Every word (or two-word phrase) that names a noun → the noun."""
    forms: dict[str, str] = {}
    for noun in VOCABULARY.values():
        for form in (noun.name, noun.plural, *noun.synonyms):
            forms.setdefault(form, noun.name)
            if " " not in form and not form.endswith("s"):
                forms.setdefault(form + "s", noun.name)
    return forms


# Words that are nouns of the vocabulary but mean the sky in a prompt ("under the stars").
_SKY_WORDS = {"stars"}
FORMS = {form: noun for form, noun in _forms().items() if form not in _SKY_WORDS}
_PLURALS = {
    form
    for noun in VOCABULARY.values()
    for form in (noun.plural, *(s for s in noun.synonyms if s.endswith("s") and s != noun.name))
    if form != noun.name
} | {form + "s" for noun in VOCABULARY.values() for form in (noun.name, *noun.synonyms)}


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", " "))


def words_of(text: str) -> frozenset[str]:
    return frozenset(tokens(text))


def read_prompt(prompt: str, negative_prompt: str = "") -> Reading:
    """What the prompt asks for, less what the negative prompt bans."""
    found = tokens(prompt)
    banned = words_of(negative_prompt)
    banned_nouns = {FORMS[w] for w in banned if w in FORMS}
    subjects: dict[str, Subject] = {}
    bound: set[int] = set()
    named: set[int] = set()  # tokens of two-word nouns
    i = 0
    while i < len(found):
        pair = " ".join(found[i : i + 2])
        word, width = (pair, 2) if pair in FORMS and i + 1 < len(found) else (found[i], 1)
        noun = FORMS.get(word)
        # a colour word that also names a thing ("orange", "rose") is a colour before a noun
        if noun is not None and word in COLOURS and i + 1 < len(found) and found[i + 1] in FORMS:
            noun = None
        if noun is None or noun in banned_nouns:
            i += width
            continue
        if width == 2:  # "ice cream" is food, not a snowy setting
            named.update({i, i + 1})
        colour = None
        count = 1
        for back in (1, 2, 3):
            j = i - back
            if j < 0:
                break
            if found[j] in COLOURS and colour is None and j not in bound:
                colour = found[j]
                bound.add(j)
            elif found[j] in _NUMBERS:
                count = _NUMBERS[found[j]]
                break
            elif found[j].isdigit():
                count = int(found[j])
                break
            elif found[j] not in _ADJECTIVES:
                break  # "golden hour, boats": a colour binds only across adjectives
        if count == 1 and word in _PLURALS and word != VOCABULARY[noun].name:
            count = 3
        if noun not in subjects and len(subjects) < MAX_SUBJECTS:
            subjects[noun] = Subject(noun, colour, max(1, min(MAX_COUNT, count)))
        i += width
    words = frozenset(found) - banned
    loose = frozenset(w for k, w in enumerate(found) if k not in named) - banned
    setting = next((s for s, (keys, _) in SETTINGS.items() if loose & keys), None)
    time = next((t for t, keys in TIMES.items() if loose & keys), None)
    if time is None and "golden hour" in " ".join(found):
        time = "sunset"
    time_word = next((w for w in found if w in _TIME_AS_WRITTEN and w not in banned), None)
    colours = tuple(
        w for k, w in enumerate(found) if w in COLOURS and k not in bound and w not in banned
    )
    return Reading(words, tuple(subjects.values()), setting, time, time_word, colours)


def article(phrase: str) -> str:
    return ("an " if phrase[:1] in "aeiou" else "a ") + phrase


def subject_phrase(subject: Subject) -> str:
    noun = VOCABULARY[subject.noun]
    name = noun.name if subject.count == 1 else noun.plural
    if subject.colour:
        name = f"{subject.colour} {name}"
    if subject.count == 1:
        return article(name)
    return f"{_NUMBER_WORDS.get(subject.count, str(subject.count))} {name}"


def caption(
    reading: Reading,
    *,
    setting: str | None,
    time: str | None,
    style: str | None,
    purpose: str,
    scenery: str = "",
) -> str:
    """What was drawn, in plain words: "a red bicycle on a city street at dusk, watercolor"."""
    parts = [subject_phrase(s) for s in reading.subjects]
    if len(parts) > 1:
        things = ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        things = parts[0] if parts else scenery or "an abstract composition"
    if purpose == "product":
        text = f"{things}, product shot on a light background with a soft shadow"
    elif purpose == "logo":
        text = f"a flat logo mark of {things}"
    else:
        text = things
        if setting is not None and reading.subjects:
            text += " " + SETTINGS[setting][1]
        if time is not None and setting not in ("space", "underwater", "room"):
            text += " " + (f"at {reading.time_word}" if reading.time_word else TIME_PHRASES[time])
    if style:
        text += ", " + style.replace("-", " ").replace("3d", "3D")
    return text
