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

        from photocen.generation.webhooks import WebhookSecret, new_secret

        return WebhookSecret(new_secret(), None, None, datetime.now(UTC))


def _sender(resolver, transport):
    from photocen.generation.webhooks import WebhookSender

    return WebhookSender(
        FakeSecrets(), transport, allow_loopback=False, timeout=1.0, resolver=resolver
    )


def _message(url="https://hooks.example.com/in"):
    from photocen.generation.webhooks import WebhookMessage

    return WebhookMessage("msg_1", "acct", url, "generation.completed", {"type": "x"})


def test_a_target_that_now_resolves_privately_is_blocked_not_retried():
    transport = FakeTransport()
    delivery = _sender(resolving_to("10.0.0.9"), transport).send(_message())
    assert delivery.blocked
    assert transport.calls == []


def test_a_dns_failure_at_delivery_is_retried():
    from photocen.generation.webhooks import DeliveryFailed, ResolutionFailed

    def broken(host, port):
        raise ResolutionFailed("webhook_url: host does not resolve")

    with pytest.raises(DeliveryFailed):
        _sender(broken, FakeTransport()).send(_message())


def test_the_connection_goes_to_the_vetted_address_and_non_2xx_is_a_failure():
    from photocen.generation.webhooks import DeliveryFailed

    transport = FakeTransport(204)
    assert _sender(resolving_to("93.184.216.34"), transport).send(_message()).delivered
    assert transport.calls[0][0] == "93.184.216.34"
    with pytest.raises(DeliveryFailed):
        _sender(resolving_to("93.184.216.34"), FakeTransport(500)).send(_message())
