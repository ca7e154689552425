"""The partner API's rules: a partner's end users, their keys, the credit pool, usage, and
acting on behalf of an end user.

Every operation names the calling partner and an end-user id; an id that is not one of
*this* partner's end users is ``NotFound`` with the same message whether it exists or not,
so a partner learns nothing of another's users. Accounts and keys belong to the accounts
capability and money to the ledger: this service uses both through their interfaces.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from photocen.accounts.model import ACCOUNT_STATUSES, Account, AccountStatus, IssuedKey, KeyInfo
from photocen.accounts.service import refuse_unless_active
from photocen.partners.model import (
    END_USER_ID,
    DayUsage,
    Direction,
    EndUser,
    PartnerOverview,
    Transfer,
    UsageReport,
    newest_first,
    usage_by_day,
    window_start,
)
from photocen.platform.clock import utcnow
from photocen.platform.errors import Forbidden, NotFound, ValidationFailed
from photocen.platform.principal import ON_BEHALF_HEADER, Principal

if TYPE_CHECKING:
    from photocen.accounts.model import AccountPage
    from photocen.accounts.service import AccountDirectory, AccountService
    from photocen.credits.ports import Ledger

# Closing an end user gives its credits back to the pool under this transfer id.
_CLOSE_TRANSFER = "close:{user_id}"


def require_partner(principal: Principal) -> str:
    """The partner's account id, or ``Forbidden`` for any other caller (a ``pc_live_`` key,
    or a partner key acting on behalf of an end user)."""
    if principal.kind != "partner" or principal.acting_partner_id is not None:
        raise Forbidden("The partner API needs a pc_partner_ key.")
    return principal.account_id


def _not_yours(user_id: str) -> NotFound:
    return NotFound(f"No end user {user_id} for this partner.")


class PartnerService:
    """What a partner does with its end users and its pool."""

    def __init__(self, accounts: AccountService, ledger: Ledger) -> None:
        self._accounts = accounts
        self._ledger = ledger

    # ------------------------------------------------------------ end users
    def create_user(
        self, partner_id: str, external_id: str, name: str | None
    ) -> tuple[EndUser, IssuedKey | None]:
        """Provision (or, for a known ``external_id``, find) an end user; its first key is
        returned the first time only."""
        account, key = self._accounts.create_end_user(partner_id, external_id, name=name)
        return self._detail(account), key

    def users(self, partner_id: str, limit: int, cursor: str | None) -> AccountPage:
        return self._accounts.end_users(partner_id, limit, cursor)

    def user(self, partner_id: str, user_id: str) -> EndUser:
        return self._detail(self._own(partner_id, user_id))

    def set_status(self, partner_id: str, user_id: str, status: AccountStatus) -> EndUser:
        """Suspend, reactivate or close. Closing revokes the user's keys and gives its
        credits back to the pool (idempotently: a retried close moves nothing more)."""
        self._own(partner_id, user_id)
        account = self._accounts.set_status(user_id, status)
        if status == "closed":
            left = self._ledger.balance(user_id).balance
            if left > 0:
                self._ledger.transfer(
                    user_id, partner_id, left, _CLOSE_TRANSFER.format(user_id=user_id)
                )
        return self._detail(account)

    # ------------------------------------------------------------ keys
    def issue_key(self, partner_id: str, user_id: str) -> IssuedKey:
        account = self._own(partner_id, user_id)
        if account.status == "closed":
            raise ValidationFailed("status: the end user is closed")
        return self._accounts.issue_key(user_id)

    def keys(self, partner_id: str, user_id: str) -> list[KeyInfo]:
        self._own(partner_id, user_id)
        return sorted(self._accounts.list_keys(user_id), key=lambda k: k.created_at)

    def revoke_key(self, partner_id: str, user_id: str, key_id: str) -> KeyInfo:
        """Revoke one of the end user's keys, its last one too: the partner manages the
        user's access (and can issue another key at any time)."""
        self._own(partner_id, user_id)
        return self._accounts.revoke_key(user_id, key_id, confirm_last=True)

    # ------------------------------------------------------------ the pool
    def transfer(
        self,
        partner_id: str,
        user_id: str,
        amount: int,
        direction: Direction,
        transfer_id: str | None,
    ) -> Transfer:
        """Move credits between the pool (the partner's balance) and an end user, through
        the ledger: idempotent on ``transfer_id`` (the ``Idempotency-Key``), refused when the
        source is short (402), exact under concurrency."""
        account = self._own(partner_id, user_id)
        if direction == "to_user" and account.status == "closed":
            raise ValidationFailed("status: the end user is closed")
        transfer_id = transfer_id or uuid.uuid4().hex
        source, target = (partner_id, user_id) if direction == "to_user" else (user_id, partner_id)
        outcome = self._ledger.transfer(source, target, amount, transfer_id)
        return Transfer(
            transfer_id=transfer_id,
            user_id=user_id,
            direction=direction,
            amount=amount,
            replayed=outcome.replayed,
            pool_credits=self._ledger.balance(partner_id).balance,
            user_credits=self._ledger.balance(user_id).balance,
        )

    # ------------------------------------------------------------ usage
    def user_usage(self, partner_id: str, user_id: str, days: int) -> UsageReport:
        """The end user's ledger by day, and today and this month against its plan."""
        self._own(partner_id, user_id)
        report = self._usage(user_id, days)
        return replace(report, current=self._accounts.usage(user_id))

    def overview(self, partner_id: str, days: int) -> PartnerOverview:
        """The pool, the end users by status and their usage summed by day. Reads every
        end user's ledger: O(users), fine for an occasional dashboard read."""
        counts: dict[AccountStatus, int] = dict.fromkeys(ACCOUNT_STATUSES, 0)
        summed: dict[date, DayUsage] = {}
        held = delivered = 0
        for account in self._all_users(partner_id):
            counts[account.status] += 1
            report = self._usage_days(account.account_id, days)
            for day, usage in report.items():
                summed.setdefault(day, DayUsage(day)).add(usage)
            balance = self._ledger.balance(account.account_id)
            held += balance.balance
            delivered += balance.metered_total
        pool = self._ledger.balance(partner_id).balance
        return PartnerOverview(
            partner_id=partner_id,
            pool_credits=pool,
            users_by_status=counts,
            users_credits=held,
            usage=UsageReport(newest_first(summed), held, delivered),
        )

    # ------------------------------------------------------------ internals
    def _own(self, partner_id: str, user_id: str) -> Account:
        if not END_USER_ID.matches(user_id):
            raise _not_yours(user_id)
        try:
            account = self._accounts.get_account(user_id, consistent=True)
        except NotFound:
            raise _not_yours(user_id) from None
        if account.partner_id != partner_id:
            raise _not_yours(user_id)
        return account

    def _detail(self, account: Account) -> EndUser:
        return EndUser(account, self._ledger.balance(account.account_id).balance)

    def _usage_days(self, account_id: str, days: int) -> dict[date, DayUsage]:
        since = window_start(utcnow().date(), days)
        return usage_by_day(self._ledger.entries(account_id), since)

    def _usage(self, account_id: str, days: int) -> UsageReport:
        balance = self._ledger.balance(account_id)
        return UsageReport(
            newest_first(self._usage_days(account_id, days)),
            balance.balance,
            balance.metered_total,
        )

    def _all_users(self, partner_id: str) -> Iterator[Account]:
        cursor: str | None = None
        while True:
            page = self._accounts.end_users(partner_id, 100, cursor)
            yield from page.accounts
            if page.next_cursor is None:
                return
            cursor = page.next_cursor


class OnBehalf:
    """``PhotoCen-Account``: a partner's key calls the user API as one of its end users.

    Answers are cached per container for ``ttl_seconds`` (the authorizer's cache TTL), so a
    warm function reads the accounts table once per end user per TTL; suspending an end user
    takes effect within that time, as revoking a key does.
    """

    def __init__(
        self,
        directory: AccountDirectory,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._directory = directory
        self._ttl = ttl_seconds
        self._clock = clock
        self._cache: dict[str, tuple[float, Account | None]] = {}

    def __call__(self, caller: Principal, account_id: str) -> Principal:
        """The end user's principal, billed and limited as that end user; ``Forbidden`` for
        a caller that is not a partner key or an end user that is suspended or closed;
        ``NotFound`` (one message, whether the id exists or not) for anything that is not
        this partner's end user."""
        if caller.kind != "partner" or caller.acting_partner_id is not None:
            raise Forbidden(f"Only a pc_partner_ key may send {ON_BEHALF_HEADER}.")
        if not END_USER_ID.matches(account_id):
            raise _not_yours(account_id)
        account = self._lookup(account_id)
        if account is None or account.partner_id != caller.account_id:
            raise _not_yours(account_id)
        refuse_unless_active(account)
        return Principal(
            account_id=account.account_id,
            kind="user",
            plan=account.plan,
            partner_id=account.partner_id,
            # Per-key limits keep counting the partner's key; day and month the end user's.
            key_id=caller.key_id,
            acting_partner_id=caller.account_id,
        )

    def _lookup(self, account_id: str) -> Account | None:
        now = self._clock()
        cached = self._cache.get(account_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        account = self._directory.get(account_id)
        if self._ttl > 0:
            if len(self._cache) > 10_000:  # a container's memory is not an unbounded cache
                self._cache.clear()
            self._cache[account_id] = (now + self._ttl, account)
        return account
