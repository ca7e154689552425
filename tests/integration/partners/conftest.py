"""Partners, their end users and a plain user, over the in-process API (real authorizer,
real handlers, moto). The generation flow's messaging is created so that an end user can
generate on behalf of its partner's key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Caller
from tests.integration.generation.conftest import Flow, make_flow


@dataclass
class Tenant:
    """A partner (its token and pool) and the end users it provisioned through the API."""

    partner: Caller
    users: list[Caller]


@pytest.fixture
def aws(aws: Any) -> Any:
    from devstack import bootstrap

    bootstrap.create_messaging(aws.client("sns"), aws.client("sqs"))
    return aws


@pytest.fixture
def flow(api: Any) -> Iterator[Flow]:
    made = make_flow(api)
    yield made
    made.runner.stop()


def provision(api: Any, partner: Caller, external_id: str) -> Caller:
    answer = api.post("/v1/partner/users", token=partner.token, body={"external_id": external_id})
    assert answer.status == 201, answer.json()
    body = answer.json()
    return Caller(body["user_id"], body["key"]["token"], body["key"]["key_id"])


@pytest.fixture
def make_tenant(api: Any, new_account: Any, ledger: Any) -> Any:
    """Factory: a partner whose pool holds ``pool`` credits, with ``users`` end users."""

    def make(users: int = 2, pool: int = 50) -> Tenant:
        partner = new_account(kind="partner", plan="partner")
        if pool > 10:  # on top of its 10 signup credits
            ledger.grant(partner.account_id, pool - 10, "pool-funding")
        return Tenant(partner, [provision(api, partner, f"customer-{i}") for i in range(users)])

    return make
