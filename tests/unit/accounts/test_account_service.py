"""The account rules over in-memory stores and ledger: no I/O, only ``AccountService`` and
``Authenticator`` (the stores' conditions and error mapping are tested against moto)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from photocen.accounts.model import Account, AccountExists, AccountPage, ApiKey, TokenInUse
from photocen.accounts.service import AccountService, Authenticator
from photocen.accounts.tokens import hash_token, new_token
from photocen.credits.model import Balance, Entry, Outcome
from photocen.platform.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from photocen.platform.principal import Principal


class MemoryAccounts:
    def __init__(self) -> None:
        self.items: dict[str, Account] = {}

    def create(self, account: Account) -> None:
        if account.account_id in self.items:
            raise AccountExists(f"account {account.account_id} already exists")
        self.items[account.account_id] = account

    def get(self, account_id: str, *, consistent: bool = False) -> Account | None:
        return self.items.get(account_id)

    def of_partner(self, partner_id: str, limit: int, cursor: str | None) -> AccountPage:
        mine = sorted(
            (a for a in self.items.values() if a.partner_id == partner_id),
            key=lambda a: a.account_id,
        )
        start = [a.account_id for a in mine].index(cursor) + 1 if cursor else 0
        page = mine[start : start + limit]
        more = start + limit < len(mine)
        return AccountPage(page, page[-1].account_id if more and page else None)

    def set_status(
        self, account_id: str, status: str, *, unless: str | None = None
    ) -> Account | None:
        current = self.items.get(account_id)
        if current is None or current.status == unless:
            return None
        self.items[account_id] = replace(current, status=status)  # type: ignore[arg-type]
        return self.items[account_id]


class MemoryKeys:
    def __init__(self) -> None:
        self.items: dict[str, ApiKey] = {}

    def add(self, key: ApiKey) -> None:
        if key.key_hash in self.items:
            raise TokenInUse("token: this token is already in use")
        self.items[key.key_hash] = key

    def get(self, key_hash: str) -> ApiKey | None:
        return self.items.get(key_hash)

    def of_account(self, account_id: str, key_id: str | None = None) -> list[ApiKey]:
        return [
            k
            for k in self.items.values()
            if k.account_id == account_id and key_id in (None, k.key_id)
        ]

    def revoke(self, key_hash: str, at: datetime) -> ApiKey:
        self.items[key_hash] = replace(self.items[key_hash], revoked_at=at)
        return self.items[key_hash]


class MemoryLedger:
    """Grants and reads only: what the account service asks of the ledger."""

    def __init__(self) -> None:
        self.entries_by_account: dict[str, dict[str, Entry]] = {}

    def grant(self, account_id: str, amount: int, key: str, reference: str | None = None) -> Any:
        entries = self.entries_by_account.setdefault(account_id, {})
        if f"grant:{key}" in entries:
            return Outcome(entries[f"grant:{key}"], replayed=True)
        entry = Entry(f"grant:{key}", amount, "grant", reference, datetime.now(UTC))
        entries[entry.key] = entry
        return Outcome(entry, replayed=False)

    def balance(self, account_id: str) -> Balance:
        return Balance(sum(e.amount for e in self.entries(account_id)), 0)

    def entries(self, account_id: str) -> list[Entry]:
        return list(self.entries_by_account.get(account_id, {}).values())


@pytest.fixture
def keys() -> MemoryKeys:
    return MemoryKeys()


@pytest.fixture
def ledger() -> MemoryLedger:
    return MemoryLedger()


@pytest.fixture
def accounts() -> MemoryAccounts:
    return MemoryAccounts()


@pytest.fixture
def service(accounts: MemoryAccounts, keys: MemoryKeys, ledger: MemoryLedger) -> AccountService:
    return AccountService(accounts, keys, ledger)  # type: ignore[arg-type]


def test_a_new_account_holds_its_signup_credits_and_a_key_that_resolves(service):
    account, key = service.create_account(plan="pro", name="Ada")
    summary = service.summary(account.account_id)
    assert (summary.account, summary.balance.balance) == (account, 10)
    assert service.resolve(key.token) == Principal(
        account.account_id, "user", "pro", key_id=key.key_id
    )


def test_creating_an_account_twice_grants_once(service):
    account, _ = service.create_account()
    with pytest.raises(ValidationFailed, match="already exists"):
        service.create_account(account_id=account.account_id)
    assert service.credit_history(account.account_id, 100).credits == 10


def test_credit_history_keeps_the_most_recent_entries_oldest_first(service, ledger):
    account, _ = service.create_account()
    for i in range(5):
        ledger.grant(account.account_id, 1, f"topup-{i}")
    history = service.credit_history(account.account_id, 2)
    assert [e.key for e in history.entries] == ["grant:topup-3", "grant:topup-4"]
    assert history.credits == 15


def test_a_revoked_key_no_longer_resolves_and_says_so(service, keys, accounts):
    account, key = service.create_account()
    revoked = service.revoke_key(account.account_id, key.key_id, confirm_last=True)
    assert revoked.revoked_at is not None
    with pytest.raises(Unauthorized, match="revoked"):
        Authenticator(keys, accounts).resolve(key.token)  # type: ignore[arg-type]
    # revoking again keeps the first revocation time
    assert service.revoke_key(account.account_id, key.key_id, confirm_last=True) == revoked


def test_a_key_is_revoked_only_through_its_own_account(service):
    owner, key = service.create_account()
    other, _ = service.create_account()
    with pytest.raises(NotFound):
        service.revoke_key(other.account_id, key.key_id)
    assert service.resolve(key.token).account_id == owner.account_id


@pytest.mark.parametrize(
    "token",
    [new_token("user"), "pc_live_short", "not-a-token", ""],
    ids=["unissued", "short", "no-prefix", "empty"],
)
def test_unknown_or_malformed_tokens_are_unauthorized(service, keys, accounts, token):
    # Given a store holding another account's live key
    _, issued = service.create_account()
    assert hash_token(issued.token) in keys.items
    # Then a token that was never issued resolves to nobody
    with pytest.raises(Unauthorized):
        Authenticator(keys, accounts).resolve(token)  # type: ignore[arg-type]


def test_the_last_working_key_is_revoked_only_when_confirmed(service):
    # Given an account whose only key is the one it signed up with
    account, key = service.create_account()
    # When it revokes that key without confirming, it is told, and the key keeps working
    with pytest.raises(Conflict, match="last working key"):
        service.revoke_key(account.account_id, key.key_id)
    assert service.resolve(key.token).account_id == account.account_id
    # Then with a second key the first goes without confirmation, and the second needs it
    second = service.issue_key(account.account_id, name="ci")
    assert service.revoke_key(account.account_id, key.key_id).revoked_at is not None
    with pytest.raises(Conflict):
        service.revoke_key(account.account_id, second.key_id)
    assert service.revoke_key(account.account_id, second.key_id, confirm_last=True).revoked_at


def test_rotation_issues_a_new_token_with_the_same_name_and_revokes_the_old(service):
    account, _ = service.create_account()
    old = service.issue_key(account.account_id, name="deploy bot")
    new = service.rotate_key(account.account_id, old.key_id)
    assert new.name == "deploy bot"
    assert new.key_id != old.key_id
    assert new.token != old.token
    with pytest.raises(Unauthorized, match="revoked"):
        service.resolve(old.token)
    assert service.resolve(new.token).key_id == new.key_id
    with pytest.raises(Conflict, match="revoked"):
        service.rotate_key(account.account_id, old.key_id)


def test_listed_keys_show_name_prefix_and_last_use_but_never_a_token(keys, ledger):
    used_at = datetime(2026, 11, 30, 9, 41, tzinfo=UTC)
    last_used: dict[str, datetime] = {}

    class Limits:
        def key_last_used(self, account_id: str) -> dict[str, datetime]:
            return last_used

        def usage(self, account_id: str, plan: str) -> Any:
            raise AssertionError("not read when keys are listed")

    service = AccountService(MemoryAccounts(), keys, ledger, Limits())  # type: ignore[arg-type]
    account, first = service.create_account()
    last_used[first.key_id] = used_at
    second = service.issue_key(account.account_id, name="ci")
    listed = service.list_keys(account.account_id)
    assert [k.key_id for k in listed] == [first.key_id, second.key_id]
    assert listed[0].last_used_at == used_at
    assert listed[1].last_used_at is None
    assert listed[1].name == "ci"
    assert listed[1].prefix == second.token[: len("pc_live_") + 4]
    assert first.token not in repr(listed)
    assert hash_token(first.token) not in repr(listed)


# ---------------------------------------------------------------- partners' end users
@pytest.fixture
def partner(service: AccountService) -> Account:
    account, _ = service.create_account(kind="partner", plan="partner")
    return account


def test_an_end_user_is_provisioned_once_per_external_id_and_gets_no_free_credits(service, partner):
    # Given a partner that provisions its user "u-1"
    user, key = service.create_end_user(partner.account_id, "u-1", name="Ada")
    assert key is not None
    assert service.resolve(key.token) == Principal(
        user.account_id, "user", "free", partner.account_id, key.key_id
    )
    # When it provisions "u-1" again (a retry)
    again, no_key = service.create_end_user(partner.account_id, "u-1", name="Ada")
    # Then it names the same account, issues no second key, and no credits were minted
    assert (again, no_key) == (user, None)
    assert len(service.list_keys(user.account_id)) == 1
    assert service.summary(user.account_id).balance.balance == 0
    # …while another external id, or another partner's "u-1", is another account
    other_partner, _ = service.create_account(kind="partner", plan="partner")
    assert service.create_end_user(partner.account_id, "u-2")[0].account_id != user.account_id
    theirs, _ = service.create_end_user(other_partner.account_id, "u-1")
    assert theirs.account_id != user.account_id


def test_only_a_partner_provisions_end_users(service):
    user, _ = service.create_account()
    with pytest.raises(Forbidden):
        service.create_end_user(user.account_id, "u-1")


def test_a_suspended_account_is_refused_until_reactivated(service, partner):
    user, key = service.create_end_user(partner.account_id, "u-1")
    assert key is not None
    service.set_status(user.account_id, "suspended")
    with pytest.raises(Forbidden, match="suspended"):
        service.resolve(key.token)
    service.set_status(user.account_id, "active")
    assert service.resolve(key.token).account_id == user.account_id


def test_a_closed_account_stays_closed_and_its_keys_are_revoked(service, partner):
    user, key = service.create_end_user(partner.account_id, "u-1")
    assert key is not None
    service.set_status(user.account_id, "closed")
    with pytest.raises(Unauthorized, match="revoked"):
        service.resolve(key.token)
    with pytest.raises(ValidationFailed, match="closed"):
        service.set_status(user.account_id, "active")
    assert service.get_account(user.account_id).status == "closed"


def test_a_partner_lists_only_its_own_end_users_page_by_page(service, partner):
    other, _ = service.create_account(kind="partner", plan="partner")
    mine = {service.create_end_user(partner.account_id, f"u-{i}")[0].account_id for i in range(5)}
    service.create_end_user(other.account_id, "u-0")
    seen, cursor = [], None
    while True:
        page = service.end_users(partner.account_id, 2, cursor)
        seen += [a.account_id for a in page.accounts]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(mine)
