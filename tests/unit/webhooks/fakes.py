"""In-memory fakes of the webhook stores and ports, for service tests without I/O."""

from __future__ import annotations

from photocen.platform.outbound import CheckedUrl
from photocen.webhooks.model import WebhookMessage, WebhookSecret


class InMemorySecretStore:
    """``WebhookSecretStore`` in a dict, with the same conditional writes."""

    def __init__(self) -> None:
        self.items: dict[str, WebhookSecret] = {}

    def get(self, account_id: str) -> WebhookSecret | None:
        return self.items.get(account_id)

    def add(self, account_id: str, secret: WebhookSecret) -> bool:
        if account_id in self.items:
            return False
        self.items[account_id] = secret
        return True

    def replace(self, account_id: str, secret: WebhookSecret, *, current: str) -> bool:
        stored = self.items.get(account_id)
        if stored is None or stored.secret != current:
            return False
        self.items[account_id] = secret
        return True


class FakeTransport:
    """Answers every POST with ``status`` and remembers where it went."""

    def __init__(self, status: int = 204) -> None:
        self.status = status
        self.calls: list[tuple[str, dict[str, str]]] = []

    def post(self, target: CheckedUrl, headers: dict[str, str], body: bytes, timeout: float) -> int:
        self.calls.append((target.addresses[0], headers))
        return self.status


class FakeQueue:
    def __init__(self) -> None:
        self.sent: list[WebhookMessage] = []
        self.delays: list[tuple[str, int]] = []

    def enqueue(self, message: WebhookMessage) -> None:
        self.sent.append(message)

    def retry_later(self, receipt_handle: str, delay_seconds: int) -> None:
        self.delays.append((receipt_handle, delay_seconds))
