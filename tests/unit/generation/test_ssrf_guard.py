"""The webhook target guard: https only, never private, loopback or link-local."""

import pytest
from photocen.errors import ValidationFailed
from photocen.generation.webhooks import check_url

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
    # and plain http still needs a loopback target
    with pytest.raises(ValidationFailed):
        check_url("http://x.example/", allow_loopback=True, resolver=resolving_to("93.184.216.34"))
