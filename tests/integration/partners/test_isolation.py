"""Isolation over the whole route table: an end user of one partner is invisible to every
other tenant, on every route.

The victim is an end user of partner A that holds credits, a key and a finished generation
(made by A acting on its behalf). Every authenticated route of ``ROUTES`` is then called by
every other kind of tenant, with the victim's ids wherever a path takes an id, and once more
with ``PhotoCen-Account: <victim>``: no answer may contain any of the victim's ids, and
afterwards the victim's credits, ledger, key, status and generation are exactly as before.
A new route joins the sweep by being in the table.
"""

from __future__ import annotations

from typing import Any

from photocen.platform.routes import ROUTES, Route

# A valid body for routes that read one, so that a refusal is about the caller, not the body.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/images/generate"): {"prompt": "a red bicycle"},
    ("PUT", "/v1/style-memory"): {"keywords": ["watercolour"]},
    ("POST", "/v1/partner/users"): {"external_id": "intruder-probe"},
    ("PATCH", "/v1/partner/users/{user_id}"): {"status": "closed"},
    ("POST", "/v1/partner/users/{user_id}/credits"): {"amount": 1, "direction": "to_pool"},
}


def path_for(route: Route, victim: dict[str, str]) -> str:
    path = route.path
    for name, value in {
        "user_id": victim["account_id"],
        "job_id": victim["job_id"],
        "generation_id": victim["job_id"],
        "key_id": victim["key_id"],
        "image_id": "1",
        "seed": "isolation",
        "w": "64",
        "h": "64",
    }.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"{route.path}: give its parameters a value here"
    return path


def snapshot(api: Any, ledger: Any, victim: dict[str, str], token: str) -> Any:
    balance = ledger.balance(victim["account_id"])
    entries = [(e.key, e.amount) for e in ledger.entries(victim["account_id"])]
    account = api.get("/v1/account", token=token)
    job = api.get(f"/v1/images/jobs/{victim['job_id']}", token=token)
    # (a job's image URLs are signed per answer: compare what the job is, not its URLs)
    kept = {k: v for k, v in job.json().items() if k not in ("images",)}
    return balance, entries, account.status, account.json()["credits"], job.status, kept


def test_an_end_user_is_invisible_to_every_other_tenant_on_every_route(
    api, make_tenant, new_account, ledger, flow, add_images
):
    add_images(1)
    # Given partner A's end user (the victim), funded and with a finished generation
    a, b = make_tenant(users=2, pool=30), make_tenant(users=1, pool=30)
    victim_caller, sibling = a.users
    api.post(
        f"/v1/partner/users/{victim_caller.account_id}/credits",
        token=a.partner.token,
        body={"amount": 10, "direction": "to_user"},
    )
    accepted = api.post(
        "/v1/images/generate",
        token=a.partner.token,
        headers={"PhotoCen-Account": victim_caller.account_id},
        body={"prompt": "a quiet harbour"},
    )
    assert accepted.status == 202, accepted.json()
    flow.run()
    victim = {
        "account_id": victim_caller.account_id,
        "job_id": accepted.json()["job_id"],
        "key_id": victim_caller.key_id,
    }
    before = snapshot(api, ledger, victim, victim_caller.token)
    assert before[4] == 200
    # …and every other kind of tenant
    plain = new_account()
    b_user = b.users[0]
    intruders = {
        "another partner": (b.partner.token, None),
        "another partner's end user": (b_user.token, None),
        "another partner acting as its end user": (b.partner.token, b_user.account_id),
        "a plain user": (plain.token, None),
        "a sibling end user": (sibling.token, None),
        "the partner acting as the sibling": (a.partner.token, sibling.account_id),
    }
    leaks = []
    for route in (r for r in ROUTES if r.auth):
        path = path_for(route, victim)
        body = BODIES.get((route.method, route.path))
        for who, (token, acting_as) in intruders.items():
            for header in [acting_as] if acting_as else [None, victim["account_id"]]:
                headers = {"PhotoCen-Account": header} if header else None
                answer = api.request(route.method, path, token=token, body=body, headers=headers)
                text = answer.body.decode(errors="replace")
                if answer.status >= 400:
                    # An error may repeat what the caller sent ("no job <id>"): that tells
                    # it nothing. Anything else of the victim's would.
                    for sent in (path, header or ""):
                        text = text.replace(sent, "")
                        for part in sent.split("/"):
                            text = text.replace(part, "") if part else text
                shown = [name for name, value in victim.items() if value in text]
                if shown:
                    leaks.append(f"{route.method} {route.path} by {who} ({header}): {shown}")
                if header == victim["account_id"] and answer.status not in (403, 404):
                    refused = f"{answer.status}, not 403/404"
                    leaks.append(f"{route.method} {route.path} by {who} as the victim: {refused}")
    # Then nothing of the victim was shown, and nothing of it changed
    assert leaks == []
    assert snapshot(api, ledger, victim, victim_caller.token) == before
    # (the sweep reached the partner API and the generation routes with the victim's ids)
    swept = {r.function for r in ROUTES if r.auth}
    assert {"partners", "generate", "account", "delivery"} <= swept
