"""Free text a caller sends (prompts, seeds): one rule for the characters it may not hold.

Control characters (C0, DEL and C1) are never meaningful in a prompt or a seed, and a seed is
stored forever, so they are refused before anything is charged or stored. Tab, line feed and
carriage return may stay in multi-line text (prompts); single-line text (seeds) refuses them too.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` is refused (the first control character, e.g. ``'\\x00' at 3``), or None."""
    found = (_CONTROL_BUT_LINE_BREAKS if multiline else _CONTROL).search(text)
    if found is None:
        return None
    return f"must not contain control characters ({found.group()!r} at {found.start()})"
