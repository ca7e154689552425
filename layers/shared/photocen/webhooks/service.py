"""Webhooks, following Standard Webhooks (https://www.standardwebhooks.com).

- Signing: ``webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`` where the
  key is the base64-decoded part of the account's ``whsec_…`` secret. During the day after a
  rotation the previous secret signs too (space-separated signatures, as the spec allows).
- Delivery: from an SQS queue, at least once. A failed attempt sets the message's visibility
  timeout to an exponential backoff and reports a partial batch failure, so SQS retries it
  with the same ``webhook-id`` and moves it to the dead-letter queue after the queue's
  ``maxReceiveCount`` (docs/decisions: webhook delivery).
- SSRF guard: https only, and every address the host resolves to must be public; the
  connection goes to the address that was checked (no second lookup, no redirects).
  Loopback (and plain http to it) only where ``webhook_allow_loopback`` is set (local dev).
  An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is
  judged by the IPv4 address it reaches too, so ``[::a9fe:a9fe]`` is the metadata service.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import GetError, PutError

from photocen.platform.aws import AwsTarget, client
from photocen.platform.clock import utcnow
from photocen.platform.errors import ServiceUnavailable, ValidationFailed
from photocen.platform.observability import logger
from photocen.webhooks.store import WebhookSecretRecord

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SECRET_BYTES = 24
ROTATION_GRACE = timedelta(hours=24)
MAX_URL_LENGTH = 2048

EVENT_COMPLETED = "generation.completed"
EVENT_FAILED = "generation.failed"


# ---------------------------------------------------------------- signing (pure)
def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    """One ``v1,<signature>`` of Standard Webhooks."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    message = f"{webhook_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    secrets_: Sequence[str], webhook_id: str, timestamp: int, body: str
) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, webhook_id, timestamp, body) for s in secrets_),
        "content-type": "application/json",
        "user-agent": "PhotoCen-Webhooks/1",
    }


def webhook_id_for(job_id: str, event: str) -> str:
    """Stable per job and event: a re-enqueued message carries the same id."""
    return f"msg_{job_id}_{event.split('.')[-1]}"


def backoff_seconds(attempt: int, base: int, cap: int) -> int:
    """Visibility timeout after the ``attempt``-th failed delivery (1-based)."""
    return int(min(cap, base * 2 ** max(0, attempt - 1)))


# ---------------------------------------------------------------- SSRF guard
Resolver = Callable[[str, int], list[str]]
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 spellings of one IPv4 address: a connection to them reaches that IPv4 host.
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291 (deprecated), minus :: and ::1
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
# Python's is_global calls these public (3.11; newer versions know the first): RFC 8215
# local-use NAT64 goes to a translator of our own network, fec0::/10 is site-local.
_NOT_PUBLIC = (ipaddress.IPv6Network("64:ff9b:1::/48"), ipaddress.IPv6Network("fec0::/10"))


class ResolutionFailed(ValidationFailed):
    """The host did not resolve: refused at submission, retried at delivery (DNS hiccups)."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ResolutionFailed(f"webhook_url: host {host!r} does not resolve") from exc
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class Target:
    """A vetted webhook target: where to connect, and what to say in Host/SNI."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def check_url(url: str, *, allow_loopback: bool, resolver: Resolver = system_resolver) -> Target:
    """Refuse anything but https to public addresses (loopback only when allowed)."""
    if len(url) > MAX_URL_LENGTH:
        raise ValidationFailed(f"webhook_url: longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise ValidationFailed("webhook_url: must be an https URL")
    if parts.username or parts.password:
        raise ValidationFailed("webhook_url: must not carry credentials")
    host = parts.hostname
    if not host:
        raise ValidationFailed("webhook_url: has no host")
    try:
        explicit_port = parts.port  # None when absent; ValueError beyond 65535
    except ValueError as exc:
        raise ValidationFailed("webhook_url: invalid port") from exc
    if explicit_port == 0:  # urlsplit takes ":0", and `or` would quietly make it 443
        raise ValidationFailed("webhook_url: invalid port")
    port = explicit_port or (443 if parts.scheme == "https" else 80)
    # An IP literal is judged as written: nothing to look up.
    addresses = [host] if _ip_literal(host) else resolver(host, port)
    if not addresses:
        raise ValidationFailed(f"webhook_url: host {host!r} does not resolve")
    loopback_only = True
    for address in addresses:
        for ip in _reached(ipaddress.ip_address(address.split("%")[0])):
            if ip.is_loopback and allow_loopback:
                continue
            loopback_only = False
            if not ip.is_global or ip.is_multicast or any(ip in n for n in _NOT_PUBLIC):
                raise ValidationFailed(
                    "webhook_url: must not point at a private, loopback or link-local address"
                )
    if parts.scheme == "http" and not (allow_loopback and loopback_only):
        raise ValidationFailed("webhook_url: must be an https URL")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, path, tuple(addresses))


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


# ---------------------------------------------------------------- transport port + adapter
class WebhookTransport(Protocol):
    def post(self, target: Target, headers: dict[str, str], body: bytes, timeout: float) -> int:
        """POST and return the HTTP status; raise ``OSError`` when no answer came."""
        ...


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class HttpTransport:
    """Connects to the vetted address (Host and SNI stay the URL's); follows no redirect."""

    def post(self, target: Target, headers: dict[str, str], body: bytes, timeout: float) -> int:
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


def _host_header(target: Target) -> str:
    default = 443 if target.scheme == "https" else 80
    return target.host if target.port == default else f"{target.host}:{target.port}"


# ---------------------------------------------------------------- secrets
@dataclass(frozen=True)
class WebhookSecret:
    secret: str
    previous_secret: str | None
    previous_valid_until: datetime | None
    created_at: datetime

    def signing_secrets(self, now: datetime) -> list[str]:
        keys = [self.secret]
        if self.previous_secret and self.previous_valid_until and now < self.previous_valid_until:
            keys.append(self.previous_secret)
        return keys


class WebhookSecretStore:
    def get_or_create(self, account_id: str) -> WebhookSecret:
        try:
            return _secret(WebhookSecretRecord.get(account_id, consistent_read=True))
        except WebhookSecretRecord.DoesNotExist:
            pass
        except GetError as exc:
            raise ServiceUnavailable("the secrets store did not answer") from exc
        record = WebhookSecretRecord(account_id, secret=new_secret(), created_at=utcnow())
        try:
            record.save(condition=WebhookSecretRecord.account_id.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                # Created concurrently: the stored one is the secret.
                return _secret(WebhookSecretRecord.get(account_id, consistent_read=True))
            raise ServiceUnavailable("the secrets store did not answer") from exc
        return _secret(record)

    def rotate(self, account_id: str) -> WebhookSecret:
        current = self.get_or_create(account_id)
        now = utcnow()
        record = WebhookSecretRecord(
            account_id,
            secret=new_secret(),
            previous_secret=current.secret,
            previous_valid_until=now + ROTATION_GRACE,
            created_at=now,
        )
        try:
            record.save(condition=WebhookSecretRecord.secret == current.secret)
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise ServiceUnavailable("the secret was rotated concurrently; try again") from exc
            raise ServiceUnavailable("the secrets store did not answer") from exc
        return _secret(record)


def _secret(record: WebhookSecretRecord) -> WebhookSecret:
    return WebhookSecret(
        record.secret, record.previous_secret, record.previous_valid_until, record.created_at
    )


# ---------------------------------------------------------------- queue
@dataclass(frozen=True)
class WebhookMessage:
    webhook_id: str
    account_id: str
    url: str
    event: str
    payload: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(self.__dict__, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> WebhookMessage:
        data = json.loads(raw)
        return cls(
            webhook_id=str(data["webhook_id"]),
            account_id=str(data["account_id"]),
            url=str(data["url"]),
            event=str(data["event"]),
            payload=dict(data["payload"]),
        )


class WebhookQueue:
    def __init__(self, target: AwsTarget, queue_url: str) -> None:
        self._target = target
        self.queue_url = queue_url

    @property
    def _sqs(self) -> Any:
        return client("sqs", self._target.region, self._target.endpoint_url)

    def enqueue(self, message: WebhookMessage) -> None:
        try:
            self._sqs.send_message(QueueUrl=self.queue_url, MessageBody=message.to_json())
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the webhook queue did not answer") from exc

    def retry_later(self, receipt_handle: str, delay_seconds: int) -> None:
        try:
            self._sqs.change_message_visibility(
                QueueUrl=self.queue_url,
                ReceiptHandle=receipt_handle,
                VisibilityTimeout=min(delay_seconds, 43_200),
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the webhook queue did not answer") from exc


# ---------------------------------------------------------------- delivery
class DeliveryFailed(Exception):
    """The receiver did not take the webhook; SQS will deliver it again after a backoff."""


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    blocked: bool = False


class WebhookSender:
    def __init__(
        self,
        secrets_store: WebhookSecretStore,
        transport: WebhookTransport,
        *,
        allow_loopback: bool,
        timeout: float,
        resolver: Resolver = system_resolver,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._secrets = secrets_store
        self._transport = transport
        self._allow_loopback = allow_loopback
        self._timeout = timeout
        self._resolver = resolver
        self._now = now

    def send(self, message: WebhookMessage) -> Delivery:
        """One attempt. Raises ``DeliveryFailed`` when a retry may succeed."""
        try:
            target = check_url(
                message.url, allow_loopback=self._allow_loopback, resolver=self._resolver
            )
        except ResolutionFailed as exc:
            raise DeliveryFailed(exc.message) from exc
        except ValidationFailed:
            # Never deliverable (now points somewhere private): retrying would not help.
            return Delivery(delivered=False, blocked=True)
        now = self._now()
        body = json.dumps(message.payload, separators=(",", ":"))
        keys = self._secrets.get_or_create(message.account_id).signing_secrets(now)
        headers = signature_headers(keys, message.webhook_id, int(now.timestamp()), body)
        try:
            status = self._transport.post(target, headers, body.encode(), self._timeout)
        except OSError as exc:
            raise DeliveryFailed(f"no answer from the receiver: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryFailed(f"the receiver answered {status}")
        return Delivery(delivered=True)


class WebhookDispatcher:
    """One SQS delivery of a queued webhook: one attempt, and the backoff when it fails.

    A failed attempt sets the message's visibility timeout to ``backoff_seconds`` of its
    receive count and raises ``DeliveryFailed``, so the batch reports it as an item failure:
    SQS delivers it again (same ``webhook-id``) after the backoff, and moves it to the
    dead-letter queue after the queue's ``maxReceiveCount``.
    """

    def __init__(
        self,
        sender: WebhookSender,
        queue: WebhookQueue,
        *,
        backoff_base_seconds: int,
        backoff_cap_seconds: int,
    ) -> None:
        self.sender = sender
        self.queue = queue
        self.backoff_base_seconds = backoff_base_seconds
        self.backoff_cap_seconds = backoff_cap_seconds

    def dispatch(self, body: str, receive_count: int, receipt_handle: str) -> str:
        """Deliver one queued message; returns ``delivered`` or ``blocked``."""
        message = WebhookMessage.from_json(body)
        try:
            delivery = self.sender.send(message)
        except DeliveryFailed:
            delay = backoff_seconds(
                receive_count, self.backoff_base_seconds, self.backoff_cap_seconds
            )
            self.queue.retry_later(receipt_handle, delay)
            logger.info(
                "webhook retry",
                extra={"webhook_id": message.webhook_id, "attempt": receive_count, "delay": delay},
            )
            raise
        if delivery.blocked:
            logger.warning("webhook target refused", extra={"webhook_id": message.webhook_id})
            return "blocked"
        return "delivered"
