"""Webhook signing secrets in DynamoDB: the table's model and the store over it."""

from __future__ import annotations

from pynamodb.attributes import (
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import GetError, PutError
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model

from photocen.platform.aws import AwsTarget
from photocen.platform.dynamo import UnboundMeta, bind
from photocen.platform.errors import ServiceUnavailable
from photocen.webhooks.model import WebhookSecret

UNAVAILABLE = "the secrets store did not answer"


# ---------------------------------------------------------------- webhook secrets
class WebhookSecretRecord(Model):
    """The Standard Webhooks signing secret (``whsec_…``) of an account. After a rotation
    the previous secret also signs until ``previous_valid_until``.

    Access patterns: get/put by ``account_id``.
    """

    class Meta(UnboundMeta):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    secret = UnicodeAttribute()
    previous_secret = UnicodeAttribute(null=True)
    previous_valid_until = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class WebhookSecretStore:
    """One item per account; every write is conditional, so concurrent writers never
    silently overwrite each other (the caller is told, and decides)."""

    def __init__(self, target: AwsTarget, table_name: str) -> None:
        bind((WebhookSecretRecord,), table_name, target)

    def get(self, account_id: str) -> WebhookSecret | None:
        try:
            return _secret(WebhookSecretRecord.get(account_id, consistent_read=True))
        except WebhookSecretRecord.DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable(UNAVAILABLE) from exc

    def add(self, account_id: str, secret: WebhookSecret) -> bool:
        """Store the account's first secret; False when it already has one."""
        return self._put(
            _record(account_id, secret), WebhookSecretRecord.account_id.does_not_exist()
        )

    def replace(self, account_id: str, secret: WebhookSecret, *, current: str) -> bool:
        """Store ``secret`` in place of ``current``; False when ``current`` is no longer it."""
        return self._put(_record(account_id, secret), WebhookSecretRecord.secret == current)

    @staticmethod
    def _put(record: WebhookSecretRecord, condition: Condition) -> bool:
        try:
            record.save(condition=condition)
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise ServiceUnavailable(UNAVAILABLE) from exc
        return True


def _record(account_id: str, secret: WebhookSecret) -> WebhookSecretRecord:
    return WebhookSecretRecord(
        account_id,
        secret=secret.secret,
        previous_secret=secret.previous_secret,
        previous_valid_until=secret.previous_valid_until,
        created_at=secret.created_at,
    )


def _secret(record: WebhookSecretRecord) -> WebhookSecret:
    return WebhookSecret(
        record.secret, record.previous_secret, record.previous_valid_until, record.created_at
    )
