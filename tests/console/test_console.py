"""The web console in a real browser: Debian's Chromium, headless, driven by Playwright.

One story against the local stack, the way a user clicks through it: sign in with the demo
key, see credits and usage, create and revoke a key (where the server has /v1/keys),
generate an image with a style preset and watch the job finish, find it in the gallery,
find it by search once migrated (where the server has search), build its delivery URL with
the live preview, and delete it. A screenshot of each page
is saved (``PHOTOCEN_SCREENSHOTS``, else ``build/console-screenshots/``; the path is printed).
The page must log no error on the way (a Content-Security-Policy violation is one).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, LocalStack

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("PHOTOCEN_CHROMIUM", "/usr/bin/chromium")
# The machine's closed network refuses Chromium's own background connections: turn them off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("PHOTOCEN_SCREENSHOTS") or ROOT / "build" / "console-screenshots")
TIMEOUT_MS = 30_000
# Predicates are functions, never strings: the console's CSP forbids eval, which Playwright
# uses for a string expression (bypass_csp would hide the console's own CSP violations).
LOADED = "(selector) => document.querySelector(selector)?.naturalWidth > 0"

pytestmark = [
    pytest.mark.e2e,
    # Skipped only outside `make test-console`, which installs Chromium and insists on it.
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("PHOTOCEN_REQUIRE_BROWSER"),
        reason=f"no Chromium at {CHROMIUM}: `make test-console` installs Debian's",
    ),
]


def api(stack: LocalStack, method: str, path: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        stack.base_url + path, method=method, headers={"Authorization": f"Bearer {stack.token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def run_migration(stack: LocalStack) -> None:
    """The hourly migration, now (the operator's command against this stack)."""
    photocen = Path(sys.executable).with_name("photocen")
    env = {**os.environ, "PHOTOCEN_STATE_FILE": str(stack.state_file)}
    env.pop("AWS_ENDPOINT_URL", None)
    done = subprocess.run(
        [str(photocen), "admin", "--local", "migrate-now"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    # An empty profile (Playwright's user_data_dir is Chromium's --user-data-dir): no state
    # from earlier runs, and nothing written outside the test's temporary folder.
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_sync.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    page = browser_context.new_page()  # a new tab: its own sessionStorage
    page.problems = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.problems.append(f"{message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())  # the console confirms deletions
    yield page
    page.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def show(page: Any, name: str) -> None:
    page.click(f'nav a[data-page="{name}"]')
    page.wait_for_selector(f"#page-{name}:not([hidden])")


def test_console_signs_in_generates_browses_deletes_and_delivers(
    local_stack: LocalStack, page: Any
) -> None:
    console = f"{local_stack.base_url}/console"
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)

    # Given the console, signed out
    page.goto(console)
    page.wait_for_selector("body[data-ready=true]")
    assert page.is_visible("#page-signin")
    assert page.is_hidden("#nav")
    shot(page, "1-sign-in")

    # When the user signs in with their key
    page.fill("#signin-key", local_stack.token)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#page-overview:not([hidden])")
    # Then the overview shows the account's credits, and the key is in no URL
    page.wait_for_selector('dd[data-fact="credits"]')
    credits = int(page.text_content('dd[data-fact="credits"]') or "-1")
    assert credits == api(local_stack, "GET", "/v1/account")[1]["credits"]
    assert local_stack.token not in page.url
    assert page.evaluate("sessionStorage.getItem('photocen.console.token')") == local_stack.token

    keys_offered = api(local_stack, "GET", "/v1/keys")[0] == 200
    if keys_offered:
        # A new key is shown once, listed, then revoked
        page.fill("#key-name", "browser-test")
        page.click("#key-form button[type=submit]")
        page.wait_for_selector("#new-key:not([hidden])")
        assert page.input_value("#new-key-token").startswith("pc_live_")
        row = page.locator("#keys-table tbody tr", has_text="browser-test")
        row.get_by_role("button", name="Revoke key browser-test").click()
        row.locator('[data-state="revoked"]').wait_for()
        assert page.is_hidden("#new-key")  # a revoked token is no longer shown
        listed = api(local_stack, "GET", "/v1/keys")[1]["keys"]
        assert [k["revoked_at"] is not None for k in listed if k["name"] == "browser-test"] == [
            True
        ]
    shot(page, "2-overview")

    # When the user generates an image with a style preset (every option on the form)
    show(page, "generate")
    page.wait_for_selector("#gen-model option", state="attached")
    page.wait_for_selector("#gen-styles .style img")
    page.fill("#gen-prompt", "a red fox in the snow")
    page.fill("#gen-width", "256")
    page.fill("#gen-height", "256")
    page.fill("#gen-count", "1")
    preset = page.locator("#gen-styles .style input").nth(2).get_attribute("value")
    page.locator("#gen-styles .style label").nth(2).click()
    page.click("#generate-form button[type=submit]")
    # Then the job is watched to completion and its image is shown
    page.wait_for_selector(
        '#job-status[data-status="completed"], #job-status[data-status="failed"],'
        " #alert:not([hidden])",
        timeout=60_000,
    )
    assert page.is_hidden("#alert"), page.text_content("#alert")
    assert page.get_attribute("#job-status", "data-status") == "completed", page.text_content(
        "#job-detail"
    )
    page.wait_for_function(LOADED, arg="#job-images img")
    job_id = page.text_content("#job-id")
    assert job_id
    job = api(local_stack, "GET", f"/v1/images/jobs/{job_id}")[1]
    assert job["status"] == "completed"
    assert job["style"] == preset
    assert (job["settings"]["width"], job["settings"]["height"]) == (256, 256)
    shot(page, "3-generate")

    # And it appears in the gallery
    show(page, "gallery")
    item = page.locator(f'#gallery li[data-job-id="{job_id}"]')
    item.wait_for()
    page.wait_for_function(LOADED, arg=f'#gallery li[data-job-id="{job_id}"] img')
    shot(page, "4-gallery")

    # Search (where the server offers it): once the hourly migration has run, the new image
    # is found among the user's own, and "Deliver" takes it to the delivery builder
    show(page, "search")
    catalog_id = "3"  # a demo catalog image, when there is no search to find ours
    if page.is_visible("#search-form"):
        run_migration(local_stack)
        page.fill("#search-query", "a red fox")
        page.check("#search-own")
        page.click("#search-form button[type=submit]")
        hit = page.locator("#search-results li[data-image-id]").first
        hit.wait_for()
        page.wait_for_function(LOADED, arg="#search-results li[data-image-id] img")
        shot(page, "5-search")
        catalog_id = hit.get_attribute("data-image-id") or ""
        hit.get_by_role("button").click()
        page.wait_for_selector("#page-delivery:not([hidden])")
        assert page.input_value("#dl-value") == catalog_id
    else:
        shot(page, "5-search")
        show(page, "delivery")

    # Delivery: the URL is built as the form changes, and previewed
    page.select_option("#dl-which", "id")
    page.fill("#dl-value", catalog_id)
    page.fill("#dl-width", "320")
    page.fill("#dl-height", "200")
    page.check("#dl-grayscale")
    expected = f"{local_stack.base_url}/id/{catalog_id}/320/200?grayscale"
    page.wait_for_function("(url) => document.querySelector('#dl-url').value === url", arg=expected)
    page.wait_for_function(
        "(url) => document.querySelector('#dl-caption').dataset.url === url", arg=expected
    )
    size = page.evaluate(
        "[document.querySelector('#dl-preview').naturalWidth,"
        " document.querySelector('#dl-preview').naturalHeight]"
    )
    assert size == [320, 200]
    assert "Authorization: Bearer $PHOTOCEN_TOKEN" in page.input_value("#dl-curl")
    shot(page, "6-delivery")

    # Back in the gallery, the generation is deleted
    show(page, "gallery")
    item = page.locator(f'#gallery li[data-job-id="{job_id}"]')
    item.get_by_role("button", name="Delete generation").click()
    item.wait_for(state="detached")
    assert api(local_stack, "GET", f"/v1/generations/{job_id}")[0] == 404

    # A reload keeps the session (this tab's sessionStorage); the page logged no error
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.is_visible("#page-gallery")
    assert page.problems == []  # type: ignore[attr-defined]
    print(f"\nconsole screenshots: {SCREENSHOTS}")


def test_console_is_labelled_and_has_landmarks(local_stack: LocalStack, page: Any) -> None:
    page.goto(f"{local_stack.base_url}/console")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#signin-key", local_stack.token)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#page-overview:not([hidden])")
    show(page, "generate")
    page.wait_for_selector("#gen-styles .style img")
    # Every control has an accessible name; the page has its landmarks
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input, select, textarea, button')]
             .filter((el) => !(el.labels?.length || el.getAttribute('aria-label')
                               || (el.tagName === 'BUTTON' && el.textContent.trim())))
             .map((el) => el.id || el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    for role in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(role).count() >= 1, role
    # The keyboard reaches the navigation, and a page change moves focus to its heading
    page.keyboard.press("Tab")
    page.goto(f"{local_stack.base_url}/console#gallery")
    page.wait_for_selector("body[data-ready=true]")
    page.click('nav a[data-page="delivery"]')
    page.wait_for_function("() => document.activeElement.id === 'delivery-title'")


def test_a_wrong_key_is_refused_and_nothing_is_stored(local_stack: LocalStack, page: Any) -> None:
    page.goto(f"{local_stack.base_url}/console")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#signin-key", "pc_live_" + "x" * 43)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#alert:not([hidden])")
    assert "request" in (page.text_content("#alert") or "")  # the request id, to quote
    assert page.is_visible("#page-signin")
    assert page.evaluate("sessionStorage.getItem('photocen.console.token')") is None
    assert page.problems == [] or all("401" in p for p in page.problems)  # type: ignore[attr-defined]
