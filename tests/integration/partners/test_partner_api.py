"""The partner API in-process: end users, status, keys, the pool, usage, act on behalf."""

from __future__ import annotations

import pytest
from photocen.platform.routes import ROUTES

from tests.conftest import assert_envelope, concrete

PARTNER_ROUTES = [r for r in ROUTES if r.function == "partners"]
# A valid body for each partner route that takes one (so that only the caller is wrong).
VALID_BODIES = {
    ("POST", "/v1/partner/users"): {"external_id": "crm-1"},
    ("PATCH", "/v1/partner/users/{user_id}"): {"status": "active"},
    ("POST", "/v1/partner/users/{user_id}/credits"): {"amount": 1, "direction": "to_user"},
}


def transfer(api, partner, user_id, amount, direction="to_user", key=None):
    headers = {"Idempotency-Key": key} if key else None
    return api.post(
        f"/v1/partner/users/{user_id}/credits",
        token=partner.token,
        body={"amount": amount, "direction": direction},
        headers=headers,
    )


def credits_of(api, caller) -> int:
    return api.get("/v1/account", token=caller.token).json()["credits"]


# ---------------------------------------------------------------- who may call
@pytest.mark.parametrize("route", PARTNER_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_a_pc_live_token_gets_403_on_every_partner_route(api, new_account, route):
    user = new_account()
    answer = api.request(route.method, concrete(route.path), token=user.token, body={})
    assert_envelope(answer.status, answer.headers, answer.body, 403, "forbidden")


@pytest.mark.parametrize("route", PARTNER_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_the_partner_api_cannot_be_called_on_behalf_of_an_end_user(api, make_tenant, route):
    tenant = make_tenant(users=1)
    answer = api.request(
        route.method,
        concrete(route.path, tenant.users[0].account_id),
        token=tenant.partner.token,
        body=VALID_BODIES.get((route.method, route.path)),
        headers={"PhotoCen-Account": tenant.users[0].account_id},
    )
    assert_envelope(answer.status, answer.headers, answer.body, 403, "forbidden")


# ---------------------------------------------------------------- end users
def test_creating_an_end_user_is_idempotent_on_external_id_and_mints_no_credits(api, new_account):
    partner = new_account(kind="partner", plan="partner")
    first = api.post(
        "/v1/partner/users", token=partner.token, body={"external_id": "crm:42", "name": "Ada"}
    )
    assert first.status == 201
    created = first.json()
    assert created["external_id"] == "crm:42"
    assert (created["status"], created["credits"]) == ("active", 0)
    assert created["key"]["token"].startswith("pc_live_")
    # A retry names the same end user, issues no second key
    again = api.post(
        "/v1/partner/users", token=partner.token, body={"external_id": "crm:42", "name": "Ada"}
    )
    assert again.status == 200
    assert again.json()["user_id"] == created["user_id"]
    assert again.json()["key"] is None
    keys = api.get(f"/v1/partner/users/{created['user_id']}/keys", token=partner.token).json()
    assert len(keys["data"]) == 1
    # The end user's own key works, and holds nothing until funded
    answer = api.get("/v1/account", token=created["key"]["token"]).json()
    assert (answer["account_id"], answer["credits"]) == (created["user_id"], 0)
    assert answer["partner_id"] == partner.account_id


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"external_id": ""},
        {"external_id": "has space"},
        {"external_id": "x" * 129},
        {"external_id": "ok", "extra": 1},
        {"external_id": 5},
    ],
)
def test_a_bad_end_user_request_is_422(api, new_account, body):
    partner = new_account(kind="partner", plan="partner")
    answer = api.post("/v1/partner/users", token=partner.token, body=body)
    assert_envelope(answer.status, answer.headers, answer.body, 422, "validation_error")


def test_a_partner_lists_its_end_users_page_by_page(api, make_tenant):
    tenant, other = make_tenant(users=5), make_tenant(users=1)
    seen, cursor = [], None
    while True:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        page = api.get(f"/v1/partner/users{query}", token=tenant.partner.token).json()
        seen += [u["user_id"] for u in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(u.account_id for u in tenant.users)
    # Another partner's cursor is refused like a forgery
    theirs = api.get("/v1/partner/users?limit=1", token=other.partner.token).json()
    assert theirs["next_cursor"] is None  # one user: no next page
    forged = api.get("/v1/partner/users?cursor=e30", token=tenant.partner.token)
    assert_envelope(forged.status, forged.headers, forged.body, 422, "validation_error")


def test_another_partners_end_user_is_indistinguishable_from_no_user(api, make_tenant):
    mine, theirs = make_tenant(users=1), make_tenant(users=1)
    foreign = api.get(f"/v1/partner/users/{theirs.users[0].account_id}", token=mine.partner.token)
    missing = api.get("/v1/partner/users/acct_0123456789abcdef", token=mine.partner.token)
    for answer, user_id in (
        (foreign, theirs.users[0].account_id),
        (missing, "acct_0123456789abcdef"),
    ):
        message = assert_envelope(answer.status, answer.headers, answer.body, 404, "not_found")
        assert message == f"No end user {user_id} for this partner."


def test_suspend_reactivate_and_close_an_end_user(api, make_tenant, ledger):
    tenant = make_tenant(users=1, pool=20)
    user = tenant.users[0]
    path = f"/v1/partner/users/{user.account_id}"
    assert transfer(api, tenant.partner, user.account_id, 5).status == 200
    # Suspended: the user's own key is refused (403), and so is acting on its behalf
    assert (
        api.request("PATCH", path, token=tenant.partner.token, body={"status": "suspended"}).status
        == 200
    )
    refused = api.get("/v1/account", token=user.token)
    assert_envelope(refused.status, refused.headers, refused.body, 403, "forbidden")
    # Reactivated: it works again
    assert (
        api.request("PATCH", path, token=tenant.partner.token, body={"status": "active"}).status
        == 200
    )
    assert api.get("/v1/account", token=user.token).status == 200
    # Closed: keys revoked (401), credits back in the pool, and closed for good
    closed = api.request("PATCH", path, token=tenant.partner.token, body={"status": "closed"})
    assert (closed.json()["status"], closed.json()["credits"]) == ("closed", 0)
    assert api.get("/v1/account", token=user.token).status == 401
    assert ledger.balance(tenant.partner.account_id).balance == 20
    reopen = api.request("PATCH", path, token=tenant.partner.token, body={"status": "active"})
    assert_envelope(reopen.status, reopen.headers, reopen.body, 422, "validation_error")
    no_funds = transfer(api, tenant.partner, user.account_id, 1)
    assert_envelope(no_funds.status, no_funds.headers, no_funds.body, 422, "validation_error")


def test_an_end_users_keys_are_issued_listed_and_revoked(api, make_tenant):
    tenant = make_tenant(users=1)
    user = tenant.users[0]
    path = f"/v1/partner/users/{user.account_id}/keys"
    issued = api.post(path, token=tenant.partner.token)
    assert issued.status == 201
    second = issued.json()
    assert api.get("/v1/account", token=second["token"]).status == 200
    listed = api.get(path, token=tenant.partner.token).json()["data"]
    assert [k["key_id"] for k in listed] == [user.key_id, second["key_id"]]
    assert all("token" not in k for k in listed)
    revoked = api.request("DELETE", f"{path}/{second['key_id']}", token=tenant.partner.token)
    assert revoked.status == 200
    assert revoked.json()["revoked_at"]
    assert api.get("/v1/account", token=second["token"]).status == 401
    assert api.get("/v1/account", token=user.token).status == 200


# ---------------------------------------------------------------- the pool
def test_pool_transfers_are_idempotent_exact_and_refused_when_short(api, make_tenant, ledger):
    tenant = make_tenant(users=1, pool=10)
    user, partner = tenant.users[0], tenant.partner
    # Pool → user, with an Idempotency-Key; a retry moves nothing more
    first = transfer(api, partner, user.account_id, 4, key="topup-1")
    assert first.status == 200
    assert first.json() | {"transfer_id": "topup-1"} == {
        "transfer_id": "topup-1",
        "user_id": user.account_id,
        "direction": "to_user",
        "amount": 4,
        "replayed": False,
        "pool_credits": 6,
        "user_credits": 4,
    }
    assert transfer(api, partner, user.account_id, 4, key="topup-1").json()["replayed"] is True
    # The same key for another transfer is refused
    reused = transfer(api, partner, user.account_id, 5, key="topup-1")
    assert_envelope(reused.status, reused.headers, reused.body, 422, "idempotency_key_reused")
    # More than the pool holds: 402, nothing moves
    short = transfer(api, partner, user.account_id, 7)
    assert_envelope(short.status, short.headers, short.body, 402, "insufficient_credits")
    # User → pool
    back = transfer(api, partner, user.account_id, 3, direction="to_pool")
    assert (back.json()["pool_credits"], back.json()["user_credits"]) == (9, 1)
    for account in (partner.account_id, user.account_id):
        balance = ledger.balance(account)
        assert balance.balance + balance.metered_total == sum(
            e.amount for e in ledger.entries(account)
        )


@pytest.mark.parametrize(
    "body",
    [
        {"amount": 0, "direction": "to_user"},
        {"amount": -1, "direction": "to_user"},
        {"amount": 1, "direction": "sideways"},
        {"amount": 1.5, "direction": "to_user"},
        {"amount": 1},
        {"amount": 10**7, "direction": "to_user"},
    ],
)
def test_a_bad_transfer_is_422_and_moves_nothing(api, make_tenant, ledger, body):
    tenant = make_tenant(users=1, pool=10)
    answer = api.post(
        f"/v1/partner/users/{tenant.users[0].account_id}/credits",
        token=tenant.partner.token,
        body=body,
    )
    assert_envelope(answer.status, answer.headers, answer.body, 422, "validation_error")
    assert ledger.balance(tenant.partner.account_id).balance == 10


# ---------------------------------------------------------------- act on behalf
def test_a_partner_acts_on_behalf_of_its_end_user_and_is_billed_as_it(
    api, make_tenant, ledger, add_images
):
    add_images(1)
    tenant = make_tenant(users=2, pool=20)
    funded, other = tenant.users
    transfer(api, tenant.partner, funded.account_id, 3)
    as_user = {"PhotoCen-Account": funded.account_id}
    # The account route answers as the end user
    account = api.get("/v1/account", token=tenant.partner.token, headers=as_user).json()
    assert (account["account_id"], account["credits"]) == (funded.account_id, 3)
    # A metered delivery is charged to the end user, not the pool
    image = api.get("/64/64", token=tenant.partner.token, headers=as_user)
    assert image.status == 200
    assert ledger.balance(funded.account_id) == type(ledger.balance(funded.account_id))(2, 1)
    assert ledger.balance(tenant.partner.account_id).balance == 17
    # The unfunded one cannot spend the pool
    broke = api.get(
        "/64/64", token=tenant.partner.token, headers={"PhotoCen-Account": other.account_id}
    )
    assert_envelope(broke.status, broke.headers, broke.body, 402, "insufficient_credits")
    assert ledger.balance(tenant.partner.account_id).balance == 17


def test_act_on_behalf_refusals_reveal_nothing(api, make_tenant, new_account):
    mine, theirs = make_tenant(users=1), make_tenant(users=1)
    plain = new_account()
    cases = [
        # (token, header, status, code)
        (plain.token, mine.users[0].account_id, 403, "forbidden"),  # not a partner key
        (mine.users[0].token, mine.users[0].account_id, 403, "forbidden"),  # an end user's key
        (mine.partner.token, theirs.users[0].account_id, 404, "not_found"),  # not its user
        (mine.partner.token, "acct_0123456789abcdef", 404, "not_found"),  # no such user
        (mine.partner.token, plain.account_id, 404, "not_found"),  # a plain account
        (mine.partner.token, mine.partner.account_id, 404, "not_found"),  # itself
    ]
    messages = set()
    for token, header, status, code in cases:
        answer = api.get("/v1/account", token=token, headers={"PhotoCen-Account": header})
        message = assert_envelope(answer.status, answer.headers, answer.body, status, code)
        if status == 404:
            messages.add(message.replace(header, "<id>"))
    assert len(messages) == 1  # a foreign user and no user read the same


def test_acting_for_a_suspended_end_user_is_refused(api, make_tenant, monkeypatch):
    tenant = make_tenant(users=1)
    user = tenant.users[0]
    api.request(
        "PATCH",
        f"/v1/partner/users/{user.account_id}",
        token=tenant.partner.token,
        body={"status": "suspended"},
    )
    from photocen.partners.service import OnBehalf
    from photocen.partners.wiring import on_behalf

    # (answers are cached for the authorizer's TTL; this container has not seen the user)
    assert isinstance(on_behalf(), OnBehalf)
    answer = api.get(
        "/v1/account", token=tenant.partner.token, headers={"PhotoCen-Account": user.account_id}
    )
    assert_envelope(answer.status, answer.headers, answer.body, 403, "forbidden")


# ---------------------------------------------------------------- usage
def test_a_partner_reads_its_end_users_usage_by_day_and_its_own_totals(api, make_tenant, flow):
    tenant = make_tenant(users=2, pool=30)
    funded, idle = tenant.users
    transfer(api, tenant.partner, funded.account_id, 10)
    as_user = {"PhotoCen-Account": funded.account_id}
    accepted = api.post(
        "/v1/images/generate",
        token=tenant.partner.token,
        headers=as_user,
        body={"prompt": "a lighthouse in fog"},
    )
    assert accepted.status == 202, accepted.json()
    flow.run()
    job = api.get(f"/v1/images/jobs/{accepted.json()['job_id']}", token=funded.token).json()
    assert job["status"] == "completed"
    usage = api.get(
        f"/v1/partner/users/{funded.account_id}/usage", token=tenant.partner.token
    ).json()
    [today] = usage["days"]
    assert today["generations"] == 1
    assert today["credits_spent"] == job["credits_charged"]
    assert (today["credits_received"], today["credits_returned"]) == (10, 0)
    assert usage["credits"] == 10 - job["credits_charged"]
    # …and today/this month against its plan, from the limits counters (as GET /v1/usage)
    assert usage["current"]["today"]["images_generated"] == 1
    assert usage["current"]["plan"]["name"] == "free"
    overview = api.get("/v1/partner", token=tenant.partner.token).json()
    assert overview["pool_credits"] == 20
    assert overview["users"] == {"active": 2, "suspended": 0, "closed": 0}
    assert overview["users_credits"] == 10 - job["credits_charged"]
    assert overview["usage"]["days"][0]["generations"] == 1
    idle_usage = api.get(f"/v1/partner/users/{idle.account_id}/usage", token=tenant.partner.token)
    assert idle_usage.json()["days"] == []


# ---------------------------------------------------------------- every function, as the table says
def test_every_function_accepts_the_header_exactly_where_the_route_table_says(aws):
    import importlib

    from photocen.platform.routes import accepts_on_behalf, functions

    for name in functions():
        routes = [r for r in ROUTES if r.function == name]
        app = importlib.import_module(f"functions.{name}.handler").app
        expected = any(accepts_on_behalf(r) for r in routes)
        assert (app.on_behalf is not None) is expected, name
