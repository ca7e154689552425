"""Tokens: their shape, their hash, and how a bearer header is read. Pure functions."""

from __future__ import annotations

import hashlib
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.accounts.tokens import (
    PREFIXES,
    bearer_token,
    hash_token,
    is_well_formed,
    kind_of,
    new_key_id,
    new_token,
)

URL_SAFE = string.ascii_letters + string.digits + "-_"
SHAPE = re.compile(r"^(pc_live_|pc_partner_)[A-Za-z0-9_-]{32,}$")
well_formed_tokens = st.builds(
    lambda prefix, secret: prefix + secret,
    st.sampled_from(["pc_live_", "pc_partner_"]),
    st.text(alphabet=URL_SAFE, min_size=32, max_size=128),
)


@pytest.mark.parametrize(("kind", "prefix"), [("user", "pc_live_"), ("partner", "pc_partner_")])
def test_new_token_has_its_kind_prefix_and_at_least_32_url_safe_characters(kind, prefix):
    token = new_token(kind)
    assert token.startswith(prefix)
    assert SHAPE.match(token)
    assert len(token) - len(prefix) >= 32
    assert is_well_formed(token)
    assert kind_of(token) == kind


def test_new_tokens_are_unique():
    assert len({new_token("user") for _ in range(200)}) == 200


def test_key_id_is_public_handle_and_not_a_token():
    key_id = new_key_id()
    assert re.fullmatch(r"key_[0-9a-f]{16}", key_id)
    assert not is_well_formed(key_id)


@given(well_formed_tokens)
def test_hash_is_sha256_hex_and_never_contains_the_token(token):
    digest = hash_token(token)
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert token not in digest
    assert token.removeprefix("pc_live_").removeprefix("pc_partner_") not in digest


@given(well_formed_tokens, well_formed_tokens)
def test_different_tokens_have_different_hashes(a, b):
    assert (hash_token(a) == hash_token(b)) == (a == b)


@given(well_formed_tokens)
def test_bearer_header_yields_its_token(token):
    assert bearer_token(f"Bearer {token}") == token
    assert bearer_token(f"bearer   {token}  ") == token  # scheme is case-insensitive


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "pc_live_" + "a" * 43,  # no scheme
        "Bearer pc_live_short",  # too short a secret
        "Bearer pc_test_" + "a" * 43,  # unknown prefix
        "Bearer sk_live_" + "a" * 43,
        "Bearer pc_live_" + "a" * 42 + "!",  # not URL-safe
        "Bearer pc_live_" + "a" * 20 + "+/" + "a" * 20,  # base64, not base64url
        "Bearer pc_live_" + "a" * 43 + " extra",  # two tokens
        "Bearer pc_live_" + "a" * 129,  # absurdly long
        "Token pc_live_" + "a" * 43,
    ],
)
def test_bearer_parsing_rejects_malformed_headers(header):
    assert bearer_token(header) is None


@given(st.text(max_size=80))
def test_bearer_parsing_never_returns_a_malformed_token(header):
    token = bearer_token(header)
    assert token is None or (is_well_formed(token) and token in header)


def test_prefix_table_names_both_kinds():
    assert PREFIXES == {"user": "pc_live_", "partner": "pc_partner_"}
