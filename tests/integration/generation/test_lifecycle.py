"""The image lifecycle in-process against moto: migration (cache → catalog → index, the job
then answering with the signed catalog URL), its resumability after a crash between any two
steps, the private cleanup at exactly 24 h, and a deletion that takes a migrated image out
of the catalog, its renditions and the index."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from photocen.generation.settings import LifecycleSettings
from photocen.generation.store import JobStore
from photocen.generation.wiring import Lifecycle, lifecycle_from
from photocen.search.model import SearchFilter

from tests.integration.generation.helpers import generate

pytestmark = pytest.mark.usefixtures("search_ports")

PLENTY = lambda: 900.0  # noqa: E731 - the time a Lambda invocation has left


class Killed(BaseException):
    """The process dies here (not an Exception: nothing may catch it)."""


def make_lifecycle(ports: Any) -> Lifecycle:
    return lifecycle_from(LifecycleSettings(), ports=ports)  # type: ignore[call-arg]


def completed_job(api: Any, flow: Any, token: str, **body: Any) -> dict[str, Any]:
    accepted = generate(api, token, {"prompt": "a seaside cafe at golden hour", **body})
    assert accepted.status == 202, accepted.json()
    flow.run()
    job = api.get(f"/v1/images/jobs/{accepted.json()['job_id']}", token=token).json()
    assert job["status"] == "completed"
    return job


def catalog_state(aws: Any, owner: str) -> tuple[list[int], list[str]]:
    """The owner's catalog records (ids) and every object version in the catalog bucket
    outside the demo catalog (none is seeded here)."""
    from photocen.catalog.store import CatalogImageRecord

    ids = sorted(
        int(r.image_id)
        for r in CatalogImageRecord.scan()
        if int(r.image_id) > 0 and r.owner == owner
    )
    versions = aws.client("s3").list_object_versions(Bucket=aws.buckets["catalog"])
    keys = [v["Key"] for v in versions.get("Versions", [])]
    return ids, keys


def test_migration_moves_a_searchable_image_and_the_job_answers_with_the_catalog(
    aws, api, new_account, flow, search_ports
):
    # Given a completed searchable generation of two images and a private one
    owner = new_account(name="Ada")
    job = completed_job(api, flow, owner.token, settings={"count": 2})
    private = completed_job(api, flow, owner.token, options={"not_searchable": True})
    _, index = search_ports
    # When the migration runs
    report = make_lifecycle(search_ports).migration.run(time_left=PLENTY)
    # Then both searchable images are catalogued, indexed, and the job shows catalog URLs
    assert (report.jobs, report.images) == (1, 2)
    ids, keys = catalog_state(aws, owner.account_id)
    assert len(ids) == 2
    assert index.ids() == ids
    assert all(key.startswith("catalog/") for key in keys)
    assert all(
        hit.image_id in ids
        for hit in index.query(
            index.get_vector(ids[0]), k=10, filter=SearchFilter(owner=owner.account_id)
        ).hits
    )
    shown = api.get(f"/v1/images/jobs/{job['job_id']}", token=owner.token).json()
    assert sorted(i["catalog_id"] for i in shown["images"]) == ids
    for image in shown["images"]:
        assert f"/catalog/{image['catalog_id']}/" in image["url"]
        assert "Signature=" in image["url"]
        assert "Key-Pair-Id=" in image["url"]
        # the signed URL serves the picture (the local CDN checks the signature)
        served = api.get(image["url"].split("127.0.0.1:3000", 1)[1])
        assert served.status == 200
        assert served.headers["Content-Type"] == "image/jpeg"
    # and delivery serves it by its new id, at any size, with its author
    other = new_account()
    info = api.get(f"/id/{ids[0]}/info", token=other.token).json()
    assert info["author"] == "Ada"
    assert api.get(f"/id/{ids[0]}/123/77", token=other.token).status == 200
    # The private job was never copied, catalogued or indexed
    shown_private = api.get(f"/v1/images/jobs/{private['job_id']}", token=owner.token).json()
    assert shown_private["images"][0]["catalog_id"] is None
    assert "/private/" in shown_private["images"][0]["url"]
    assert len(index.ids()) == 2
    # A second run finds nothing to do
    again = make_lifecycle(search_ports).migration.run(time_left=PLENTY)
    assert (again.jobs, again.images) == (0, 0)
    assert catalog_state(aws, owner.account_id) == (ids, keys)


def _steps(lifecycle: Lifecycle, ports: Any) -> list[tuple[str, Any, str]]:
    """Every step of a migration, as (name, object, method): a crash is injected after one."""
    migration = lifecycle.migration
    embedder, index = ports
    return [
        ("allocate an id", migration.catalog, "allocate_id"),
        ("claim it", migration.jobs, "claim_catalog_id"),
        ("read the cached image", migration.cache, "read_whole_image"),
        ("upload one copy", migration.catalog.objects, "put"),
        ("write the catalog record", migration.catalog.store, "add"),
        ("embed", embedder, "embed_image"),
        ("index", index, "upsert"),
        ("mark migrated", migration.jobs, "mark_migrated"),
        ("leave the backlog", migration.jobs, "lifecycle_done"),
    ]


@pytest.mark.parametrize("crash_after", range(9))
def test_a_migration_killed_after_any_step_and_rerun_leaves_one_of_everything(
    aws, api, new_account, flow, search_ports, crash_after
):
    # Given a completed searchable generation of two images
    owner = new_account()
    job = completed_job(api, flow, owner.token, settings={"count": 2})
    lifecycle = make_lifecycle(search_ports)
    name, target, method = _steps(lifecycle, search_ports)[crash_after]
    original = getattr(target, method)

    def then_die(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)
        raise Killed(name)

    # When the migration is killed right after that step (the first time it runs)
    setattr(target, method, then_die)
    with pytest.raises(Killed):
        lifecycle.migration.run(time_left=PLENTY)
    setattr(target, method, original)
    # and runs again, twice, in a new container
    make_lifecycle(search_ports).migration.run(time_left=PLENTY)
    make_lifecycle(search_ports).migration.run(time_left=PLENTY)
    # Then there is one catalog entry, one vector and one object per copy of each image
    ids, keys = catalog_state(aws, owner.account_id)
    _, index = search_ports
    assert len(ids) == 2, name
    assert index.ids() == ids, name
    assert len(keys) == len(set(keys)), f"{name}: an object was stored twice"
    per_image = {i: [k for k in keys if k.startswith(f"catalog/{i}/")] for i in ids}
    assert len(per_image[ids[0]]) == len(per_image[ids[1]]) > 0
    assert len(keys) == sum(len(v) for v in per_image.values())
    # and the job names those two ids, done with its migration
    stored = JobStore(aws.tables["jobs"], aws.target).get(job["job_id"])
    assert stored is not None
    assert sorted(i.catalog_id for i in stored.images) == ids  # type: ignore[type-var]
    assert all(i.migrated for i in stored.images)
    from photocen.catalog.store import CatalogHeaderRecord

    assert int(CatalogHeaderRecord.get(0).total) == 2


def test_private_images_are_deleted_at_exactly_24_hours(aws, api, new_account, flow, search_ports):
    owner = new_account()
    private = completed_job(api, flow, owner.token, options={"not_searchable": True})
    searchable = completed_job(api, flow, owner.token)
    stored = JobStore(aws.tables["jobs"], aws.target).get(private["job_id"])
    assert stored is not None
    assert stored.completed_at is not None
    done = stored.completed_at
    cleanup = make_lifecycle(search_ports).cleanup
    s3 = aws.client("s3")
    key = stored.images[0].key
    # A second before 24 h: kept, URL still handed out
    early = cleanup.run(time_left=PLENTY, now=done + timedelta(hours=24, seconds=-1))
    assert early.jobs == 0
    assert s3.list_objects_v2(Bucket=aws.buckets["cache"], Prefix=key)["KeyCount"] == 1
    shown = api.get(f"/v1/images/jobs/{private['job_id']}", token=owner.token).json()
    assert shown["expired"] is False
    assert shown["images"][0]["url"]
    assert shown["expires_at"] is not None
    # At 24 h exactly: deleted, and the generation says so, with no URL
    report = cleanup.run(time_left=PLENTY, now=done + timedelta(hours=24))
    assert (report.jobs, report.images) == (1, 1)
    assert s3.list_objects_v2(Bucket=aws.buckets["cache"], Prefix=key)["KeyCount"] == 0
    for path in (f"/v1/images/jobs/{private['job_id']}", f"/v1/generations/{private['job_id']}"):
        shown = api.get(path, token=owner.token).json()
        assert shown["expired"] is True
        assert shown["images"][0]["url"] is None
    # The searchable job is not the cleanup's business
    kept = api.get(f"/v1/images/jobs/{searchable['job_id']}", token=owner.token).json()
    assert kept["expired"] is False
    assert kept["expires_at"] is None
    # A later run has nothing left to do
    assert cleanup.run(time_left=PLENTY, now=done + timedelta(days=3)).jobs == 0


def test_the_cleanup_stops_when_the_invocation_runs_out_of_time(
    aws, api, new_account, flow, search_ports
):
    owner = new_account()
    private = completed_job(api, flow, owner.token, options={"not_searchable": True})
    cleanup = make_lifecycle(search_ports).cleanup
    stored = JobStore(aws.tables["jobs"], aws.target).get(private["job_id"])
    assert stored is not None
    assert stored.completed_at is not None
    later = stored.completed_at + timedelta(days=2)
    report = cleanup.run(time_left=lambda: 1.0, now=later)
    assert (report.jobs, report.more) == (0, True)
    assert cleanup.run(time_left=PLENTY, now=later).jobs == 1


def test_deleting_a_migrated_generation_removes_catalog_renditions_and_vector(
    aws, api, new_account, flow, search_ports
):
    owner = new_account()
    job = completed_job(api, flow, owner.token)
    make_lifecycle(search_ports).migration.run(time_left=PLENTY)
    ids, _ = catalog_state(aws, owner.account_id)
    (catalog_id,) = ids
    # a rendition exists once the image was delivered
    assert api.get(f"/id/{catalog_id}/90/60", token=owner.token).status == 200
    s3 = aws.client("s3")
    renditions = s3.list_objects_v2(Bucket=aws.buckets["renditions"], Prefix=f"v1/{catalog_id}/")
    assert renditions["KeyCount"] >= 1
    # When the owner deletes the generation
    assert (
        api.request("DELETE", f"/v1/generations/{job['job_id']}", token=owner.token).status == 204
    )
    # Then the catalog entry, every object version, the renditions and the vector are gone
    assert catalog_state(aws, owner.account_id) == ([], [])
    assert (
        s3.list_objects_v2(Bucket=aws.buckets["renditions"], Prefix=f"v1/{catalog_id}/")["KeyCount"]
        == 0
    )
    assert search_ports[1].ids() == []
    from photocen.catalog.store import CatalogHeaderRecord

    assert int(CatalogHeaderRecord.get(0).total) == 0
    # A delivery container that read the image before keeps it for its metadata TTL (300 s,
    # documented); a fresh one (or the same after the TTL) answers 404.
    from photocen.delivery.wiring import delivery_service

    delivery_service.cache_clear()
    info = api.get(f"/id/{catalog_id}/info", token=new_account().token)
    assert info.status == 404
