"""The webhook transport: an HTTP POST pinned to the address the SSRF guard checked."""

from __future__ import annotations

import http.client
import socket
import ssl

from photocen.platform.outbound import CheckedUrl


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class HttpTransport:
    """Connects to the vetted address (Host and SNI stay the URL's); follows no redirect."""

    def post(self, target: CheckedUrl, headers: dict[str, str], body: bytes, timeout: float) -> int:
        address = target.addresses[0]
        connection: http.client.HTTPConnection
        if target.scheme == "https":
            connection = _PinnedHTTPSConnection(target.host, address, target.port, timeout)
        else:
            connection = http.client.HTTPConnection(address, target.port, timeout=timeout)
        try:
            connection.request(
                "POST", target.path, body=body, headers={**headers, "Host": _host_header(target)}
            )
            response = connection.getresponse()
            response.read(64 * 1024)
            return int(response.status)
        except http.client.HTTPException as exc:
            raise OSError(f"bad HTTP answer: {exc}") from exc
        finally:
            connection.close()


def _host_header(target: CheckedUrl) -> str:
    default = 443 if target.scheme == "https" else 80
    return target.host if target.port == default else f"{target.host}:{target.port}"
