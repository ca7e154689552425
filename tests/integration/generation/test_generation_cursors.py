"""``GET /v1/generations`` pages with cursors that callers cannot forge
(photocen.platform.pagination): a genuine cursor pages on; any other is 422
``validation_error``, never a 500 or 503."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

from tests.conftest import assert_envelope
from tests.integration.generation.helpers import generate


def cursor_of(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def page(api, token, cursor=None, limit=2):
    target = f"/v1/generations?limit={limit}"
    if cursor is not None:
        target += f"&cursor={quote(cursor, safe='')}"
    return api.get(target, token=token)


def test_a_genuine_cursor_pages_to_the_end(api, new_account, flow):
    # Given five generations
    caller = new_account()
    ids = [generate(api, caller.token, {"prompt": f"p{n}"}).json()["job_id"] for n in range(5)]
    # When the caller follows next_cursor from page to page
    seen, cursor, pages = [], None, 0
    while True:
        response = page(api, caller.token, cursor)
        assert response.status == 200, response.json()
        body = response.json()
        seen += [g["id"] for g in body["data"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    # Then every generation came once, newest first, in three pages
    assert seen == ids[::-1]
    assert pages == 3


def test_a_forged_cursor_is_refused_with_422(api, new_account, flow):
    # Given two accounts with generations, and a genuine cursor of each
    caller, other = new_account(), new_account()
    for n in range(3):
        generate(api, caller.token, {"prompt": f"mine {n}"})
        generate(api, other.token, {"prompt": f"theirs {n}"})
    mine = page(api, caller.token).json()["next_cursor"]
    theirs = page(api, other.token).json()["next_cursor"]
    assert mine
    assert theirs
    key = json.loads(base64.urlsafe_b64decode(mine))
    credits = api.get("/v1/account", token=caller.token).json()["credits"]
    forged = {
        # The two probes of the issue (were 503 and 500)
        "issue: unknown attribute": "eyJ4IjogeyJTIjogInkifX0=",
        "issue: job_id a bare number": "eyJqb2JfaWQiOiA1fQ==",
        "not base64": "garbage!",
        "not JSON": base64.urlsafe_b64encode(b"{not json").decode(),
        "missing attribute": cursor_of({k: v for k, v in key.items() if k != "created_at"}),
        "wrong type": cursor_of({**key, "created_at": {"N": "1"}}),
        "bad timestamp": cursor_of({**key, "created_at": {"S": "yesterday"}}),
        # Another tenant's genuine cursor never starts its listing, for anyone
        "another account's": theirs,
    }
    for name, cursor in forged.items():
        # When the caller pages with it
        response = page(api, caller.token, cursor)
        # Then it is a validation error in the envelope, and nothing else happened
        message = assert_envelope(
            response.status, response.headers, response.body, 422, "validation_error"
        )
        assert "cursor" in message, name
    assert api.get("/v1/account", token=caller.token).json()["credits"] == credits
    # And the caller's own cursor still pages on
    assert page(api, caller.token, mine).status == 200
