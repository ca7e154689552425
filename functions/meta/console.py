"""The web console's files (``functions/meta/console/``): one HTML page and its assets.

The page gets a ``<base href>`` of the API it was served by, so its relative links and its
API calls work under a stage prefix (``…/prod/console``) and on a custom domain alike. The
JavaScript SDK is served as the console's own module (``console/photocen.js`` is a link to
``sdk/js/src/photocen.js``; bundling copies the file), so there is one client, not two.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from importlib import resources

from photocen.platform.errors import NotFound

FOLDER = "console"
PAGE = "index.html"
_BASE_MARK = "{{base}}"

# Exactly the files the console has; anything else is a 404 (no path walking).
CONTENT_TYPES: dict[str, str] = {
    "app.js": "text/javascript; charset=utf-8",
    "photocen.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}

# The page runs only its own scripts and styles and talks only to its own API. Images may
# come from elsewhere: a job's signed cache/catalog URL (S3 or CloudFront over HTTPS; moto
# on loopback locally), a delivery preview (a blob: URL of bytes fetched with the token).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data: blob: https: http://127.0.0.1:* http://localhost:*",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Revalidate every time: a deploy shows the new console at once (the files are small).
    "Cache-Control": "no-cache",
}


@dataclass(frozen=True)
class StaticFile:
    content_type: str
    body: str


@cache
def _read(name: str) -> str:
    return resources.files("functions.meta").joinpath(FOLDER, name).read_text(encoding="utf-8")


def page(api_base: str) -> StaticFile:
    """The console's HTML, its links based at ``{api_base}/console/``."""
    base = html.escape(f"{api_base}/{FOLDER}/", quote=True)
    return StaticFile("text/html; charset=utf-8", _read(PAGE).replace(_BASE_MARK, base))


def asset(name: str) -> StaticFile:
    content_type = CONTENT_TYPES.get(name)
    if content_type is None:
        raise NotFound(f"The console has no file {name!r}.")
    return StaticFile(content_type, _read(name))
