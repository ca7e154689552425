"""Lambda REQUEST authorizer: bearer token → principal, or 401.

API Gateway caches the answer per ``Authorization`` header, so the policy allows every route
of the stage; what a principal may do is decided by the handlers.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from photocen.accounts.tokens import bearer_token
from photocen.accounts.wiring import authenticator
from photocen.platform.errors import Unauthorized
from photocen.platform.observability import logger, tracer

authenticator()  # validate settings and build the keys store at cold start


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@event_source(data_class=APIGatewayAuthorizerRequestEvent)
def lambda_handler(
    event: APIGatewayAuthorizerRequestEvent, context: LambdaContext
) -> dict[str, Any]:
    token = bearer_token(event.headers.get("Authorization") or event.headers.get("authorization"))
    if token is None:
        raise Exception("Unauthorized")
    try:
        principal = authenticator().resolve(token)
    except Unauthorized as exc:
        raise Exception("Unauthorized") from exc
    arn = event.parsed_arn
    policy = APIGatewayAuthorizerResponse(
        principal_id=principal.account_id,
        region=arn.region,
        aws_account_id=arn.aws_account_id,
        api_id=arn.api_id,
        stage=arn.stage,
        context=principal.as_context(),
    )
    policy.allow_all_routes()
    return policy.asdict()
