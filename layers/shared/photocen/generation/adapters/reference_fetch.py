"""Reference images given as URLs: one GET, pinned to the address the SSRF guard vetted.

The URL was checked (``photocen.platform.outbound.check_url``: https, public addresses only;
plain http to loopback only where the local stack allows it); the connection goes to that
checked address, never to a second lookup of the name (no DNS rebinding), with the URL's host
in Host and SNI. No redirect is followed (a redirect could point anywhere), and no more than
``max_bytes`` are read, within ``timeout`` in all.
"""

from __future__ import annotations

import http.client
import time

from photocen.platform.errors import ValidationFailed
from photocen.platform.outbound import CheckedUrl, host_header, pinned_connection

USER_AGENT = "PhotoCen reference fetcher"


class HttpReferenceFetcher:
    """``ReferenceFetcher``: the bytes at a vetted URL, or a 422 naming ``field``."""

    def fetch(self, target: CheckedUrl, *, field: str, max_bytes: int, timeout: float) -> bytes:
        connection = pinned_connection(target, timeout)
        try:
            connection.request(
                "GET",
                target.path,
                headers={
                    "Host": host_header(target),
                    "User-Agent": USER_AGENT,
                    "Accept": "image/*",
                },
            )
            response = connection.getresponse()
            if response.status != 200:
                followed = " (redirects are not followed)" if 300 <= response.status < 400 else ""
                raise ValidationFailed(f"{field}: the URL answered {response.status}{followed}")
            data = _read_within(response, max_bytes + 1, time.monotonic() + timeout)
        except (OSError, http.client.HTTPException) as exc:
            raise ValidationFailed(f"{field}: the image could not be fetched ({exc})") from exc
        finally:
            connection.close()
        if len(data) > max_bytes:
            raise ValidationFailed(f"{field}: larger than {max_bytes // 1024} KiB")
        return data


def _read_within(response: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    """Up to ``limit`` bytes of the body, all within ``deadline``: the socket timeout bounds
    each read, not a server that drips a byte at a time."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        if time.monotonic() > deadline:
            raise TimeoutError("the image took too long to arrive")
        chunk = response.read1(min(64 * 1024, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
