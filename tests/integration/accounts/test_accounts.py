"""Accounts and keys against moto: tokens are shown once and stored only as a hash."""

from __future__ import annotations

import json

import pytest
from photocen.accounts.plans import SIGNUP_CREDITS
from photocen.accounts.tokens import hash_token, new_token
from photocen.platform.errors import NotFound, Unauthorized, ValidationFailed
from photocen.platform.principal import Principal


def every_stored_item(aws) -> list[str]:
    """Every item of every table, as JSON text (GSIs project the same items)."""
    dynamodb = aws.client("dynamodb")
    items = []
    for table in aws.tables.values():
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            items.extend(json.dumps(item) for item in page["Items"])
    return items


def test_token_is_never_stored_in_plain_text(aws, accounts):
    # Given a user and a partner account, each with a second key
    user, user_key = accounts.create_account(name="Ada")
    partner, partner_key = accounts.create_account(kind="partner", plan="partner")
    tokens = [
        user_key.token,
        partner_key.token,
        accounts.issue_key(user.account_id).token,
        accounts.issue_key(partner.account_id).token,
    ]
    # When every item of every table is read back
    items = every_stored_item(aws)
    # Then no attribute holds a token, or even its secret part…
    for token in tokens:
        secret = token.removeprefix("pc_live_").removeprefix("pc_partner_")
        assert not [item for item in items if token in item or secret in item]
    # …while each token's hash is there (so the scan did see the keys table)
    for token in tokens:
        assert [item for item in items if hash_token(token) in item]


def test_new_account_gets_signup_credits_once_and_a_working_key(accounts, ledger):
    account, key = accounts.create_account(plan="pro", name="Ada")
    assert account.account_id.startswith("acct_")
    assert (account.kind, account.plan, account.name) == ("user", "pro", "Ada")
    assert key.token.startswith("pc_live_")
    assert ledger.balance(account.account_id).balance == SIGNUP_CREDITS
    assert accounts.resolve(key.token) == Principal(
        account.account_id, "user", "pro", key_id=key.key_id
    )
    # creating the same account again is refused and grants nothing
    with pytest.raises(ValidationFailed):
        accounts.create_account(account_id=account.account_id)
    assert ledger.balance(account.account_id).balance == SIGNUP_CREDITS
    assert [e.key for e in ledger.entries(account.account_id)] == ["grant:signup"]


def test_partner_account_gets_a_partner_token(accounts):
    _, key = accounts.create_account(kind="partner", plan="partner")
    assert key.token.startswith("pc_partner_")
    assert accounts.resolve(key.token).kind == "partner"


def test_end_user_of_a_partner_resolves_with_its_partner(accounts):
    partner, _ = accounts.create_account(kind="partner", plan="partner")
    user, key = accounts.create_end_user(partner.account_id, "u-1")
    assert key is not None
    assert accounts.resolve(key.token) == Principal(
        user.account_id, "user", "free", partner.account_id, key.key_id
    )


def test_unknown_plan_is_refused(accounts):
    with pytest.raises(ValidationFailed, match="plan"):
        accounts.create_account(plan="platinum")


def test_keys_are_listed_without_tokens_and_revoked_one_at_a_time(accounts):
    # Given an account with two keys
    account, first = accounts.create_account()
    second = accounts.issue_key(account.account_id)
    listed = accounts.list_keys(account.account_id)
    assert sorted(k.key_id for k in listed) == sorted([first.key_id, second.key_id])
    assert all(k.revoked_at is None for k in listed)
    assert first.token not in repr(listed)
    assert second.token not in repr(listed)
    # When the first is revoked
    revoked = accounts.revoke_key(account.account_id, first.key_id)
    # Then it no longer resolves, the second still does, and revoking again is harmless
    assert revoked.revoked_at is not None
    with pytest.raises(Unauthorized):
        accounts.resolve(first.token)
    assert accounts.resolve(second.token).account_id == account.account_id
    assert accounts.revoke_key(account.account_id, first.key_id).revoked_at == revoked.revoked_at


def test_a_key_cannot_be_revoked_through_another_account(accounts):
    owner, key = accounts.create_account()
    other, _ = accounts.create_account()
    with pytest.raises(NotFound):
        accounts.revoke_key(other.account_id, key.key_id)
    assert accounts.resolve(key.token).account_id == owner.account_id


@pytest.mark.parametrize(
    "token",
    [
        new_token("user"),  # well formed, never issued
        new_token("partner"),
        "pc_live_short",
        "not-a-token",
        "",
        "pc_live_" + "a" * 42 + "!",
    ],
    # Fixed ids: random tokens in the ids would differ between pytest-xdist workers.
    ids=["unissued-user", "unissued-partner", "short", "no-prefix", "empty", "bad-character"],
)
def test_unknown_or_malformed_tokens_are_unauthorized(accounts, token):
    accounts.create_account()
    with pytest.raises(Unauthorized):
        accounts.resolve(token)


def test_pinned_token_is_issued_once(accounts):
    account, _ = accounts.create_account()
    pinned = new_token("user")
    assert accounts.issue_key(account.account_id, token=pinned).token == pinned
    with pytest.raises(ValidationFailed, match="already in use"):
        accounts.issue_key(account.account_id, token=pinned)
    with pytest.raises(ValidationFailed, match="token"):
        accounts.issue_key(account.account_id, token="pc_live_bad")


def test_keys_for_a_missing_account_are_refused(accounts):
    with pytest.raises(NotFound):
        accounts.issue_key("acct_missing")
    with pytest.raises(NotFound):
        accounts.get_account("acct_missing")
