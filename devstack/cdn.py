"""The local stand-in of the catalog's CloudFront distribution, and of Lambda's Invoke API.

- ``GET /catalog/{id}/{file}?Expires=…&Signature=…&Key-Pair-Id=…``: what CloudFront does
  with a signed URL of the catalog bucket (origin access control): check the signature and
  the expiry (``photocen.catalog.adapters.local.LocalUrlSigner.verify``), then serve the
  object. Expired, altered or unsigned → 403 in PhotoCen's error envelope; no object → 404.
- ``POST /2015-03-31/functions/{name}/invocations``: Lambda's Invoke API for the scheduled
  functions (cleanup, sweeper), so ``photocen admin migrate-now --local`` runs the migration
  inside the running stack, with boto3's Lambda client, as ``--stack`` does on AWS.

Neither is in the route table: on AWS they are CloudFront and Lambda, not the API.
"""

from __future__ import annotations

import json
import mimetypes
import re
import uuid
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote

from photocen.catalog.settings import CatalogSettings, CatalogUrlSettings
from photocen.platform.errors import NotFound, PhotoCenError

CDN_PREFIX = "/catalog/"
INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?:photocen-)?([a-z_]+)/invocations$")
INVOCABLE = ("cleanup", "sweeper")  # scheduled functions only: the API has its routes


class Invoker(Protocol):
    def invoke(self, function: str, event: dict[str, Any]) -> dict[str, Any]: ...


class CdnSettings(CatalogSettings, CatalogUrlSettings):
    """The catalog bucket and the local URL signer's secret (the stack's environment)."""


class LocalEdge:
    """Answers the two non-API paths; ``None`` for every other path (the API's)."""

    @cached_property
    def _cdn(self) -> tuple[Any, Any, str]:
        from photocen.catalog.adapters.local import LocalUrlSigner
        from photocen.catalog.wiring import url_signer_from
        from photocen.platform.aws import AwsTarget
        from photocen.platform.objects import S3ObjectStore

        settings = CdnSettings()  # type: ignore[call-arg]
        signer = url_signer_from(settings)
        if not isinstance(signer, LocalUrlSigner):
            raise RuntimeError("the local CDN needs PHOTOCEN_CATALOG_URL_SIGNER=local")
        return signer, S3ObjectStore(AwsTarget.of(settings)), settings.catalog_bucket

    def handle(
        self, method: str, path: str, query: str, body: bytes, functions: Invoker
    ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        if path.startswith(CDN_PREFIX) and method in ("GET", "HEAD"):
            return self._serve(path, dict(parse_qsl(query, keep_blank_values=True)))
        invoke = INVOKE_PATH.match(path)
        if invoke and method == "POST":
            return self._invoke(invoke.group(1), body, functions)
        return None

    def _serve(
        self, path: str, query: Mapping[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        request_id = str(uuid.uuid4())
        signer, objects, bucket = self._cdn
        try:
            signer.verify(path, query)
            data = objects.get(bucket, unquote(path[1:]))
            if data is None:
                raise NotFound("No such image.")
        except PhotoCenError as exc:
            return _envelope(exc, request_id)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return (
            200,
            [
                ("Content-Type", content_type),
                ("Cache-Control", "private, max-age=300"),
                ("X-Request-Id", request_id),
            ],
            data,
        )

    def _invoke(
        self, name: str, body: bytes, functions: Invoker
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        if name not in INVOCABLE:
            return _envelope(NotFound(f"no invocable function {name}"), str(uuid.uuid4()))
        event = json.loads(body or b"{}")
        try:
            result = functions.invoke(name, event)
        except Exception as exc:  # Lambda reports a handler's error in the answer, with 200
            error = {"errorMessage": str(exc), "errorType": type(exc).__name__}
            return 200, [("X-Amz-Function-Error", "Unhandled")], json.dumps(error).encode()
        return 200, [("Content-Type", "application/json")], json.dumps(result).encode()


def _envelope(exc: PhotoCenError, request_id: str) -> tuple[int, list[tuple[str, str]], bytes]:
    body = {"error": {"code": exc.code, "message": exc.message, "request_id": request_id}}
    headers = [("Content-Type", "application/json"), ("X-Request-Id", request_id)]
    return exc.status, headers, json.dumps(body).encode()
