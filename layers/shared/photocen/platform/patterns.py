"""Regular expressions that mean the same to a validator here and to the OpenAPI document.

A parameter's validator and ``/openapi.json`` must accept the same strings, so both read one
``Pattern``: the server calls ``matches`` (Python's ``re.fullmatch``), the document publishes
``json`` (anchored, for JSON Schema's ECMA-262 ``pattern``). The two dialects differ in
``\\d``/``\\s``/``\\w`` (Unicode in Python), ``.`` (ECMA also stops at ``\\r``), ``$`` (Python
also matches before a final newline) and inline flags, so a ``Pattern`` refuses all of them:
only literals, ``[…]`` and ``[^…]`` classes (of literal characters), ``\\.``, ``(?:…)``,
``|`` and quantifiers remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Anything whose meaning differs between Python's re and ECMA-262 (see the module docstring).
# (``^`` opening a negated class ``[^…]`` means the same in both.)
_NOT_PORTABLE = re.compile(r"\\[^.]|(?<!\\)[.$]|(?<![\\\[])\^|\(\?(?!:)")


@dataclass(frozen=True)
class Pattern:
    body: str
    _compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if _NOT_PORTABLE.search(self.body):
            raise ValueError(f"not portable between Python and JSON Schema: {self.body!r}")
        object.__setattr__(self, "_compiled", re.compile(self.body))

    def matches(self, text: str) -> bool:
        return self._compiled.fullmatch(text) is not None

    @property
    def json(self) -> str:
        """The pattern as the OpenAPI document states it."""
        return f"^(?:{self.body})$"


def either_case(word: str) -> str:
    """``true`` → ``[Tt][Rr][Uu][Ee]``: case-insensitive without an inline flag."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else c for c in word)


def one_of(*alternatives: str) -> str:
    return "|".join(alternatives)


# ``Idempotency-Key``: visible ASCII, with spaces or tabs between (HTTP strips them at the
# ends), at most 255 characters. Routes check the header with it and /openapi.json states it.
IDEMPOTENCY_KEY = Pattern("[\t -~]*[!-~][\t -~]*")
IDEMPOTENCY_KEY_MAX_LENGTH = 255

# A partner's end user's account id (``accounts.model.end_user_account_id``): the shape the
# partner API's paths and the ``PhotoCen-Account`` header accept.
END_USER_ID = Pattern("acct_[0-9a-f]{16}")
