"""An account's signing secret: created once, rotated with a day of grace for the old one."""

from datetime import UTC, datetime, timedelta

import pytest
from photocen.platform.errors import ServiceUnavailable
from photocen.webhooks.model import WebhookSecret
from photocen.webhooks.service import ROTATION_GRACE, WebhookSecretService

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture
from tests.unit.webhooks.fakes import InMemorySecretStore

pytestmark = pytest.mark.usefixtures("no_sockets")

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_the_first_read_creates_the_secret_and_later_reads_return_it():
    store = InMemorySecretStore()
    service = WebhookSecretService(store, now=lambda: NOW)
    first = service.get_or_create("acct")
    assert first.secret.startswith("whsec_")
    assert first.created_at == NOW
    assert service.get_or_create("acct") == first
    assert store.items == {"acct": first}


def test_a_secret_created_concurrently_wins():
    # Given another request that stores a secret between our read and our write
    theirs = WebhookSecret("whsec_dGhlaXJzdGhlaXJzdGhlaXJzdGhlaXJz", None, None, NOW)

    class Racing(InMemorySecretStore):
        def add(self, account_id, secret):
            self.items[account_id] = theirs
            return super().add(account_id, secret)

    # Then theirs is the account's secret, for us too
    assert WebhookSecretService(Racing()).get_or_create("acct") == theirs


def test_rotation_keeps_the_old_secret_signing_for_the_grace_period():
    service = WebhookSecretService(InMemorySecretStore(), now=lambda: NOW)
    old = service.get_or_create("acct")
    rotated = service.rotate("acct")
    assert rotated.secret != old.secret
    assert rotated.previous_secret == old.secret
    assert rotated.previous_valid_until == NOW + ROTATION_GRACE == NOW + timedelta(hours=24)
    assert rotated.signing_secrets(NOW) == [rotated.secret, old.secret]
    assert rotated.signing_secrets(NOW + ROTATION_GRACE) == [rotated.secret]


def test_a_concurrent_rotation_is_refused_not_overwritten():
    class Racing(InMemorySecretStore):
        def replace(self, account_id, secret, *, current):
            return False  # someone rotated first

    with pytest.raises(ServiceUnavailable, match="rotated concurrently"):
        WebhookSecretService(Racing()).rotate("acct")
