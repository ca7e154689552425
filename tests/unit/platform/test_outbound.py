"""The outbound URL guard (SSRF): https only, never private, loopback or link-local."""

import socket

import pytest
from photocen.platform.errors import ValidationFailed
from photocen.platform.outbound import ResolutionFailed, check_url

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


# The field the URL came in, as the caller names it: every refusal starts with it.
FIELD = "webhook_url"


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
            "https://hooks.example.com/x",
            field=FIELD,
            allow_loopback=False,
            resolver=resolving_to(address),
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
        check_url(
            f"https://[{address}]/", field=FIELD, allow_loopback=False, resolver=nothing_to_resolve
        )


@pytest.mark.parametrize("address", INTERNAL_SPELLINGS)
def test_aaaa_answers_spelling_internal_addresses_are_refused(address):
    with pytest.raises(ValidationFailed, match="private, loopback or link-local"):
        check_url(
            "https://hooks.example.com/",
            field=FIELD,
            allow_loopback=False,
            resolver=resolving_to(address),
        )


def test_the_system_resolver_answers_are_unwrapped_too(monkeypatch):
    # Given a DNS64 resolver answering with the NAT64 spelling of the metadata service
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ValidationFailed, match="private, loopback or link-local"):
        check_url("https://hooks.example.com/", field=FIELD, allow_loopback=False)


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
        "https://hooks.example.com/",
        field=FIELD,
        allow_loopback=False,
        resolver=resolving_to(address),
    )
    assert target.addresses == (address,)


def test_an_ip_literal_is_judged_as_written_without_a_lookup():
    target = check_url(
        "https://[2606:4700:4700::1111]:8443/in",
        field=FIELD,
        allow_loopback=False,
        resolver=nothing_to_resolve,
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
        check_url(url, field=FIELD, allow_loopback=False, resolver=resolving_to("93.184.216.34"))


def test_a_public_https_target_is_accepted_and_pinned_to_the_checked_address():
    target = check_url(
        "https://hooks.example.com:8443/in?x=1",
        field=FIELD,
        allow_loopback=False,
        resolver=resolving_to("93.184.216.34"),
    )
    assert (target.host, target.port, target.path) == ("hooks.example.com", 8443, "/in?x=1")
    assert target.addresses == ("93.184.216.34",)


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    with pytest.raises(ValidationFailed):
        check_url(
            "https://mixed.example.com/",
            field=FIELD,
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
        check_url(url, field=FIELD, allow_loopback=False, resolver=resolving_to("93.184.216.34"))


def test_loopback_only_when_the_local_setting_allows_it():
    loopback = resolving_to("127.0.0.1")
    with pytest.raises(ValidationFailed):
        check_url(
            "http://127.0.0.1:9000/hook", field=FIELD, allow_loopback=False, resolver=loopback
        )
    target = check_url(
        "http://127.0.0.1:9000/hook", field=FIELD, allow_loopback=True, resolver=loopback
    )
    assert target.scheme == "http"
    # the setting opens loopback only: private ranges stay closed
    with pytest.raises(ValidationFailed):
        check_url(
            "https://x.example/",
            field=FIELD,
            allow_loopback=True,
            resolver=resolving_to("192.168.0.2"),
        )
    # IPv6 spellings of loopback are loopback; a NAT64 one goes through a translator
    assert check_url(
        "http://[::ffff:127.0.0.1]:9000/", field=FIELD, allow_loopback=True, resolver=loopback
    )
    with pytest.raises(ValidationFailed):
        check_url(
            "https://[64:ff9b:1::7f00:1]/", field=FIELD, allow_loopback=True, resolver=loopback
        )
    # and plain http still needs a loopback target
    with pytest.raises(ValidationFailed):
        check_url(
            "http://x.example/",
            field=FIELD,
            allow_loopback=True,
            resolver=resolving_to("93.184.216.34"),
        )


def test_a_refusal_names_the_field_the_caller_gave():
    # Given a URL that came in another field than a webhook's (a reference image, say)
    with pytest.raises(ValidationFailed, match=r"^reference_images\.0\.url: must be an https"):
        check_url(
            "ftp://images.example.com/a.png",
            field="reference_images.0.url",
            allow_loopback=False,
            resolver=resolving_to("93.184.216.34"),
        )


def test_a_host_that_does_not_resolve_is_a_resolution_failure_naming_the_field(monkeypatch):
    # Given DNS that does not know the host
    def getaddrinfo(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    # Then the refusal is a ResolutionFailed (a user may retry it later), naming the field
    with pytest.raises(ResolutionFailed) as refused:
        check_url("https://nowhere.example/", field=FIELD, allow_loopback=False)
    assert refused.value.message == "webhook_url: host 'nowhere.example' does not resolve"
