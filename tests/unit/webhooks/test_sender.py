"""One delivery attempt: the URL is checked again, the connection goes where the check
said, and only an answer a retry could change is retried."""

import pytest
from photocen.platform.outbound import ResolutionFailed
from photocen.webhooks.model import DeliveryFailed, WebhookMessage
from photocen.webhooks.service import WebhookDispatcher, WebhookSecretService, WebhookSender

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture
from tests.unit.webhooks.fakes import FakeQueue, FakeTransport, InMemorySecretStore

pytestmark = pytest.mark.usefixtures("no_sockets")


def resolving_to(*addresses):
    return lambda host, port: list(addresses)


def _sender(resolver, transport):
    secrets = WebhookSecretService(InMemorySecretStore())
    return WebhookSender(secrets, transport, allow_loopback=False, timeout=1.0, resolver=resolver)


def _message(url="https://hooks.example.com/in"):
    return WebhookMessage("msg_1", "acct", url, "generation.completed", {"type": "x"})


def test_a_target_that_now_resolves_privately_is_blocked_not_retried():
    transport = FakeTransport()
    attempt = _sender(resolving_to("10.0.0.9"), transport).send(_message())
    assert attempt.blocked
    assert transport.calls == []


def test_a_dns_failure_at_delivery_is_retried():
    def broken(host, port):
        raise ResolutionFailed(f"host {host!r} does not resolve")

    with pytest.raises(DeliveryFailed, match=r"webhook_url: host 'hooks\.example\.com'"):
        _sender(broken, FakeTransport()).send(_message())


def test_the_connection_goes_to_the_vetted_address_and_non_2xx_is_a_failure():
    transport = FakeTransport(204)
    assert _sender(resolving_to("93.184.216.34"), transport).send(_message()).delivered
    assert transport.calls[0][0] == "93.184.216.34"
    with pytest.raises(DeliveryFailed):
        _sender(resolving_to("93.184.216.34"), FakeTransport(500)).send(_message())


def test_a_failed_attempt_hides_the_message_for_its_backoff_and_is_reported():
    # Given a receiver that answers 503, on the third delivery of the message
    queue = FakeQueue()
    sender = _sender(resolving_to("93.184.216.34"), FakeTransport(503))
    dispatcher = WebhookDispatcher(
        sender, queue, backoff_base_seconds=30, backoff_cap_seconds=4 * 3600
    )
    # Then the attempt fails (a batch item failure) after the message was hidden 120 s
    with pytest.raises(DeliveryFailed):
        dispatcher.dispatch(_message().to_json(), receive_count=3, receipt_handle="rh-1")
    assert queue.delays == [("rh-1", 120)]


def test_a_blocked_target_is_dropped_without_a_retry():
    queue = FakeQueue()
    sender = _sender(resolving_to("10.0.0.9"), FakeTransport())
    dispatcher = WebhookDispatcher(sender, queue, backoff_base_seconds=30, backoff_cap_seconds=60)
    assert dispatcher.dispatch(_message().to_json(), 1, "rh-1") == "blocked"
    assert queue.delays == []
