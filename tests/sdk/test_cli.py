"""``photocen-client`` over a respx-mocked API: arguments become the right requests, answers
print as JSON, errors print their code and exit 1."""

from __future__ import annotations

import json

import pytest
import respx
from photocen_sdk.cli import main

from tests.sdk import payloads

BASE = "http://api.test"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOCEN_API_URL", BASE)
    monkeypatch.setenv("PHOTOCEN_API_KEY", "pc_live_env")


def test_image_flags_become_the_delivery_url_and_the_file(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.webp"
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/id/7/400/300.webp?grayscale&blur").respond(200, content=b"WEBP")
        code = main(
            ["image", "400", "300", "--id", "7", "--grayscale", "--blur", "-o", str(target)]
        )
    assert code == 0
    assert target.read_bytes() == b"WEBP"
    assert route.calls.last.request.headers["Authorization"] == "Bearer pc_live_env"


def test_flags_win_over_the_environment(capsys) -> None:  # type: ignore[no-untyped-def]
    with respx.mock(base_url="http://other.test") as mock:
        route = mock.get("/v1/account").respond(200, json=payloads.account(7))
        code = main(["--base-url", "http://other.test", "--token", "pc_live_flag", "account"])
    assert code == 0
    assert route.calls.last.request.headers["Authorization"] == "Bearer pc_live_flag"
    assert json.loads(capsys.readouterr().out)["credits"] == 7


def test_generate_saves_each_image(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    job = payloads.job()
    with respx.mock(assert_all_called=True) as mock:
        generate = mock.post(f"{BASE}/v1/images/generate").respond(200, json=job)
        mock.get(job["images"][0]["url"]).respond(200, content=b"PNG")
        code = main(
            ["generate", "a fox", "--width", "640", "--private", "-o", str(tmp_path / "a.png")]
        )
    assert code == 0
    assert (tmp_path / "a.png").read_bytes() == b"PNG"
    assert json.loads(generate.calls.last.request.content) == {
        "prompt": "a fox",
        "width": 640,
        "options": {"not_searchable": True},
    }


def test_an_api_error_prints_its_code_and_exits_1(capsys) -> None:  # type: ignore[no-untyped-def]
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/images/jobs/gen_x").respond(
            404, json=payloads.envelope("not_found", "No such job.", "r-7")
        )
        code = main(["job", "gen_x"])
    assert code == 1
    assert capsys.readouterr().err.strip() == "error: 404 not_found: No such job. (request r-7)"


def test_no_base_url_is_a_usage_error(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PHOTOCEN_API_URL")
    assert main(["account"]) == 2
    assert "PHOTOCEN_API_URL" in capsys.readouterr().err
