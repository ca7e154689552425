"""The account function: ``GET /v1/account``."""

from aws_lambda_powertools.logging import correlation_paths
from photocen.accounts.wiring import account_service
from photocen.platform.http import create_app
from photocen.platform.observability import logger, metrics, tracer

from functions.account.routes import router

account_service()  # validate settings and build the stores at cold start
app = create_app()
app.include_router(router)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event, context):  # type: ignore[no-untyped-def]
    return app.resolve(event, context)
