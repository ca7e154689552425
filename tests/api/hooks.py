"""Schemathesis hooks of ``tests/api``: what a real client does that no schema can say.

Only schema-valid (positive) generate requests are touched, and only in three values whose
validity the document cannot state; everything else goes out as generated:

- ``Idempotency-Key``: a fresh key per request, as a client sends. A generated key may repeat
  with another body, which the API rightly answers with 422 ``idempotency_key_reused``.
- ``webhook_url``: whether a URL is acceptable depends on what its host resolves to (public
  addresses only), which the schema cannot know; the stack under test resolves nothing but
  loopback (tests/api/loopback_stack.py). A valid request gets an https URL on loopback,
  which the local stack allows (nothing listens there: deliveries fail and are retried).
- ``reference_images[].data_url``: the base64 must be an image of the declared type; the
  schema can only say it is base64. A valid request gets a real 8x8 image of that type.
- ``upscale`` across a batch: an item asking for upscale may draw at most 1024 px an edge,
  also when the edge is a top-level default. The document states the rule within one object
  (the single form, each item); stated across the batch's top level and items it made the
  body too large for schemathesis' generator to read (docs/decisions/0016). A valid batch in
  which something asks for upscale gets its edges capped at 1024.
- ``reference_images[].url`` and ``.image_id``: a URL is fetched when the request is made and
  an id must be a catalog image, neither of which the schema can know. A valid request gets
  the URL of an 8x8 PNG served on loopback by this module (the local stack allows loopback
  references) and catalog id 1 (the local stack seeds ids 1-30).

And the demo key stays alive: ``DELETE /v1/keys/{key_id}`` and ``POST
/v1/keys/{key_id}/rotate`` only ever name keys this run created (``POST /v1/keys``); any
other well-formed key id becomes one that does not exist (404). The stateful phase links
``GET /v1/keys``'s ids to them, and revoking or rotating the key of the token the whole run
uses would turn every later request into a 401, which no client does to itself.

And on ``GET /v1/generations`` and ``POST /v1/images/search``, ``cursor`` is opaque: only a
``next_cursor`` the API gave (for that same search) is one (anything else is a documented
422), so a valid request leaves out a generated one. The stateful phase still sends the
cursors the API returns.
"""

from __future__ import annotations

import base64
import io
import re
import uuid
from functools import cache
from typing import Any

import schemathesis
from PIL import Image

LOOPBACK_WEBHOOK = "https://127.0.0.1:9/photocen-webhook"
SEEDED_IMAGE_ID = "1"


@cache
def _reference_url() -> str:
    """An 8x8 PNG on a loopback port of this process, served for as long as it runs."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    picture = base64.b64decode(_image_data_url("png").split(",", 1)[1])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(picture)))
            self.end_headers()
            self.wfile.write(picture)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/reference.png"


KEY_ROUTES = {("DELETE", "/v1/keys/{key_id}"), ("POST", "/v1/keys/{key_id}/rotate")}
CREATING_KEYS = {("POST", "/v1/keys"), ("POST", "/v1/keys/{key_id}/rotate")}
_KEY_ID = re.compile(r"key_[0-9a-f]{16}")
NO_SUCH_KEY = "key_0000000000000000"
_created_keys: set[str] = set()
_PILLOW = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


@cache
def _image_data_url(subtype: str) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=_PILLOW[subtype])
    return f"data:image/{subtype};base64," + base64.b64encode(buffer.getvalue()).decode()


def _generations(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict):
        return []
    items = body.get("items")
    return [body, *(i for i in items if isinstance(i, dict))] if isinstance(items, list) else [body]


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    route = (case.method.upper(), case.operation.path)
    if route in KEY_ROUTES and isinstance(case.path_parameters, dict):
        key_id = case.path_parameters.get("key_id")
        if isinstance(key_id, str) and _KEY_ID.fullmatch(key_id) and key_id not in _created_keys:
            case.path_parameters["key_id"] = NO_SUCH_KEY
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    if route == ("GET", "/v1/generations") and isinstance(case.query, dict):
        case.query.pop("cursor", None)
    if route == ("POST", "/v1/images/search") and isinstance(case.body, dict):
        case.body.pop("cursor", None)
    if route != ("POST", "/v1/images/generate"):
        return
    for name in list(case.headers or {}):
        if name.lower() == "idempotency-key":
            case.headers[name] = str(uuid.uuid4())
    _cap_upscaled_batch(case.body)
    for fields in _generations(case.body):
        if isinstance(fields.get("webhook_url"), str):
            fields["webhook_url"] = LOOPBACK_WEBHOOK
        for reference in fields.get("reference_images") or []:
            if not isinstance(reference, dict):
                continue
            data_url = reference.get("data_url")
            if isinstance(data_url, str):
                subtype = data_url.removeprefix("data:image/").split(";", 1)[0]
                reference["data_url"] = _image_data_url(subtype)
            if isinstance(reference.get("url"), str):
                reference["url"] = _reference_url()
            if isinstance(reference.get("image_id"), str):
                reference["image_id"] = SEEDED_IMAGE_ID


def _cap_upscaled_batch(body: Any) -> None:
    generations = _generations(body)
    if len(generations) < 2 or not any(
        g.get("upscale") is True or g.get("upscale") == 4 for g in generations
    ):
        return
    for fields in generations:
        places = [fields, fields.get("settings")]
        for place in places:
            if not isinstance(place, dict):
                continue
            for edge in ("width", "height"):
                value = place.get(edge)
                if isinstance(value, int | float) and value > 1024:
                    place[edge] = 1024


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if (case.method.upper(), case.operation.path) in CREATING_KEYS and response.status_code == 201:
        key_id = response.json().get("key_id")
        if isinstance(key_id, str):
            _created_keys.add(key_id)
