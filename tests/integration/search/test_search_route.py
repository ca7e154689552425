"""``POST /v1/images/search`` in-process against moto: text and "more like this" over the
migrated catalog, filters, cursors, and what is refused (422, nothing charged)."""

from __future__ import annotations

from typing import Any

import pytest
from photocen.generation.settings import LifecycleSettings
from photocen.generation.wiring import lifecycle_from

from tests.conftest import assert_envelope
from tests.integration.generation.helpers import generate

pytestmark = pytest.mark.usefixtures("search_ports")


def made(api: Any, flow: Any, token: str, prompt: str, **body: Any) -> str:
    accepted = generate(api, token, {"prompt": prompt, **body})
    assert accepted.status == 202, accepted.json()
    flow.run()  # one at a time: a free plan has two jobs in flight at most
    return str(accepted.json()["job_id"])


def migrate(ports: Any) -> None:
    lifecycle_from(LifecycleSettings(), ports=ports).migration.run(time_left=lambda: 900.0)  # type: ignore[call-arg]


def search(api: Any, token: str, **body: Any) -> Any:
    return api.post("/v1/images/search", token=token, body=body)


@pytest.fixture
def library(api, new_account, flow, search_ports):
    """Account A: a searchable lighthouse (jp), a searchable cafe and a private garden;
    account B: a searchable harbour. All migrated."""
    a, b = new_account(name="Alice"), new_account(name="Bob")
    jobs = {
        "lighthouse": made(api, flow, a.token, "a red lighthouse on a cliff", region="jp"),
        "cafe": made(api, flow, a.token, "a seaside cafe at golden hour"),
        "garden": made(
            api, flow, a.token, "my secret lighthouse garden", options={"not_searchable": True}
        ),
        "harbour": made(api, flow, b.token, "a harbour with a lighthouse"),
    }
    flow.run()
    migrate(search_ports)
    ids = {}
    for name, job_id in jobs.items():
        owner = b if name == "harbour" else a
        shown = api.get(f"/v1/images/jobs/{job_id}", token=owner.token).json()
        ids[name] = shown["images"][0]["catalog_id"]
    return a, b, ids


def test_a_word_of_the_prompt_finds_the_image_from_another_account(api, library):
    _, b, ids = library
    assert ids["garden"] is None  # private: never catalogued
    answer = search(api, b.token, query="seaside cafe", limit=20)
    assert answer.status == 200, answer.json()
    body = answer.json()
    assert body["data"][0]["id"] == ids["cafe"]
    top = body["data"][0]
    assert set(top) == {
        "id",
        "score",
        "url",
        "url_expires_in",
        "width",
        "height",
        "author",
        "region",
        "created_at",
    }
    assert top["author"] == "Alice"
    assert (top["width"], top["height"]) == (512, 512)
    # its short-lived signed URL serves the image
    assert api.get(top["url"].split("127.0.0.1:3000", 1)[1]).status == 200


def test_private_images_are_found_by_no_one(api, library):
    a, b, ids = library
    for caller in (a, b):
        found = search(api, caller.token, query="secret garden", limit=50).json()["data"]
        assert all(item["id"] in {ids["lighthouse"], ids["cafe"], ids["harbour"]} for item in found)


def test_filters_own_images_and_the_callers_region(api, library):
    a, b, ids = library
    own = search(
        api,
        b.token,
        query="lighthouse",
        filters={"own_images_only": True, "same_region_only": False},
    ).json()
    assert [item["id"] for item in own["data"]] == [ids["harbour"]]
    # A's applied region is global (no profile default, billing country or geo): the jp
    # lighthouse is not of it
    regional = search(api, a.token, query="lighthouse", filters={"same_region_only": True}).json()
    assert regional["applied_region"] == "global"
    assert ids["lighthouse"] not in [item["id"] for item in regional["data"]]
    assert (
        api.request("PUT", "/v1/style-memory", token=a.token, body={"default_region": "jp"}).status
        == 200
    )
    regional = search(api, a.token, query="lighthouse", filters={"same_region_only": True}).json()
    assert regional["applied_region"] == "jp"
    assert [item["id"] for item in regional["data"]] == [ids["lighthouse"]]


def test_more_like_this_and_cursor_pagination(api, library):
    _, b, ids = library
    similar = search(api, b.token, image_id=ids["lighthouse"], limit=1).json()
    assert ids["lighthouse"] not in [item["id"] for item in similar["data"]]
    assert len(similar["data"]) == 1
    assert similar["next_cursor"]
    following = search(
        api, b.token, image_id=ids["lighthouse"], limit=1, cursor=similar["next_cursor"]
    ).json()
    assert len(following["data"]) == 1
    assert following["data"][0]["id"] != similar["data"][0]["id"]
    assert following["next_cursor"] is None  # two other searchable images: no third page
    # a cursor continues only the search that made it
    other = search(api, b.token, query="lighthouse", limit=1, cursor=similar["next_cursor"])
    assert_envelope(other.status, other.headers, other.body, 422, "validation_error")
    missing = search(api, b.token, image_id=10_000)
    assert_envelope(missing.status, missing.headers, missing.body, 404, "not_found")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"query": "cafe", "image_id": 1},
        {"query": ""},
        {"query": "   "},
        {"query": "a\u0000b"},
        {"query": "cafe", "limit": 0},
        {"query": "cafe", "limit": 51},
        {"query": "cafe", "filters": {"same_region_only": "yes please"}},
        {"query": "cafe", "filters": {"everyone": True}},
        {"query": "cafe", "cursor": "not a cursor!"},
        {"query": "cafe", "cursor": "eyJvIjo1LCJmIjoiMDAwMDAwMDAwMDAwMDAwMCJ9"},
        {"query": "cafe", "sort": "newest"},
        {"image_id": 0},
        {"image_id": "seven"},
    ],
)
def test_bad_input_is_a_422_and_charges_nothing(api, new_account, ledger, search_ports, body):
    caller = new_account()
    before = ledger.balance(caller.account_id)
    answer = search(api, caller.token, **body)
    assert_envelope(answer.status, answer.headers, answer.body, 422, "validation_error")
    assert ledger.balance(caller.account_id) == before


def test_search_is_free(api, new_account, ledger, search_ports):
    caller = new_account()
    before = ledger.balance(caller.account_id)
    assert search(api, caller.token, query="anything").status == 200
    assert ledger.balance(caller.account_id) == before


def test_search_needs_a_token(api, search_ports):
    answer = api.post("/v1/images/search", body={"query": "cafe"})
    assert_envelope(answer.status, answer.headers, answer.body, 401, "unauthorized")
