"""Reference images from three sources: inline data URLs, https URLs (fetched once through
the SSRF guard) and catalog ids. Each reaches the engine as a checked data URL; whatever is
refused is a 422 that charges nothing."""

from __future__ import annotations

import base64
import io
import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PIL import Image

from tests.crafted_images import encoded, png_declaring
from tests.integration.generation.helpers import assert_books_balance, generate


def _sent(aws: Any, job_id: str) -> dict[str, Any]:
    bucket = os.environ["PHOTOCEN_SAGEMAKER_IO_BUCKET"]
    body = aws.client("s3").get_object(Bucket=bucket, Key=f"input/{job_id}.json")["Body"]
    return json.loads(body.read())


def _decoded(data_url: str) -> Image.Image:
    _head, payload = data_url.split(",", 1)
    return Image.open(io.BytesIO(base64.b64decode(payload)))


class _Files:
    """A loopback HTTP server answering fixed paths (the local stack allows loopback)."""

    def __init__(self, files: dict[str, tuple[int, bytes, dict[str, str]]]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body, headers = files.get(self.path, (404, b"", {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def files() -> Iterator[_Files]:
    png = encoded("PNG")
    served = _Files(
        {
            # labelled as text: the bytes are sniffed, not the label believed
            "/red.png": (200, png, {"Content-Type": "text/plain"}),
            "/moved": (302, b"", {"Location": "/red.png"}),
            "/bomb.png": (200, png_declaring(50_000, 50_000), {}),
            "/text": (200, b"just words", {}),
            "/huge": (200, b"\x89PNG" + b"0" * (3 * 1024 * 1024), {}),
        }
    )
    yield served
    served.stop()


def test_url_and_catalog_references_reach_the_engine_as_data_urls(
    api, aws, new_account, add_images, files
):
    caller = new_account()
    (picture,) = add_images(1, 480, 320)
    references = [
        {"url": files.url("/red.png")},
        {"image_id": str(picture.image_id)},
        {"data_url": "data:image/webp;base64," + base64.b64encode(encoded("WEBP")).decode()},
    ]
    answer = generate(api, caller.token, {"prompt": "a fox", "reference_images": references})
    assert answer.status == 202, answer.json()
    sent = _sent(aws, answer.json()["job_id"])["reference_images"]
    assert len(sent) == 3
    assert sent[0].startswith("data:image/png;base64,")  # sniffed, not the text/plain label
    assert _decoded(sent[1]).format == "JPEG"
    assert _decoded(sent[1]).size == (480, 320)
    assert sent[2].startswith("data:image/webp;base64,")


def test_ten_references_are_taken_and_eleven_refused(api, new_account, ledger, files):
    caller = new_account()
    ten = [{"url": files.url("/red.png")}] * 10
    assert generate(api, caller.token, {"prompt": "a", "reference_images": ten}).status == 202
    eleven = generate(api, caller.token, {"prompt": "a", "reference_images": ten + ten[:1]})
    assert eleven.status == 422
    assert "reference_images" in eleven.json()["error"]["message"]
    assert assert_books_balance(ledger, caller.account_id) == 9


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ({"url": "https://10.0.0.7/a.png"}, "private, loopback or link-local"),
        ({"url": "https://169.254.169.254/latest/meta-data"}, "private, loopback or link-local"),
        ({"url": "https://[::ffff:192.168.0.1]/a.png"}, "private, loopback or link-local"),
        ({"url": "ftp://example.com/a.png"}, "must be an https URL"),
        ({"url": "https://user:pw@example.com/a.png"}, "credentials"),
        ({"image_id": "abc"}, "a catalog image id"),
        ({"image_id": "999999"}, "no catalog image 999999"),
        ({"image_id": "0"}, "catalog image ids start at 1"),
        ({"image_id": "000"}, "catalog image ids start at 1"),
        ({"data_url": "data:image/png;base64,AAAA", "url": "https://example.com/a"}, "exactly one"),
        ({}, "exactly one"),
    ],
)
def test_unsafe_or_unknown_references_are_422_and_free(api, new_account, ledger, reference, reason):
    caller = new_account()
    answer = generate(api, caller.token, {"prompt": "a", "reference_images": [reference]})
    assert answer.status == 422, answer.json()
    error = answer.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("body.reference_images.0")
    assert reason in error["message"]
    assert assert_books_balance(ledger, caller.account_id) == 10


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/moved", "answered 302 (redirects are not followed)"),
        ("/missing", "answered 404"),
        ("/bomb.png", "more than 16,777,216 pixels"),
        ("/text", "not a readable"),
        ("/huge", "larger than 2048 KiB"),
    ],
)
def test_fetched_references_are_checked_like_inline_ones(
    api, new_account, ledger, files, path, reason
):
    caller = new_account()
    answer = generate(
        api, caller.token, {"prompt": "a", "reference_images": [{"url": files.url(path)}]}
    )
    assert answer.status == 422, answer.json()
    message = answer.json()["error"]["message"]
    assert message.startswith("body.reference_images.0.url: ")
    assert reason in message
    assert assert_books_balance(ledger, caller.account_id) == 10
