"""Free text a caller sends (prompts, seeds): one rule for the characters it may not hold.

Control characters (C0, DEL and C1) are never meaningful in a prompt or a seed, and a seed is
stored forever, so they are refused before anything is charged or stored. Tab, line feed and
carriage return may stay in multi-line text (prompts); single-line text (seeds) refuses them too.
"""

from __future__ import annotations

import re

from photocen.platform.patterns import Pattern

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The same rules as patterns /openapi.json states (literal characters in the classes: an
# escape would mean something else in JSON Schema). tests/unit checks them character by
# character against ``control_character`` and ``str.strip``.
_C = "\x00-\x1f\x7f-\x9f"
_C_BUT_LINE_BREAKS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SPACE = "".join(c for c in map(chr, range(0xA0, 0x3001)) if c.isspace())  # beyond C0/C1
_VISIBLE = f"[^{_C} {_SPACE}]"  # not a control character, not white space
SINGLE_LINE = Pattern(f"[^{_C}]*")
MULTILINE = Pattern(f"[^{_C_BUT_LINE_BREAKS}]*")
# Must also say something (``strip()`` leaves a character).
SINGLE_LINE_NOT_BLANK = Pattern(f"[^{_C}]*{_VISIBLE}[^{_C}]*")
MULTILINE_NOT_BLANK = Pattern(f"[^{_C_BUT_LINE_BREAKS}]*{_VISIBLE}[^{_C_BUT_LINE_BREAKS}]*")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` is refused (the first control character, e.g. ``'\\x00' at 3``), or None."""
    found = (_CONTROL_BUT_LINE_BREAKS if multiline else _CONTROL).search(text)
    if found is None:
        return None
    return f"must not contain control characters ({found.group()!r} at {found.start()})"
