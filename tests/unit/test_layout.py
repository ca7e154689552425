"""The layout's dependency rules (DESIGN §5), read from every import statement of the tree,
lazy imports inside functions included, so they cannot rot:

- only ``*/store.py``, ``*/adapters/*`` and ``photocen/platform/`` talk to AWS SDKs
  (boto3, botocore, PynamoDB) — in the layer and in the functions;
- ``photocen.platform`` knows no capability;
- nothing in the layer imports ``functions``, ``infra``, ``devstack``, ``tests`` or ``bench``;
- a capability's store is used by that capability only (and by the inventory in
  ``photocen.resources``); functions and other capabilities go through services and wiring;
- ``model/`` (the SageMaker inference package, shipped alone) imports only itself;
- the Python SDK (``sdk/python``, installed by users on their machines) imports only itself,
  the standard library, httpx and pydantic, and ``mcp`` in its MCP server module.

``PHOTOCEN_LAYOUT_ROOT`` points the rules at another checkout (e.g. an older commit) to see
what they would say there.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("PHOTOCEN_LAYOUT_ROOT") or Path(__file__).resolve().parents[2])
LAYER = ROOT / "layers" / "shared"
AWS_SDKS = {"boto3", "botocore", "pynamodb"}
NOT_IN_THE_LAYER = {"functions", "infra", "devstack", "tests", "bench", "model"}
INVENTORY = "photocen.resources"


def _module(path: Path) -> str:
    base = LAYER if path.is_relative_to(LAYER) else ROOT
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    """Every module an import statement of ``path`` names (relative imports resolved)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _capability(module: str) -> str | None:
    """``photocen.generation.store`` → ``generation``; ``photocen.resources`` → None."""
    parts = module.split(".")
    if parts[0] != "photocen" or len(parts) < 2:
        return None
    return parts[1] if (LAYER / "photocen" / parts[1]).is_dir() else None


def _talks_to_aws(module: str) -> bool:
    parts = module.split(".")
    return parts[-1] == "store" or "adapters" in parts or parts[:2] == ["photocen", "platform"]


def _violations(folder: Path, rule) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for path in _sources(folder):
        for imported in _imports(path):
            reason = rule(_module(path), imported)
            if reason:
                found.append(f"{path.relative_to(ROOT)}: imports {imported} ({reason})")
    return found


def test_only_stores_adapters_and_platform_import_aws_sdks() -> None:
    def rule(module: str, imported: str) -> str | None:
        if imported.split(".")[0] in AWS_SDKS and not _talks_to_aws(module):
            return "AWS SDKs belong in */store.py, */adapters/ or platform/"
        return None

    assert _violations(LAYER / "photocen", rule) + _violations(ROOT / "functions", rule) == []


def test_platform_knows_no_capability() -> None:
    def rule(module: str, imported: str) -> str | None:
        inside = module.startswith("photocen.platform")
        if (
            inside
            and imported.startswith("photocen.")
            and not imported.startswith("photocen.platform")
        ):
            return "platform must not depend on a capability"
        return None

    assert _violations(LAYER / "photocen" / "platform", rule) == []


def test_the_layer_imports_nothing_outside_it() -> None:
    def rule(module: str, imported: str) -> str | None:
        if imported.split(".")[0] in NOT_IN_THE_LAYER:
            return "the layer ships alone"
        return None

    assert _violations(LAYER, rule) == []


def test_stores_are_private_to_their_capability() -> None:
    def rule(module: str, imported: str) -> str | None:
        parts = imported.split(".")
        if parts[0] != "photocen" or (parts[-1] != "store" and "adapters" not in parts):
            return None
        if module == INVENTORY or _capability(module) == _capability(imported):
            return None
        return "use the capability's service or wiring, not its store"

    assert _violations(LAYER / "photocen", rule) + _violations(ROOT / "functions", rule) == []


SDK = ROOT / "sdk" / "python" / "src"
SDK_DEPENDENCIES = {"photocen_sdk", "httpx", "pydantic"}


def test_the_sdk_imports_only_itself_the_stdlib_httpx_and_pydantic() -> None:
    import sys

    def rule(module: str, imported: str) -> str | None:
        top = imported.split(".")[0]
        if top in SDK_DEPENDENCIES or top in sys.stdlib_module_names or top == "__future__":
            return None
        if top in ("mcp", "mcp_types") and module.endswith("photocen_sdk.mcp"):
            return None  # the [mcp] extra
        return "the SDK depends on httpx and pydantic only (mcp: its [mcp] module)"

    assert _violations(SDK, rule) == []


def test_model_package_imports_only_itself() -> None:
    ours = {"photocen", *NOT_IN_THE_LAYER} - {"model"}

    def rule(module: str, imported: str) -> str | None:
        return "model/ ships alone" if imported.split(".")[0] in ours else None

    assert _violations(ROOT / "model", rule) == []


@pytest.mark.parametrize(
    ("module", "imported", "expected"),
    [
        ("photocen.generation.service", "pynamodb.models", False),
        ("photocen.generation.store", "pynamodb.models", True),
        ("photocen.platform.objects", "botocore.exceptions", True),
        ("photocen.search.adapters.opensearch", "boto3", True),
    ],
)
def test_the_aws_rule_reads_rooms_as_intended(module: str, imported: str, expected: bool) -> None:
    assert _talks_to_aws(module) is expected


def _cycles(folders: list[Path], prefixes: tuple[str, ...]) -> list[list[str]]:
    """Strongly connected groups of more than one module (lazy imports count too)."""
    graph: dict[str, set[str]] = {}
    for folder in folders:
        for path in _sources(folder):
            module = _module(path)
            graph.setdefault(module, set())
            for imported in _imports(path):
                if imported.startswith(prefixes) and imported != module:
                    graph[module].add(imported)
    modules = set(graph)

    def resolve(name: str) -> str | None:
        while name and name not in modules:  # `from pkg.mod import name` names a symbol
            name = name.rpartition(".")[0]
        return name or None

    edges = {
        m: {r for i in targets if (r := resolve(i)) and r != m} for m, targets in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles_in_the_layer_or_the_model_package() -> None:
    # package __init__ modules re-export nothing here, so a cycle is a real two-way dependency
    assert _cycles([LAYER / "photocen"], ("photocen",)) == []
    assert _cycles([ROOT / "model"], ("model",)) == []


def test_capabilities_depend_on_each_other_one_way() -> None:
    # e.g. delivery → catalog is fine; catalog → delivery as well would be a cycle
    edges: dict[str, set[str]] = {}
    for path in _sources(LAYER / "photocen"):
        source = _capability(_module(path))
        if source in (None, "platform"):  # platform's own rule is above
            continue
        for imported in _imports(path):
            target = _capability(imported)
            if target not in (None, "platform", source):
                edges.setdefault(source, set()).add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    two_way = sorted(f"{a} ⇄ {b}" for a in edges for b in edges[a] if a < b and reaches(b, a, {b}))
    assert two_way == []
