"""The delivery function: catalog images at any size, metered by credits (issue 3)."""

from aws_lambda_powertools.logging import correlation_paths
from photocen.delivery.wiring import delivery_service
from photocen.platform.http import create_app
from photocen.platform.observability import logger, metrics, tracer

from functions.delivery.routes import router

delivery_service()  # validate settings and build the stores at cold start
app = create_app()
app.include_router(router)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event, context):  # type: ignore[no-untyped-def]
    return app.resolve(event, context)
