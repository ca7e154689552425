"""The route table's matcher resolves paths the way API Gateway REST does."""

from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.platform import routes
from photocen.platform.routes import ROUTES, Route, functions, match

from tests.conftest import ROOT, concrete

# A table shaped like the delivery surface, so the matcher is tested on variables whatever
# the real table holds today. API Gateway allows one variable name per level, so the square
# form `/{size}` has to share the name of `/{w}/{h}`.
TABLE = (
    Route("GET", "/v1/account", "account"),
    Route("GET", "/v1/health", "meta", auth=False),
    Route("GET", "/{w}", "delivery"),
    Route("GET", "/{w}/{h}", "delivery"),
    Route("GET", "/id/{id}/{w}/{h}", "delivery"),
    Route("GET", "/id/{id}/info", "delivery", auth=False),
    Route("GET", "/seed/{seed}/{w}/{h}", "delivery"),
    Route("POST", "/v1/images/generate", "generate"),
    Route("GET", "/v1/images/jobs/{job_id}", "generate"),
)


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> tuple[Route, ...]:
    monkeypatch.setattr(routes, "ROUTES", TABLE)
    monkeypatch.setattr(routes, "_ROOT", routes._tree())
    return TABLE


def test_literal_segment_beats_a_variable_one(table):
    # Given /id/{id}/info and /id/{id}/{w}/{h}, and /{w}/{h} beside /v1/account
    # When paths are matched that both a literal and a variable could take
    info = match("GET", "/id/42/info")
    account = match("GET", "/v1/account")
    # Then the literal resource wins
    assert info == (TABLE[5], {"id": "42"})
    assert account == (TABLE[0], {})


def test_variables_capture_their_segments(table):
    assert match("GET", "/400/300") == (TABLE[3], {"w": "400", "h": "300"})
    assert match("GET", "/400") == (TABLE[2], {"w": "400"})
    assert match("GET", "/id/7/400/300.webp") == (
        TABLE[4],
        {"id": "7", "w": "400", "h": "300.webp"},
    )
    assert match("GET", "/v1/images/jobs/job_1") == (TABLE[8], {"job_id": "job_1"})


def test_unknown_paths_match_nothing(table):
    assert match("GET", "/v1/nope") is None
    assert match("GET", "/id/7") is None  # a prefix of a resource is not a resource
    assert match("GET", "/1/2/3") is None
    assert match("GET", "/v1/images/jobs/a/b") is None


def test_method_mismatch_matches_nothing(table):
    assert match("POST", "/v1/account") is None
    assert match("GET", "/v1/images/generate") is None
    assert match("DELETE", "/400/300") is None


def test_method_is_case_insensitive_and_slashes_are_forgiven(table):
    assert match("get", "/v1/account") == (TABLE[0], {})
    assert match("GET", "/v1/account/") == (TABLE[0], {})
    assert match("GET", "//v1//account") == (TABLE[0], {})


def test_root_path_matches_nothing(table):
    assert match("GET", "/") is None


def test_sibling_variables_with_different_names_are_rejected(monkeypatch):
    # Given a table with `/{size}` beside `/{w}/{h}`: API Gateway refuses to deploy sibling
    # path variables with different names, and a matcher that took the first name would
    # hand `/{w}/{h}` a `size` parameter.
    monkeypatch.setattr(
        routes,
        "ROUTES",
        (Route("GET", "/{size}", "delivery"), Route("GET", "/{w}/{h}", "delivery")),
    )
    # When the matcher's tree is built, Then it refuses, naming both variables
    with pytest.raises(ValueError, match=r"\{w\}.*\{size\}"):
        routes._tree()


# ---------------------------------------------------------------- the real table
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_every_real_route_matches_itself(route):
    matched = match(route.method, concrete(route.path))
    assert matched is not None
    found, params = matched
    assert found == route
    assert set(params) == set(re.findall(r"\{([^}]+)\}", route.path))


def test_route_table_has_no_duplicate_method_and_path():
    keys = [(r.method, r.path) for r in ROUTES]
    assert len(keys) == len(set(keys))


def test_every_function_of_the_route_table_has_a_lambda_handler():
    # Given the functions the route table names (the CDK app and the local gateway deploy
    # exactly these)
    names = functions()
    assert names == sorted(set(names))
    assert {r.function for r in ROUTES} == set(names)
    for name in names:
        # Then each is a package functions/<name>/ whose handler.py defines lambda_handler
        # (read, not imported: importing a handler validates its settings at cold start),
        # by `def` or from a factory of photocen.platform.handlers
        handler = ROOT / "functions" / name / "handler.py"
        assert handler.is_file(), f"{name}: no {handler.relative_to(ROOT)}"
        assert "lambda_handler" in _defined_names(ast.parse(handler.read_text())), (
            f"{name}: handler.py has no lambda_handler"
        )


def _defined_names(tree: ast.Module) -> set[str]:
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names |= {e.id for e in elements if isinstance(e, ast.Name)}
    return names


@given(st.lists(st.text(alphabet="abcxyz0123.-_", min_size=1, max_size=8), max_size=5))
def test_match_never_raises_and_only_returns_routes_of_the_table(segments):
    path = "/" + "/".join(segments)
    for method in ("GET", "POST", "DELETE"):
        result = match(method, path)
        assert result is None or result[0] in ROUTES


@pytest.mark.parametrize(
    ("path", "function", "params"),
    [
        ("/console", "meta", {}),
        ("/console/", "meta", {}),
        ("/console/app.js", "meta", {"asset": "app.js"}),
        ("/consoles", "delivery", {"w": "consoles"}),
        ("/console2/300", "delivery", {"w": "console2", "h": "300"}),
    ],
)
def test_the_console_is_a_literal_that_wins_over_delivery_sizes(path, function, params):
    # The real table: /console sits beside delivery's /{w} at the same level
    matched = match("GET", path)
    assert matched is not None
    route, found = matched
    assert (route.function, found) == (function, params)
    assert route.auth is (function != "meta")
