"""The SDK's tests: respx for the edge cases (no sockets), the app's own /openapi.json for
drift, and the local stack (``local_stack`` of tests/conftest.py) for end-to-end runs."""

from __future__ import annotations

from typing import Any

import pytest

E2E_MODULES = ("test_e2e", "test_mcp_e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/sdk/" in str(item.fspath) and item.module.__name__.rsplit(".", 1)[-1] in E2E_MODULES:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def openapi_document() -> dict[str, Any]:
    """The document the app serves at /openapi.json, built in-process by the meta function."""
    from functions.meta.openapi import document

    return document("http://127.0.0.1:3000")
