"""The webhook transport: an HTTP POST pinned to the address the SSRF guard checked."""

from __future__ import annotations

import http.client

from photocen.platform.outbound import CheckedUrl, host_header, pinned_connection


class HttpTransport:
    """Connects to the vetted address (Host and SNI stay the URL's); follows no redirect."""

    def post(self, target: CheckedUrl, headers: dict[str, str], body: bytes, timeout: float) -> int:
        connection = pinned_connection(target, timeout)
        try:
            connection.request(
                "POST", target.path, body=body, headers={**headers, "Host": host_header(target)}
            )
            response = connection.getresponse()
            response.read(64 * 1024)
            return int(response.status)
        except http.client.HTTPException as exc:
            raise OSError(f"bad HTTP answer: {exc}") from exc
        finally:
            connection.close()
