"""The SDK against the local stack over HTTP, the way a user runs it: installed as pip would
install it, the README's five-line script, the CLI, and the async client."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from photocen_sdk import AsyncPhotoCen, InsufficientCredits, NotFound, PhotoCen
from PIL import Image

from tests.conftest import ROOT, LocalStack

README = ROOT / "sdk" / "python" / "README.md"


@pytest.fixture(scope="module")
def installed_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pip install ./sdk/python`` into a folder of its own (offline: the build backend is in
    the dev venv), so the tests run the package as built, not the source tree."""
    target = tmp_path_factory.mktemp("sdk-install")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
         "--no-build-isolation", "--target", str(target), str(ROOT / "sdk" / "python")],
        check=True,
    )  # fmt: skip
    return target


def _env(stack: LocalStack, installed: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(installed),
        "PHOTOCEN_API_URL": stack.base_url,
        "PHOTOCEN_API_KEY": stack.token,
    }


def _readme_block(marker: str) -> str:
    text = README.read_text()
    match = re.search(rf"<!-- {marker} -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match, f"no python block after <!-- {marker} --> in {README}"
    return match.group(1)


def test_the_readme_five_line_script_runs(local_stack, installed_sdk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = _readme_block("five-lines")
    assert len([line for line in script.splitlines() if line.strip()]) <= 5
    # Given the SDK as pip installs it, and the README's script as written
    (tmp_path / "five.py").write_text(
        "import photocen_sdk, sys\n"
        f"assert photocen_sdk.__file__.startswith({str(installed_sdk)!r}), photocen_sdk.__file__\n"
        + script
    )
    # When it runs against the local stack
    result = subprocess.run(
        [sys.executable, "five.py"],
        cwd=tmp_path,
        env=_env(local_stack, installed_sdk),
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Then it generated, waited and downloaded a real picture, and printed what it said it would
    assert result.returncode == 0, result.stderr
    assert Image.open(tmp_path / "fox.png").size == (512, 512)
    status, _hits, spent = re.fullmatch(r"(\w+) (\[.*\]) (\d+)\n", result.stdout).groups()  # type: ignore[union-attr]
    assert status == "completed"
    assert int(spent) >= 1


def test_generate_wait_download_list_and_errors(local_stack) -> None:  # type: ignore[no-untyped-def]
    with PhotoCen(local_stack.base_url, local_stack.token) as pc:
        before = pc.credits()
        job = pc.generate("a lighthouse at dawn", wait=True, width=640, height=384)
        picture = Image.open(io.BytesIO(pc.download(job.images[0].url)))
        assert picture.size == (640, 384)
        assert pc.jobs.get(job.job_id).status == "completed"
        assert job.job_id in {g.job_id for g in pc.generations.list(limit=50).data}
        # delivery: a catalog image, cropped exactly, as WebP
        webp = pc.image(300, 200, id=1, grayscale=True, blur=2, format="webp")
        delivered = Image.open(io.BytesIO(webp))
        assert (delivered.format, delivered.size) == ("WEBP", (300, 200))
        assert pc.list_images(limit=3)[0].id == "1"
        assert pc.credits() == before - job.credits_charged - 1
        # errors are typed
        with pytest.raises(NotFound) as raised:
            pc.jobs.get("gen_does_not_exist")
        assert raised.value.request_id
        pc.generations.delete(job.job_id)
        with pytest.raises(NotFound):
            pc.generations.get(job.job_id)


def test_a_new_account_runs_out_of_credits_with_a_typed_error(local_stack) -> None:  # type: ignore[no-untyped-def]
    token = _new_account_token(local_stack)
    with PhotoCen(local_stack.base_url, token) as pc:
        assert pc.credits() == 10
        with pytest.raises(InsufficientCredits):
            pc.generate("too big", width=2048, height=2048, steps=12, count=10)
        assert pc.credits() == 10


def _new_account_token(stack: LocalStack) -> str:
    from tests.e2e.test_local_stack import cli

    return str(cli(stack, "create-account", "--name", "sdk-e2e")["token"])


def test_the_cli_generates_and_saves(local_stack, installed_sdk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli = [sys.executable, "-c", "from photocen_sdk.cli import main; raise SystemExit(main())"]
    env = _env(local_stack, installed_sdk)
    run: Any = lambda *args: subprocess.run(  # noqa: E731
        [*cli, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    generated = run("generate", "a fox", "-o", "a.png", "--width", "256", "--height", "256")
    delivered = run("image", "400", "300", "-o", "x.jpg")
    refused = run("image", "400", "300", "--id", "999999", "-o", "none.jpg")

    assert generated.returncode == 0, generated.stderr
    assert Image.open(tmp_path / "a.png").size == (256, 256)
    assert delivered.returncode == 0, delivered.stderr
    assert Image.open(tmp_path / "x.jpg").size == (400, 300)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: 404 not_found:")


def test_the_async_client_generates_concurrently(local_stack) -> None:  # type: ignore[no-untyped-def]
    async def run() -> list[str]:
        async with AsyncPhotoCen(local_stack.base_url, local_stack.token) as pc:
            jobs = await asyncio.gather(
                *(pc.generate(f"a fox, take {i}", wait=True, seed=i) for i in range(3))
            )
            return [job.status for job in jobs]

    assert asyncio.run(run()) == ["completed"] * 3


def test_search_finds_a_migrated_generation_and_usage_counts_it(local_stack) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.test_local_stack import cli

    with PhotoCen(local_stack.base_url, local_stack.token) as pc:
        # Given a generated image, migrated into the catalog (the hourly task, run now)
        job = pc.generate("a red fox in the snow", wait=True, seed=11)
        cli(local_stack, "migrate-now")
        catalog_id = _catalog_id(pc, job.job_id)
        assert catalog_id is not None
        # When the owner searches for it by meaning (the migration's run that holds it may
        # still be indexing it: ask again for a few seconds)
        deadline = time.monotonic() + 90
        while catalog_id not in (
            found := {h.id: h for h in pc.search("a fox in snow", own_images_only=True).data}
        ):
            assert time.monotonic() < deadline, found
            time.sleep(0.2)
        # Then it is found, with a signed URL that serves it, and today's usage counts it
        assert Image.open(io.BytesIO(pc.download(found[catalog_id].url))).size == (512, 512)
        assert pc.usage().today.images_generated >= 1


def _catalog_id(pc: PhotoCen, job_id: str) -> int | None:
    """The image's catalog id once migrated. The session's stack also migrates on its own
    schedule (every 60 s): a run of its may hold the image while ``migrate-now`` passes it."""
    deadline = time.monotonic() + 90
    while (catalog_id := pc.jobs.get(job_id).images[0].catalog_id) is None:
        if time.monotonic() > deadline:
            return None
        time.sleep(0.2)
    return catalog_id


def test_keys_are_created_listed_and_revoked(local_stack) -> None:  # type: ignore[no-untyped-def]
    token = _new_account_token(local_stack)
    with PhotoCen(local_stack.base_url, token) as pc:
        created = pc.keys.create("sdk-e2e")
        assert created.token.startswith("pc_live_")
        with PhotoCen(local_stack.base_url, created.token) as second:
            assert second.credits() == 10
        revoked = pc.keys.revoke(created.key_id)
        assert revoked.revoked_at is not None
        assert created.key_id in {key.key_id for key in pc.keys.list().keys}


def test_a_partner_funds_an_end_user_and_acts_for_it(local_stack) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.test_local_stack import cli

    partner = cli(local_stack, "create-partner", "--name", "sdk-e2e")
    cli(local_stack, "grant-pool", partner["partner_id"], "20")
    with PhotoCen(local_stack.base_url, partner["token"]) as pc:
        pool = pc.partner.summary().pool_credits
        # Given an end user (created twice: the same user, its key shown once)
        user = pc.partner.users.create("crm-sdk-1", name="Ada")
        again = pc.partner.users.create("crm-sdk-1", name="Ada")
        assert (again.user_id, again.key) == (user.user_id, None)
        # When it is funded, and the transfer is sent again with the same key
        moved = pc.partner.users.transfer(user.user_id, 5, idempotency_key="fund-ada-1")
        replay = pc.partner.users.transfer(user.user_id, 5, idempotency_key="fund-ada-1")
        assert replay.replayed
        assert replay.pool_credits == moved.pool_credits == pool - 5
    # Then the partner key acting for it spends the end user's credits, not the pool
    with PhotoCen(local_stack.base_url, partner["token"], on_behalf_of=user.user_id) as ada:
        assert ada.credits() == 5
        job = ada.generate("a lighthouse at dawn", wait=True)
        assert ada.credits() == 5 - (job.credits_charged or 0)
