"""Models, styles, style memory, the region chain, generations and the credit history."""

from __future__ import annotations

import io

from photocen.generation.profiles import ProfileStore
from PIL import Image

from tests.integration.generation.helpers import generate


def test_models_and_styles_need_no_token(api):
    models = api.get("/v1/models")
    assert models.status == 200
    ids = {m["id"] for m in models.json()["data"]}
    assert {"flux-schnell", "stable-diffusion-xl"} <= ids
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
    plain = generate(api, caller.token, {"prompt": "a"}, None).json()
    assert plain["applied_region"] == "global"
    geo = api.post(
        "/v1/images/generate",
        token=caller.token,
        body={"prompt": "a"},
        headers={"CloudFront-Viewer-Country": "DE"},
    ).json()
    assert geo["applied_region"] == "global"  # geo is off unless enabled
    ProfileStore().set_billing_country(caller.account_id, "br")
    billed = generate(api, caller.token, {"prompt": "a"}).json()
    assert (billed["applied_region"], billed["region_source"]) == ("br", "billing")


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
