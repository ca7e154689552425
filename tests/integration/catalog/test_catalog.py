"""The catalog: operator import, dense ids, the maintained total, seeds recorded once."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from photocen.catalog.service import Catalog
from photocen.catalog.store import CatalogSeedRecord
from photocen.platform.clock import utcnow
from PIL import Image

from devstack import cli

pytestmark = pytest.mark.usefixtures("no_scans")  # no request path scans a catalog table


def _save(path: Path, mode: str, fmt: str, size: tuple[int, int] = (640, 400)) -> None:
    Image.new(mode, size, (30, 120, 200, 255)[: len(mode)]).save(path, fmt)


def test_operator_imports_a_folder_with_originals_and_pre_shrunk_copies(
    aws: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a folder of a JPEG, a PNG with alpha, a WebP and a file that is not an image
    _save(tmp_path / "b.png", "RGBA", "PNG")
    _save(tmp_path / "a.jpg", "RGB", "JPEG", (1600, 900))
    _save(tmp_path / "c.webp", "RGB", "WEBP")
    (tmp_path / "notes.txt").write_text("not an image")
    # When the operator imports it
    assert cli.main(["admin", "import-images", str(tmp_path), "--author", "Ana Lima"]) == 0
    result = json.loads(capsys.readouterr().out)
    # Then the images get ids 1..3 in name order, and the total counts them
    assert [(i["id"], i["file"]) for i in result["imported"]] == [
        (1, "a.jpg"),
        (2, "b.png"),
        (3, "c.webp"),
    ]
    assert result["total"] == 3
    s3 = aws.client("s3")
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=aws.buckets["catalog"])["Contents"]}
    assert {"catalog/1/original.jpg", "catalog/2/original.png", "catalog/3/original.webp"} <= keys
    assert "catalog/1/1131x636.jpg" in keys  # the first pre-shrunk copy of 1600x900
    assert "catalog/2/640x400.jpg" in keys  # a PNG gets a normalised JPEG master


def test_ids_are_dense_and_random_picks_skip_holes(
    aws: Any, catalog: Catalog, add_images: Any
) -> None:
    add_images(2)
    catalog.allocate_id()  # an import that died after taking id 3: a hole
    add_images(1)
    header = catalog.header(fresh=True)
    assert (header.last_id, header.total) == (4, 3)
    rng = random.Random(5)
    picked = {catalog.random(rng).image_id for _ in range(40)}
    assert picked == {1, 2, 4}
    page = catalog.page(1, 10)
    assert [i.image_id for i in page.images] == [1, 2, 4]
    assert (page.total, page.last_page) == (3, 1)


def test_a_seed_recorded_by_another_request_first_wins(
    aws: Any, catalog: Catalog, add_images: Any
) -> None:
    add_images(3)
    # Another container recorded "race" → 3 a moment ago.
    CatalogSeedRecord("race", image_id=3, created_at=utcnow()).save()
    assert catalog.store.record_seed("race", 1, utcnow()) == 3
    assert catalog.resolve_seed("race").image_id == 3


def test_an_empty_catalog_answers_not_found(aws: Any, catalog: Catalog) -> None:
    from photocen.platform.errors import NotFound

    with pytest.raises(NotFound):
        catalog.random()
    with pytest.raises(NotFound):
        catalog.resolve_seed("anything")


def test_import_refuses_what_is_not_an_image(aws: Any, catalog: Catalog) -> None:
    from photocen.platform.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        catalog.add(b"GIF89a-not-really", author="x")
    assert catalog.header(fresh=True).total == 0
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "JPEG")
    assert catalog.add(buffer.getvalue(), author="x").image_id == 1
