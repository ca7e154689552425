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
    for fields in _generations(case.body):
        if isinstance(fields.get("webhook_url"), str):
            fields["webhook_url"] = LOOPBACK_WEBHOOK
        for reference in fields.get("reference_images") or []:
            data_url = reference.get("data_url") if isinstance(reference, dict) else None
            if isinstance(data_url, str):
                subtype = data_url.removeprefix("data:image/").split(";", 1)[0]
                reference["data_url"] = _image_data_url(subtype)


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if (case.method.upper(), case.operation.path) in CREATING_KEYS and response.status_code == 201:
        key_id = response.json().get("key_id")
        if isinstance(key_id, str):
            _created_keys.add(key_id)
