"""Every example of README.md and docs/*.md, run against one local stack (decision 0019).

Each fenced block is parsed out of the markdown by its language tag and run as a reader would:

- ``sh``/``bash``/``shell``: ``bash -euo pipefail``; ``php``: Debian's php-cli (``make php``),
  blocks that call ``wp_*`` with tests/e2e/wordpress_shim.php loaded first;
  ``javascript``/``js``: node (an ES module: top-level await, global ``fetch``);
  ``python``: the dev venv's Python.
- ``json``, ``text``, ``http`` blocks are answers and listings, not examples (JSON must parse).
- Every runnable block runs unless the line before it says why not:
  ``<!-- docs-run: skip (the reason) -->``. An untagged block, an unknown tag, a marker without
  a reason or before a block that never runs fails the test.

What is swapped, and nothing else: ``http://127.0.0.1:3000`` (the ``make dev`` URL the docs
write) becomes this test's stack, and ``pc_live_…`` (the docs' "your token") its demo token.
The environment has ``PHOTOCEN_BASE``/``PHOTOCEN_TOKEN`` (docs/api.md's setup) and
``PHOTOCEN_API_URL``/``PHOTOCEN_API_KEY`` (the SDKs') set to them, and the dev venv first on
``PATH``. The current directory is a scratch copy of the reader's checkout: ``.venv`` and
``sdk`` linked, ``.photocen/local.json`` (the stack's state file), ``node_modules`` holding
the JS SDK as ``npm install ./sdk/js`` would.

Chaining: the blocks of one document run in order in one directory, like one terminal session:
files a block writes (``job.json``) and variables a shell block exports are there for the
blocks after it.

A block passes when it exits 0, prints no error envelope, reports no failed job, and shows
something (output, a file, an exported variable); image files it writes must be images, and
JSON or text files it writes must hold no error envelope.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import LocalStack, start_local_stack, stop_local_stack

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WORDPRESS_SHIM = Path(__file__).with_name("wordpress_shim.php")
LOCAL_BASE = "http://127.0.0.1:3000"  # what the docs write for the `make dev` stack
TOKEN_PLACEHOLDER = "pc_live_…"  # what they write for "your token"

RUNNABLE = {
    "sh": "bash",
    "bash": "bash",
    "shell": "bash",
    "php": "php",
    "javascript": "node",
    "js": "node",
    "python": "python",
}
DISPLAY = {"json", "text", "http"}
SKIP = re.compile(r"<!--\s*docs-run:\s*skip\s*\((?P<reason>[^)]*\S[^)]*)\)\s*-->")
MARKER = re.compile(r"<!--\s*docs-run\b")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
ENVELOPE = re.compile(r'"error"\s*:\s*\{[^{}]*"code"\s*:')
FAILED_JOB = re.compile(r'"status"\s*:\s*"failed"|^failed\b', re.MULTILINE)
# A block that installs packages would change the dev venv (or reach a registry) under the test.
INSTALLS = re.compile(r"\b(pip3?|npm|uv pip|uv|apt-get|apt)\s+(install|add|ci)\b")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
# Variables a shell sets for itself; they say nothing about what a block exported.
SHELL_OWN = {"PWD", "OLDPWD", "SHLVL", "_"}


@dataclass(frozen=True)
class Block:
    document: Path
    line: int  # of the opening fence, 1-based
    language: str
    code: str
    skip_reason: str | None

    @property
    def id(self) -> str:
        name = (
            self.document.relative_to(ROOT) if self.document.is_relative_to(ROOT) else self.document
        )
        return f"{name}:{self.line}-{self.language or 'untagged'}"


def parse(document: Path) -> tuple[list[Block], list[str]]:
    """The fenced blocks of a markdown document, and what is wrong with its markers."""
    blocks: list[Block] = []
    problems: list[str] = []
    lines = document.read_text().splitlines()
    where = document.relative_to(ROOT) if document.is_relative_to(ROOT) else document
    previous = ""  # the last non-blank line outside a block
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            if MARKER.search(lines[index]) and not SKIP.search(lines[index]):
                problems.append(f"{where}:{index + 1}: a docs-run marker needs `skip (reason)`")
            if lines[index].strip():
                previous = lines[index]
            index += 1
            continue
        fence = opening["fence"]
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index])
            index += 1
        index += 1  # the closing fence
        skip = SKIP.search(previous)
        language = opening["info"].lower()
        blocks.append(
            Block(document, start + 1, language, "\n".join(body) + "\n", skip and skip["reason"])
        )
        if skip and language not in RUNNABLE:
            problems.append(f"{where}:{start + 1}: a skip marker before a block that never runs")
        previous = ""
    return blocks, problems


def all_blocks() -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    problems: list[str] = []
    for document in DOCUMENTS:
        found, wrong = parse(document)
        blocks += found
        problems += wrong
    return blocks, problems


def runnable_blocks() -> list[Block]:
    return [b for b in all_blocks()[0] if b.language in RUNNABLE and b.skip_reason is None]


# ------------------------------------------------------------------ what the docs must hold
def test_every_block_is_an_example_that_runs_an_answer_or_marked_with_a_reason() -> None:
    blocks, problems = all_blocks()
    for block in blocks:
        if block.language not in RUNNABLE and block.language not in DISPLAY:
            problems.append(
                f"{block.id}: tag the block with one of {sorted(RUNNABLE)} (run here) or "
                f"{sorted(DISPLAY)} (shown only); an untagged or unknown block is an example "
                "nobody runs"
            )
        if block.language in RUNNABLE and block.skip_reason is None and INSTALLS.search(block.code):
            problems.append(
                f"{block.id}: installs packages; put the install in its own block with a "
                "docs-run skip marker (the harness must not change the dev environment)"
            )
        if block.language == "json":
            try:
                json.loads(block.code)
            except json.JSONDecodeError as error:
                problems.append(f"{block.id}: not JSON ({error})")
    assert not problems, "\n".join(problems)


def test_the_docs_have_runnable_examples_in_every_documented_language() -> None:
    runners = {RUNNABLE[b.language] for b in runnable_blocks()}
    assert runners == {"bash", "php", "node", "python"}, runners
    assert any("wp_remote_post" in b.code for b in runnable_blocks()), "the WordPress recipe"


def test_the_parser_finds_markers_and_refuses_one_without_a_reason(tmp_path: Path) -> None:
    document = tmp_path / "check.md"
    document.write_text(
        "<!-- docs-run: skip (needs AWS) -->\n\n```sh\nmake deploy\n```\n\n"
        "<!-- docs-run: skip () -->\n```python\nprint(1)\n```\n"
        "<!-- docs-run: skip (why) -->\n```json\n{}\n```\n```\nplain\n```\n"
    )
    blocks, problems = parse(document)
    assert [(b.language, b.skip_reason) for b in blocks] == [
        ("sh", "needs AWS"),
        ("python", None),
        ("json", "why"),
        ("", None),
    ]
    assert len(problems) == 2, problems  # the empty reason, the marker before a JSON block


# ------------------------------------------------------------------ running them
@dataclass
class Session:
    """One reader's terminal for one document: a directory and the variables exported so far."""

    directory: Path
    env: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def docs_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    # Its own stack: the examples change the demo account (keys, style memory, partners),
    # which other e2e tests on the shared stack must not see.
    stack = start_local_stack(tmp_path_factory.mktemp("docs-stack"))
    yield stack
    stop_local_stack(stack)


@pytest.fixture(scope="module")
def sessions(
    docs_stack: LocalStack, tmp_path_factory: pytest.TempPathFactory
) -> dict[Path, Session]:
    made: dict[Path, Session] = {}
    assert docs_stack.state_file is not None
    for document in DOCUMENTS:
        directory = tmp_path_factory.mktemp(f"docs-{document.stem}")
        # The reader's checkout: its .venv and the state file `make dev` writes.
        (directory / ".venv").symlink_to(ROOT / ".venv")
        if (ROOT / "sdk").is_dir():
            (directory / "sdk").symlink_to(ROOT / "sdk")
        # `npm install ./sdk/js` as the reader ran it (npm links a folder it installs).
        package = ROOT / "sdk" / "js" / "package.json"
        if package.exists():
            link = directory / "node_modules" / json.loads(package.read_text())["name"]
            link.parent.mkdir(parents=True)
            link.symlink_to(package.parent)
        (directory / ".photocen").mkdir()
        (directory / ".photocen" / "local.json").symlink_to(docs_stack.state_file)
        made[document] = Session(directory)
    return made


def command_for(block: Block, script: Path) -> list[str]:
    runner = RUNNABLE[block.language]
    if runner == "bash":
        return ["bash", "-euo", "pipefail", str(script)]
    if runner == "php":
        php = shutil.which("php")
        if php is None:
            pytest.fail("php is missing: `make php` installs Debian's php-cli and php-curl")
        settings = ["-d", f"auto_prepend_file={WORDPRESS_SHIM}"] if "wp_" in block.code else []
        return [php, *settings, str(script)]
    if runner == "node":
        return ["node", str(script)]
    return [sys.executable, str(script)]


SUFFIX = {"bash": ".sh", "php": ".php", "node": ".mjs", "python": ".py"}


def snapshot(directory: Path) -> dict[Path, float]:
    return {
        p: p.stat().st_mtime
        for p in directory.iterdir()
        if p.is_file() and not p.name.startswith("docs-run-")
    }


def exported(env_dump: Path, given: dict[str, str]) -> dict[str, str]:
    """The variables a shell block exported or changed (``env -0`` at its end)."""
    if not env_dump.exists():
        return {}
    pairs = (item.split("=", 1) for item in env_dump.read_text().split("\0") if "=" in item)
    return {k: v for k, v in pairs if k not in SHELL_OWN and given.get(k) != v}


@pytest.mark.parametrize("block", runnable_blocks(), ids=lambda b: b.id)
def test_documented_example_runs_against_the_local_stack(
    block: Block, docs_stack: LocalStack, sessions: dict[Path, Session]
) -> None:
    session = sessions[block.document]
    code = block.code.replace(LOCAL_BASE, docs_stack.base_url).replace(
        TOKEN_PLACEHOLDER, docs_stack.token
    )
    runner = RUNNABLE[block.language]
    script = session.directory / f"docs-run-{block.line}{SUFFIX[runner]}"
    env_dump = session.directory / f"docs-run-{block.line}.env"
    if runner == "bash":
        code += f'\nenv -0 > "{env_dump}"\n'
    script.write_text(code)
    env = {
        **os.environ,
        "PHOTOCEN_BASE": docs_stack.base_url,
        "PHOTOCEN_TOKEN": docs_stack.token,
        # The SDKs' and their CLI's names for the same two.
        "PHOTOCEN_API_URL": docs_stack.base_url,
        "PHOTOCEN_API_KEY": docs_stack.token,
        # The dev venv is the reader's active environment (the SDK's CLI is in it).
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        **session.env,
    }
    # Only the state file says where the stack is (as for a reader beside `make dev`), not
    # what another suite of this session exported for its moto server.
    for name in [n for n in env if n.startswith("PHOTOCEN_") and n.endswith(("_TABLE", "_BUCKET"))]:
        env.pop(name)
    env.pop("AWS_ENDPOINT_URL", None)
    env.pop("PHOTOCEN_STATE_FILE", None)  # the reader's is .photocen/local.json, here
    before = snapshot(session.directory)

    # When the example runs as the reader would run it
    result = subprocess.run(
        command_for(block, script),
        cwd=session.directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # Then it succeeds and shows no error
    shown = f"{block.id}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.returncode == 0, shown
    assert not ENVELOPE.search(result.stdout), shown
    assert not FAILED_JOB.search(result.stdout), shown
    written = [p for p, t in snapshot(session.directory).items() if before.get(p) != t]
    for path in written:
        if path.suffix.lower() in IMAGE_SUFFIXES:
            with Image.open(path) as image:
                image.verify()
        elif path.suffix.lower() in {".json", ".txt"}:
            assert not ENVELOPE.search(path.read_text(errors="replace")), f"{path.name}\n{shown}"
    # Compared with what the reader had before the harness's presets, so that api.md's
    # setup block (which exports the two preset values) counts as showing something.
    new_variables = exported(env_dump, {**os.environ, **session.env}) if runner == "bash" else {}
    session.env.update(new_variables)
    # And it shows the reader something
    assert result.stdout.strip() or written or new_variables, f"nothing to see\n{shown}"


def test_the_wordpress_shim_reports_a_transport_failure_as_wp_error(tmp_path: Path) -> None:
    php = shutil.which("php")
    if php is None:
        pytest.fail("php is missing: `make php` installs Debian's php-cli and php-curl")
    script = tmp_path / "unreachable.php"
    script.write_text(
        "<?php\n$r = wp_remote_post('http://127.0.0.1:9/x', ['body' => '{}', 'timeout' => 2]);\n"
        "echo is_wp_error($r) ? 'wp_error' : wp_remote_retrieve_response_code($r);\n"
    )
    result = subprocess.run(
        [php, "-d", f"auto_prepend_file={WORDPRESS_SHIM}", str(script)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "wp_error"), result.stderr
