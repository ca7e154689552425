"""API tokens: creation, shape check and hashing. Pure functions, no I/O.

A token is ``pc_live_`` (users) or ``pc_partner_`` (partners) followed by 43 URL-safe
characters (32 random bytes). Only ``sha256(token)`` is ever stored; the token itself is shown
once, when it is issued.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from photocen.accounts.model import AccountKind
from photocen.platform.patterns import Pattern

PREFIXES: dict[AccountKind, str] = {"user": "pc_live_", "partner": "pc_partner_"}
SECRET_BYTES = 32
_TOKEN_RE = re.compile(r"^(pc_live_|pc_partner_)[A-Za-z0-9_-]{32,128}$")
_BEARER_RE = re.compile(r"^Bearer\s+(\S+)$", re.IGNORECASE)


def new_token(kind: AccountKind) -> str:
    return PREFIXES[kind] + secrets.token_urlsafe(SECRET_BYTES)


# How much of a token a listing shows: the kind and 4 random characters (as Stripe's
# "sk_live_…abcd" hint, from the front): enough to recognise a key, useless to guess it.
SHOWN_SECRET_CHARS = 4


def shown_prefix(token: str) -> str:
    kind = PREFIXES[kind_of(token)]
    return token[: len(kind) + SHOWN_SECRET_CHARS]


# A key's public id: what listings show and revocation names.
KEY_ID = Pattern("key_[0-9a-f]{16}")
KEY_ID_LENGTH = len("key_") + 16


def new_key_id() -> str:
    """A public, non-secret handle for a key (shown in listings, used to revoke)."""
    return "key_" + secrets.token_hex(8)


def is_well_formed(token: str) -> bool:
    return bool(_TOKEN_RE.match(token))


def kind_of(token: str) -> AccountKind:
    return "partner" if token.startswith(PREFIXES["partner"]) else "user"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if well formed."""
    if not authorization:
        return None
    match = _BEARER_RE.match(authorization.strip())
    if not match or not is_well_formed(match.group(1)):
        return None
    return match.group(1)
