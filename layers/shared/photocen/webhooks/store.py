"""Webhook signing secrets in DynamoDB."""

from __future__ import annotations

from pynamodb.attributes import (
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from photocen.platform.dynamo import UnboundMeta


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
