"""A not_searchable image is never visible to another account, through any route."""

from __future__ import annotations

from tests.integration.generation.helpers import generate


def test_private_images_are_invisible_to_other_accounts(aws, api, new_account, flow):
    owner, other = new_account(), new_account()
    body = generate(
        api, owner.token, {"prompt": "my secret garden", "options": {"not_searchable": True}}
    ).json()
    job_id = body["job_id"]
    assert body["searchable"] is False
    flow.run()
    job = api.get(f"/v1/images/jobs/{job_id}", token=owner.token).json()
    image = job["images"][0]
    assert image["searchable"] is False
    # stored under the prefix that expires after a day, with its metadata
    key = f"private/{owner.account_id}/{job_id}/0.png"
    head = aws.client("s3").head_object(Bucket=aws.buckets["cache"], Key=key)
    assert head["Metadata"]["owner"] == owner.account_id
    assert head["Metadata"]["searchable"] == "false"
    # Another account: every route answers as if it did not exist
    for path in (
        f"/v1/images/jobs/{job_id}",
        f"/v1/generations/{job_id}",
        f"/id/{image['image_id']}/info",
        f"/id/{image['image_id']}/64/64",
    ):
        response = api.get(path, token=other.token)
        # 404, or 422 where delivery's routes take only catalog ids: never the image
        assert response.status in (404, 422), path
        assert response.json()["error"]["code"] in ("not_found", "validation_error")
    deleted = api.request("DELETE", f"/v1/generations/{job_id}", token=other.token)
    assert deleted.status == 404
    listed = api.get("/v1/generations", token=other.token).json()["data"]
    assert listed == []
    search = api.post(
        "/v1/images/search", token=other.token, body={"query": "secret garden", "limit": 50}
    )
    if search.status == 200:  # search belongs to another issue; when present, it must hide it
        assert job_id not in search.body.decode()
    # The owner still sees it
    assert api.get(f"/v1/generations/{job_id}", token=owner.token).status == 200
