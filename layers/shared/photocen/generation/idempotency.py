"""Idempotent submission with Powertools' idempotency utility on DynamoDB.

Key: ``photocen.generate#md5([account_id, Idempotency-Key])`` — the account is part of the key,
so two accounts can never see each other's responses. Payload validation hashes the parsed
request body: the same key with another body is ``idempotency_key_reused`` (422); a request
with the same key still running is ``idempotency_in_progress`` (409); a finished one answers
its stored response again without touching credits or jobs.

What we learned running this against moto (docs/decisions: generation idempotency):

- moto honours ``ReturnValuesOnConditionCheckFailure=ALL_OLD`` on the conditional
  ``PutItem``, so Powertools gets the existing record from the failed put itself and needs no
  second read; the in-progress/complete/validation branches all work as on DynamoDB.
- Without ``register_lambda_context`` the in-progress record gets no
  ``in_progress_expiration``: a request that crashed would lock its key until the record
  expires (a day). We register the context on every call.
- An exception raised by the wrapped function deletes the in-progress record, so a refused
  request (402, 503) can be retried with the same key; only successes are remembered.
- One ``DynamoDBPersistenceLayer`` per ``IdempotencyConfig`` (a shared layer keeps the
  first config), and an explicit ``key_prefix`` so renaming this module keeps the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyInconsistentStateError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)

from photocen.platform.errors import IdempotencyInProgress, IdempotencyKeyReused, ServiceUnavailable
from photocen.platform.patterns import IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH

KEY_PREFIX = "photocen.generate"
# The header's shape is the platform's (every route taking an Idempotency-Key checks it alike).
KEY_PATTERN, MAX_KEY_LENGTH = IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH


class IdempotentSubmitter:
    """Runs ``submit`` at most once per (account, Idempotency-Key)."""

    def __init__(
        self,
        submit: Callable[..., dict[str, Any]],
        *,
        table_name: str,
        dynamodb_client: Any,
        expires_after_seconds: int,
    ) -> None:
        self._config = IdempotencyConfig(
            event_key_jmespath="[account_id, idempotency_key]",
            payload_validation_jmespath="body",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=expires_after_seconds,
        )
        persistence = DynamoDBPersistenceLayer(table_name=table_name, boto3_client=dynamodb_client)

        @idempotent_function(
            data_keyword_argument="request",
            config=self._config,
            persistence_store=persistence,
            key_prefix=KEY_PREFIX,
        )
        def run(request: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            return submit(**kwargs)

        self._run = run

    def __call__(
        self,
        *,
        account_id: str,
        idempotency_key: str,
        body: Any,
        lambda_context: Any,
        **kwargs: Any,
    ) -> dict[str, Any]:
        self._config.register_lambda_context(lambda_context)
        request = {"account_id": account_id, "idempotency_key": idempotency_key, "body": body}
        try:
            return self._run(request=request, **kwargs)
        except IdempotencyValidationError as exc:
            raise IdempotencyKeyReused() from exc
        except IdempotencyAlreadyInProgressError as exc:
            raise IdempotencyInProgress() from exc
        except (IdempotencyInconsistentStateError, IdempotencyPersistenceLayerError) as exc:
            raise ServiceUnavailable("the idempotency store did not answer") from exc
