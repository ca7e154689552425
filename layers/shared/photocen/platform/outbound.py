"""Outbound URL safety (SSRF guard): may we connect to a URL a caller gave us?

https only, and every address the host resolves to must be public; the caller then connects
to the address that was checked (``CheckedUrl.addresses``: no second lookup, no redirects).
Loopback (and plain http to it) only where the caller allows it (local development).
An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is
judged by the IPv4 address it reaches too, so ``[::a9fe:a9fe]`` is the metadata service.

Every refusal is a ``ValidationFailed`` whose message starts with the field the URL came in
(``field``), as the caller named it.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from photocen.platform.errors import ValidationFailed

MAX_URL_LENGTH = 2048

# (host, port) → the addresses a connection could reach; raises ResolutionFailed.
Resolver = Callable[[str, int], list[str]]
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 spellings of one IPv4 address: a connection to them reaches that IPv4 host.
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291 (deprecated), minus :: and ::1
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
# Python's is_global calls these public (3.11; newer versions know the first): RFC 8215
# local-use NAT64 goes to a translator of our own network, fec0::/10 is site-local.
_NOT_PUBLIC = (ipaddress.IPv6Network("64:ff9b:1::/48"), ipaddress.IPv6Network("fec0::/10"))


class ResolutionFailed(ValidationFailed):
    """The host did not resolve: a caller's mistake when the URL is submitted, worth a
    retry when it is used later (DNS hiccups)."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ResolutionFailed(f"host {host!r} does not resolve") from exc
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class CheckedUrl:
    """A vetted URL: where to connect (``addresses``), and what to say in Host/SNI."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def check_url(
    url: str, *, field: str, allow_loopback: bool, resolver: Resolver = system_resolver
) -> CheckedUrl:
    """Refuse anything but https to public addresses (loopback only when allowed)."""
    if len(url) > MAX_URL_LENGTH:
        raise ValidationFailed(f"{field}: longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise ValidationFailed(f"{field}: must be an https URL")
    if parts.username or parts.password:
        raise ValidationFailed(f"{field}: must not carry credentials")
    host = parts.hostname
    if not host:
        raise ValidationFailed(f"{field}: has no host")
    try:
        explicit_port = parts.port  # None when absent; ValueError beyond 65535
    except ValueError as exc:
        raise ValidationFailed(f"{field}: invalid port") from exc
    if explicit_port == 0:  # urlsplit takes ":0", and `or` would quietly make it 443
        raise ValidationFailed(f"{field}: invalid port")
    port = explicit_port or (443 if parts.scheme == "https" else 80)
    # An IP literal is judged as written: nothing to look up.
    addresses = [host] if _ip_literal(host) else _resolve(resolver, host, port, field)
    if not addresses:
        raise ValidationFailed(f"{field}: host {host!r} does not resolve")
    loopback_only = True
    for address in addresses:
        for ip in _reached(ipaddress.ip_address(address.split("%")[0])):
            if ip.is_loopback and allow_loopback:
                continue
            loopback_only = False
            if not ip.is_global or ip.is_multicast or any(ip in n for n in _NOT_PUBLIC):
                raise ValidationFailed(
                    f"{field}: must not point at a private, loopback or link-local address"
                )
    if parts.scheme == "http" and not (allow_loopback and loopback_only):
        raise ValidationFailed(f"{field}: must be an https URL")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return CheckedUrl(parts.scheme, host, port, path, tuple(addresses))


def _resolve(resolver: Resolver, host: str, port: int, field: str) -> list[str]:
    try:
        return resolver(host, port)
    except ResolutionFailed as exc:
        raise ResolutionFailed(f"{field}: {exc.message}") from exc


def _ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def _reached(ip: _Address) -> list[_Address]:
    """What a connection to ``ip`` reaches, to be judged: an IPv6 spelling of an IPv4
    address is that address; a 6to4 or Teredo address is itself and its IPv4 endpoints."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)]
    reached: list[_Address] = [ip]
    if ip.sixtofour is not None:
        reached.append(ip.sixtofour)
    if ip.teredo is not None:
        reached.extend(ip.teredo)  # (server, client)
    return reached


# ---------------------------------------------------------------- connecting to a checked URL
class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def pinned_connection(target: CheckedUrl, timeout: float) -> http.client.HTTPConnection:
    """A connection to the address the guard checked, never to a second lookup of the name
    (no DNS rebinding); TLS still verifies the URL's host (SNI and certificate). Send
    ``host_header(target)`` as Host. Callers follow no redirect: it could point anywhere."""
    address = target.addresses[0]
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target.host, address, target.port, timeout)
    return http.client.HTTPConnection(address, target.port, timeout=timeout)


def host_header(target: CheckedUrl) -> str:
    default = 443 if target.scheme == "https" else 80
    return target.host if target.port == default else f"{target.host}:{target.port}"
