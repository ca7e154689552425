"""The webhook target guard: https only, never private, loopback or link-local."""

import socket

import pytest
from photocen.platform.errors import ValidationFailed
from photocen.webhooks.service import check_url

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def resolving_to(*addresses):
    return lambda host, port: list(addresses)


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",  # the instance metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 - an address to refuse
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",  # IPv4-mapped private
        "224.0.0.1",
    ],
)
def test_private_loopback_and_link_local_targets_are_refused(address):
    with pytest.raises(ValidationFailed, match="webhook_url"):
        check_url(
            "https://hooks.example.com/x", allow_loopback=False, resolver=resolving_to(address)
        )


# IPv6 spellings of internal IPv4 addresses (and internal IPv6 ranges Python calls global).
INTERNAL_SPELLINGS = [
    "::a9fe:a9fe",  # IPv4-compatible 169.254.169.254
    "::127.0.0.1",  # IPv4-compatible loopback
    "::10.0.0.1",
    "::ffff:169.254.169.254",  # IPv4-mapped
    "64:ff9b::a9fe:a9fe",  # NAT64 well-known prefix: 169.254.169.254
    "64:ff9b::a00:1",  # NAT64: 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64: 127.0.0.1
    "64:ff9b:1::a00:1",  # NAT64 local-use prefix (a translator of our own network)
    "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2001:0:a00:1::1",  # Teredo, server 10.0.0.1
    "fec0::1",  # site-local
]


def nothing_to_resolve(host, port):
    raise AssertionError(f"an IP literal was looked up: {host}")


@pytest.mark.parametrize("address", INTERNAL_SPELLINGS)
def test_ipv6_literals_spelling_internal_addresses_are_refused(address):
    with pytest.raises(ValidationFailed, match="private, loopback or link-local"):
        check_url(f"https://[{address}]/", allow_loopback=False, resolver=nothing_to_resolve)


@pytest.mark.parametrize("address", INTERNAL_SPELLINGS)
def test_aaaa_answers_spelling_internal_addresses_are_refused(address):
    with pytest.raises(ValidationFailed, match="private, loopback or link-local"):
        check_url(
            "https://hooks.example.com/", allow_loopback=False, resolver=resolving_to(address)
        )


def test_the_system_resolver_answers_are_unwrapped_too(monkeypatch):
    # Given a DNS64 resolver answering with the NAT64 spelling of the metadata service
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ValidationFailed, match="private, loopback or link-local"):
        check_url("https://hooks.example.com/", allow_loopback=False)


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::5db8:d822",  # DNS64 answer for 93.184.216.34 (IPv6-only networks)
        "2002:5db8:d822::1",  # 6to4 of 93.184.216.34
        "2606:4700:4700::1111",
    ],
)
def test_ipv6_spellings_of_public_addresses_are_accepted(address):
    target = check_url(
        "https://hooks.example.com/", allow_loopback=False, resolver=resolving_to(address)
    )
    assert target.addresses == (address,)


def test_an_ip_literal_is_judged_as_written_without_a_lookup():
    target = check_url(
        "https://[2606:4700:4700::1111]:8443/in", allow_loopback=False, resolver=nothing_to_resolve
    )
    assert (target.host, target.port, target.addresses) == (
        "2606:4700:4700::1111",
        8443,
        ("2606:4700:4700::1111",),
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com:0/",
        "https://hooks.example.com:00/",
        "https://hooks.example.com:65536/",
        "https://hooks.example.com:-1/",
    ],
)
def test_port_zero_and_out_of_range_ports_are_refused(url):
    with pytest.raises(ValidationFailed, match="webhook_url: invalid port"):
        check_url(url, allow_loopback=False, resolver=resolving_to("93.184.216.34"))


def test_a_public_https_target_is_accepted_and_pinned_to_the_checked_address():
    target = check_url(
        "https://hooks.example.com:8443/in?x=1",
        allow_loopback=False,
        resolver=resolving_to("93.184.216.34"),
    )
    assert (target.host, target.port, target.path) == ("hooks.example.com", 8443, "/in?x=1")
    assert target.addresses == ("93.184.216.34",)


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    with pytest.raises(ValidationFailed):
        check_url(
            "https://mixed.example.com/",
            allow_loopback=False,
            resolver=resolving_to("93.184.216.34", "10.1.2.3"),
        )


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",
        "ftp://hooks.example.com/x",
        "https://user:pw@hooks.example.com/x",
        "https:///nohost",
    ],
)
def test_non_https_or_credentialed_urls_are_refused(url):
    with pytest.raises(ValidationFailed):
        check_url(url, allow_loopback=False, resolver=resolving_to("93.184.216.34"))


def test_loopback_only_when_the_local_setting_allows_it():
    loopback = resolving_to("127.0.0.1")
    with pytest.raises(ValidationFailed):
        check_url("http://127.0.0.1:9000/hook", allow_loopback=False, resolver=loopback)
    target = check_url("http://127.0.0.1:9000/hook", allow_loopback=True, resolver=loopback)
    assert target.scheme == "http"
    # the setting opens loopback only: private ranges stay closed
    with pytest.raises(ValidationFailed):
        check_url("https://x.example/", allow_loopback=True, resolver=resolving_to("192.168.0.2"))
    # IPv6 spellings of loopback are loopback; a NAT64 one goes through a translator
    assert check_url("http://[::ffff:127.0.0.1]:9000/", allow_loopback=True, resolver=loopback)
    with pytest.raises(ValidationFailed):
        check_url("https://[64:ff9b:1::7f00:1]/", allow_loopback=True, resolver=loopback)
    # and plain http still needs a loopback target
    with pytest.raises(ValidationFailed):
        check_url("http://x.example/", allow_loopback=True, resolver=resolving_to("93.184.216.34"))


class FakeTransport:
    def __init__(self, status: int = 204) -> None:
        self.status = status
        self.calls: list[tuple[str, dict[str, str]]] = []

    def post(self, target, headers, body, timeout):
        self.calls.append((target.addresses[0], headers))
        return self.status


class FakeSecrets:
    def get_or_create(self, account_id):
        from datetime import UTC, datetime

        from photocen.webhooks.service import WebhookSecret, new_secret

        return WebhookSecret(new_secret(), None, None, datetime.now(UTC))


def _sender(resolver, transport):
    from photocen.webhooks.service import WebhookSender

    return WebhookSender(
        FakeSecrets(), transport, allow_loopback=False, timeout=1.0, resolver=resolver
    )


def _message(url="https://hooks.example.com/in"):
    from photocen.webhooks.service import WebhookMessage

    return WebhookMessage("msg_1", "acct", url, "generation.completed", {"type": "x"})


def test_a_target_that_now_resolves_privately_is_blocked_not_retried():
    transport = FakeTransport()
    delivery = _sender(resolving_to("10.0.0.9"), transport).send(_message())
    assert delivery.blocked
    assert transport.calls == []


def test_a_dns_failure_at_delivery_is_retried():
    from photocen.webhooks.service import DeliveryFailed, ResolutionFailed

    def broken(host, port):
        raise ResolutionFailed("webhook_url: host does not resolve")

    with pytest.raises(DeliveryFailed):
        _sender(broken, FakeTransport()).send(_message())


def test_the_connection_goes_to_the_vetted_address_and_non_2xx_is_a_failure():
    from photocen.webhooks.service import DeliveryFailed

    transport = FakeTransport(204)
    assert _sender(resolving_to("93.184.216.34"), transport).send(_message()).delivered
    assert transport.calls[0][0] == "93.184.216.34"
    with pytest.raises(DeliveryFailed):
        _sender(resolving_to("93.184.216.34"), FakeTransport(500)).send(_message())
