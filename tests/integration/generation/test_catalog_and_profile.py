"""Models, styles, style memory, the region chain, generations and the credit history
(the account function's ledger route, seen from a generation)."""

from __future__ import annotations

import io

import pytest
from photocen.generation.service import StyleMemoryService
from photocen.generation.store import ProfileRecord, ProfileStore
from photocen.generation.style_memory import StyleEdits
from photocen.generation.wiring import generate_services
from photocen.platform.errors import ServiceUnavailable
from PIL import Image
from pynamodb.exceptions import PutError

from tests.integration.generation.helpers import generate


def test_models_and_styles_need_no_token(api):
    models = api.get("/v1/models")
    assert models.status == 200
    ids = {m["id"] for m in models.json()["data"]}
    assert {"flux-schnell", "stable-diffusion-xl"} <= ids
    pricing = models.json()["pricing"]
    assert pricing.startswith("One image costs ceil(width * height / 512^2")
    assert "`" not in pricing  # plain text, not the reStructuredText of a docstring
    styles = api.get("/v1/styles").json()["data"]
    assert {"photographic", "cinematic", "anime", "watercolor"} <= {s["id"] for s in styles}
    thumbnail_path = styles[1]["thumbnail_url"].split("127.0.0.1:3000")[1]
    thumbnail = api.get(thumbnail_path)
    assert thumbnail.status == 200
    assert thumbnail.headers["Content-Type"] == "image/webp"
    assert Image.open(io.BytesIO(thumbnail.body)).size == (256, 256)
    assert api.get("/v1/styles/nope/thumbnail").status == 404


def test_style_memory_is_editable_learned_and_applied(api, new_account, flow):
    caller = new_account()
    put = api.request(
        "PUT",
        "/v1/style-memory",
        token=caller.token,
        body={"preset": "watercolor", "keywords": ["soft light"], "default_region": "jp"},
    )
    assert put.status == 200
    remembered = generate(
        api, caller.token, {"prompt": "a bridge", "style": {"use_style_memory": True}}
    ).json()
    assert remembered["style"] == "watercolor"
    assert (remembered["applied_region"], remembered["region_source"]) == ("jp", "profile")
    overridden = generate(
        api,
        caller.token,
        {
            "prompt": "a bridge",
            "region": "fr",
            "style": {"use_style_memory": True, "style_override": "ink sketch"},
        },
    ).json()
    assert overridden["style"] is None
    assert (overridden["applied_region"], overridden["region_source"]) == ("fr", "request")
    flow.run()
    memory = api.get("/v1/style-memory", token=caller.token).json()
    assert memory["learned"]["generations"] == 2
    assert memory["learned"]["styles"] == {"watercolor": 1}
    reset = api.request("DELETE", "/v1/style-memory", token=caller.token).json()
    assert reset["preset"] is None
    assert reset["learned"]["generations"] == 0
    assert reset["default_region"] == "jp"  # region defaults are not style


def test_billing_country_then_geo_then_global(api, new_account, monkeypatch):
    caller = new_account()
    germany = {"CloudFront-Viewer-Country": "DE"}
    plain = generate(api, caller.token, {"prompt": "a"}, None).json()
    assert plain["applied_region"] == "global"
    geo = api.post(
        "/v1/images/generate",
        token=caller.token,
        body={"prompt": "a"},
        headers=germany,
    ).json()
    assert geo["applied_region"] == "global"  # geo is off unless enabled
    # When the operator enables geo (its distribution forwards the viewer's country)
    service = generate_services().service
    enabled = service.settings.model_copy(update={"geo_region_enabled": True})
    monkeypatch.setattr(service, "settings", enabled)
    located = api.post(
        "/v1/images/generate", token=caller.token, body={"prompt": "a"}, headers=germany
    ).json()
    assert (located["applied_region"], located["region_source"]) == ("de", "geo")
    # When the account's billing country is set (through the style-memory PUT)
    put = api.request("PUT", "/v1/style-memory", token=caller.token, body={"billing_country": "BR"})
    assert put.status == 200
    assert put.json()["billing_country"] == "br"
    billed = generate(api, caller.token, {"prompt": "a"}).json()
    assert (billed["applied_region"], billed["region_source"]) == ("br", "billing")
    # Then billing wins over geo, and the profile default over billing
    billed_in_germany = api.post(
        "/v1/images/generate", token=caller.token, body={"prompt": "a"}, headers=germany
    ).json()
    assert (billed_in_germany["applied_region"], billed_in_germany["region_source"]) == (
        "br",
        "billing",
    )
    api.request(
        "PUT",
        "/v1/style-memory",
        token=caller.token,
        body={"default_region": "fr", "billing_country": "br"},
    )
    profiled = generate(api, caller.token, {"prompt": "a"}).json()
    assert (profiled["applied_region"], profiled["region_source"]) == ("fr", "profile")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"billing_country": "Brazil"}, "body.billing_country"),
        ({"billing_country": "b1"}, "body.billing_country"),
        ({"default_region": "zz"}, "body.default_region"),
        ({"keywords": ["soft light", "glow\x00"]}, "body.keywords: item 1 must not contain"),
        ({"negative_prompt": "blurry\x1b"}, "body.negative_prompt: must not contain"),
    ],
)
def test_style_memory_refuses_unknown_regions_and_malformed_countries(
    api, new_account, body, field
):
    caller = new_account()
    response = api.request("PUT", "/v1/style-memory", token=caller.token, body=body)
    assert response.status == 422
    assert response.json()["error"]["message"].startswith(field)
    # Nothing of a refused update is kept.
    memory = api.get("/v1/style-memory", token=caller.token).json()
    assert (memory["keywords"], memory["negative_prompt"]) == ([], None)


def test_forgetting_the_style_keeps_the_region_defaults(api, new_account):
    caller = new_account()
    api.request(
        "PUT",
        "/v1/style-memory",
        token=caller.token,
        body={"preset": "anime", "default_region": "jp", "billing_country": "br"},
    )
    reset = api.request("DELETE", "/v1/style-memory", token=caller.token).json()
    assert reset["preset"] is None
    assert (reset["default_region"], reset["billing_country"]) == ("jp", "br")


def test_a_reset_that_fails_half_way_loses_nothing(aws, new_account, monkeypatch):
    # Given a profile with a style and both region defaults
    caller = new_account()
    store = ProfileStore(aws.tables["profiles"], aws.target)
    profiles = StyleMemoryService(store)
    profiles.update(
        caller.account_id,
        StyleEdits(
            preset="anime",
            keywords=("neon",),
            negative_prompt=None,
            default_region="jp",
            billing_country="br",
        ),
    )

    # When the profiles store fails the reset's write
    def unavailable(self, *args, **kwargs):
        raise PutError("the profiles store did not answer")

    monkeypatch.setattr(ProfileRecord, "save", unavailable)
    with pytest.raises(ServiceUnavailable):
        profiles.reset(caller.account_id)
    monkeypatch.undo()
    # Then the profile is as it was: the region defaults were never gone
    memory = store.get(caller.account_id)
    assert memory is not None
    assert (memory.default_region, memory.billing_country) == ("jp", "br")
    assert memory.preset == "anime"


def test_generations_are_paginated_newest_first_and_deletable(aws, api, new_account, flow):
    caller = new_account()
    ids = [generate(api, caller.token, {"prompt": f"p{n}"}).json()["job_id"] for n in range(5)]
    flow.run()
    first = api.get("/v1/generations?limit=2", token=caller.token).json()
    assert [g["id"] for g in first["data"]] == ids[::-1][:2]
    second = api.get(f"/v1/generations?limit=2&cursor={first['next_cursor']}", token=caller.token)
    assert [g["id"] for g in second.json()["data"]] == ids[::-1][2:4]
    assert api.get("/v1/generations?cursor=garbage", token=caller.token).status == 422
    # Deleting removes the record and the stored image
    victim = ids[0]
    key = f"images/{caller.account_id}/{victim}/0.png"
    s3 = aws.client("s3")
    assert s3.list_objects_v2(Bucket=aws.buckets["cache"], Prefix=key)["KeyCount"] == 1
    assert api.request("DELETE", f"/v1/generations/{victim}", token=caller.token).status == 204
    assert api.get(f"/v1/generations/{victim}", token=caller.token).status == 404
    assert s3.list_objects_v2(Bucket=aws.buckets["cache"], Prefix=key)["KeyCount"] == 0


def test_the_credit_history_shows_reserve_then_settle(api, new_account, flow):
    caller = new_account()
    job_id = generate(api, caller.token, {"prompt": "history"}).json()["job_id"]
    flow.run()
    history = api.get("/v1/account/ledger", token=caller.token).json()
    assert history["credits"] == 9
    ops = [e["operation"] for e in history["entries"] if e["reference"] == job_id]
    assert ops == ["reserve", "settle"]
    assert history["entries"][0]["operation"] == "grant"
