"""The webhooks function's settings ask for what it uses, nothing more."""

import os

import pytest
from photocen.webhooks.settings import WebhookSettings
from pydantic import ValidationError

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("PHOTOCEN_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_the_webhooks_function_starts_with_only_its_secrets_table_and_queue(bare_environment):
    bare_environment.setenv("PHOTOCEN_WEBHOOK_SECRETS_TABLE", "photocen-webhook-secrets")
    bare_environment.setenv("PHOTOCEN_WEBHOOKS_QUEUE_URL", "https://sqs.example/webhooks")
    bare_environment.setenv("PHOTOCEN_WEBHOOK_ALLOW_LOOPBACK", "true")  # as the local stack
    settings = WebhookSettings()  # type: ignore[call-arg]
    assert settings.webhook_secrets_table == "photocen-webhook-secrets"
    assert settings.webhook_allow_loopback is True
    unused = {"credits_table", "jobs_table", "cache_bucket", "image_url_ttl_seconds"}
    assert not unused & set(WebhookSettings.model_fields)


def test_the_webhooks_function_still_refuses_to_start_without_its_queue(bare_environment):
    bare_environment.setenv("PHOTOCEN_WEBHOOK_SECRETS_TABLE", "photocen-webhook-secrets")
    with pytest.raises(ValidationError, match="webhooks_queue_url"):
        WebhookSettings()  # type: ignore[call-arg]
