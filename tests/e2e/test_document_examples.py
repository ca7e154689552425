"""The PhotoCen document (``docs/reference/photocen-api-document.txt``, a copy of the team's
``../shared/seeds/000_…`` kept in the repository so a clean clone tests it too) runs
verbatim against the local stack: its own cURL, JavaScript and PHP examples, read from the
document's text, with only the base URL and the token swapped (and ``uuidgen`` from Python
where the machine lacks it; PHP with its opening tag)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT, LocalStack

DOCUMENT = ROOT / "docs" / "reference" / "photocen-api-document.txt"
# The team's source document, where this checkout sits beside it (not in a CI clone).
SOURCE = next((ROOT.parent / "shared" / "seeds").glob("000_*.txt"), None)
BASE = "https://api.photocen.com"
TOKEN = "pc_live_..."


def _text() -> str:
    return DOCUMENT.read_text()


@pytest.mark.skipif(SOURCE is None, reason="no ../shared/seeds beside this checkout")
def test_the_copy_is_the_source_document() -> None:
    assert SOURCE is not None
    assert DOCUMENT.read_bytes() == SOURCE.read_bytes(), "refresh docs/reference from ../shared"


def _swap(code: str, stack: LocalStack) -> str:
    code = code.replace(BASE, stack.base_url).replace(TOKEN, stack.token)
    if shutil.which("uuidgen") is None:
        code = code.replace("$(uuidgen)", "$(python3 -c 'import uuid; print(uuid.uuid4())')")
    return code


def curl_commands() -> list[str]:
    """Every cURL command of the document (continuation lines joined, comments dropped)."""
    commands: list[str] = []
    current: list[str] = []
    for line in _text().splitlines():
        stripped = line.strip()
        if current:
            current.append(line)
            if not stripped.endswith("\\") and not _open_quote("\n".join(current)):
                commands.append("\n".join(current))
                current = []
        elif stripped.startswith("curl "):
            current = [line]
            if not stripped.endswith("\\"):
                commands.append(line)
                current = []
    return commands


def _open_quote(text: str) -> bool:
    return text.count("'") % 2 == 1


def _block_after(heading: str, until: str) -> str:
    text = _text()
    start = text.index(heading) + len(heading)
    return text[start : text.index(until, start)].strip()


def test_the_document_has_the_examples_this_test_runs() -> None:
    assert len(curl_commands()) == 6
    assert "fetch(" in _block_after("JavaScript (fetch)", "\nVisual search")
    assert "curl_init" in _block_after("\nPHP\n", "JavaScript (fetch)")


@pytest.mark.parametrize("index", range(6))
def test_each_curl_example_works_verbatim(local_stack: LocalStack, tmp_path: Path, index: int):
    command = _swap(curl_commands()[index], local_stack)
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    written = list(tmp_path.iterdir())
    if written:  # -o file: an image of the asked size
        (path,) = written
        image = Image.open(io.BytesIO(path.read_bytes()))
        sizes = re.findall(r"/(\d+)/(\d+)(?=[.?\"\s]|$)", command)  # the last two segments
        if sizes:
            assert image.size == tuple(int(v) for v in sizes[-1])
        return
    answer = json.loads(done.stdout)
    assert not (isinstance(answer, dict) and "error" in answer), answer
    if "/v1/images/generate" in command:
        # the document's own example: no model, 1024x1024, 30 steps, cfg 7 — accepted
        assert answer["status"] in ("queued", "running")
        assert answer["applied_region"] == "jp"
        assert {"job_id", "estimated_cost", "credits_reserved"} <= set(answer)


def test_the_javascript_example_works_verbatim(local_stack: LocalStack, tmp_path: Path):
    code = _swap(_block_after("JavaScript (fetch)", "\nVisual search"), local_stack)
    script = tmp_path / "example.mjs"  # a module: the example awaits at top level
    script.write_text(code + "\nconsole.log(JSON.stringify({status: r.status, data}));\n")
    done = subprocess.run(
        ["node", str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["status"] == 202, answer
    assert answer["data"]["job_id"].startswith("gen_")


@pytest.mark.skipif(shutil.which("php") is None, reason="php-cli is not installed here")
def test_the_php_example_works_verbatim(local_stack: LocalStack, tmp_path: Path):
    code = _swap(_block_after("\nPHP\n", "JavaScript (fetch)"), local_stack)
    script = tmp_path / "example.php"
    script.write_text("<?php\n" + code + '\necho json_encode($res), "\\n";\n')
    done = subprocess.run(
        ["php", str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["job_id"].startswith("gen_")


def test_the_search_example_works_verbatim(local_stack: LocalStack):
    """The document shows the search body without a client; sent as it is written."""
    text = _text()
    body = text[text.index("POST https://api.photocen.com/v1/images/search") :].splitlines()[1]
    done = subprocess.run(
        [
            "curl",
            "-s",
            f"{local_stack.base_url}/v1/images/search",
            "-H",
            f"Authorization: Bearer {local_stack.token}",
            "-H",
            "Content-Type: application/json",
            "-d",
            body,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    answer = json.loads(done.stdout)
    assert "data" in answer, answer
