"""Delivery in-process: a small catalog in moto (``catalog``/``add_images`` in
tests/integration/conftest.py), the delivery function behind the real authorizer (``api``),
and a fresh warm container per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest


@pytest.fixture
def delivery(aws: Any, no_scans: None) -> Iterator[Any]:
    """The delivery function's service, new for each test: moto is reset between tests, so
    caches of an earlier test's catalog must not leak into this one (a new container)."""
    from photocen.delivery.wiring import delivery_service

    delivery_service.cache_clear()
    service = delivery_service()
    yield service
    delivery_service.cache_clear()


@pytest.fixture
def funded(new_account: Any, ledger: Any) -> Callable[[int], Any]:
    """Factory: an account holding exactly ``credits`` credits."""

    def make(credits: int) -> Any:
        who = new_account()
        have = ledger.balance(who.account_id).balance
        if credits > have:
            ledger.grant(who.account_id, credits - have, f"test:{who.account_id}")
        for _ in range(have - credits):
            ledger.charge_metered(who.account_id)
        assert ledger.balance(who.account_id).balance == credits
        return who

    return make
