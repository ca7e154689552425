"""The handler factories: every function's ``lambda_handler`` is built here, one way.

A function's ``handler.py`` names what it serves and the services to warm at cold start
(their wiring validates the settings and builds the stores before the first request):

    app, lambda_handler = api_handler(router, gate=request_limiter, warm=account_service)
    lambda_handler = batch_handler(record_handler, warm=result_processor)  # SQS
    lambda_handler = scheduled_handler(sweep, warm=sweeper)                # EventBridge
    lambda_handler = scheduled_tasks_handler({"migrate": …}, warm=lifecycle)  # EventBridge,
                                                             # the rule's input names the task
    lambda_handler = authorizer_handler(principal_of, warm=authenticator)  # REQUEST authorizer

One decorator order everywhere: the logger (with the request's correlation id for API
calls), then metrics, then the tracer. Each factory imports what its kind needs when it is
called, so a scheduled function never pays for the API resolver (``make bench-coldstart``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from photocen.platform.observability import logger, metrics, tracer

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from photocen.platform.http import OnBehalf, PhotoCenResolver, RequestGate
    from photocen.platform.principal import Principal

Handler = Callable[[dict[str, Any], LambdaContext], Any]


def _warm(services: Callable[[], object] | None) -> None:
    if services is not None:
        services()


def api_handler(
    router: APIGatewayRouter,
    *,
    gate: Callable[[], RequestGate] | None,
    warm: Callable[[], object] | None = None,
    on_behalf: Callable[[], OnBehalf] | None = None,
) -> tuple[PhotoCenResolver, Handler]:
    """An API function: the resolver with ``router``'s routes, and its handler.

    ``gate`` builds what every authenticated request passes first (the rate limits:
    ``photocen.limits.wiring.request_limiter``); it is required so that no API function
    forgets it: ``None`` only for a function whose routes are all public.

    ``on_behalf`` builds the resolver of the ``PhotoCen-Account`` header (a partner acting as
    one of its end users; ``partners.wiring.on_behalf``); it is built at cold start, with the
    services, and runs before the gate. A function without it refuses the header (403).
    """
    from aws_lambda_powertools.logging import correlation_paths

    from photocen.platform.http import create_app

    _warm(warm)
    app = create_app(on_behalf=on_behalf() if on_behalf is not None else None)
    app.gate = gate() if gate is not None else None
    app.include_router(router)

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
    @metrics.log_metrics
    @tracer.capture_lambda_handler(capture_response=False)
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return app.resolve(event, context)

    return app, lambda_handler


def batch_handler(
    record_handler: Callable[[SQSRecord], object], *, warm: Callable[[], object] | None = None
) -> Handler:
    """An SQS consumer with partial batch failures: a failed record is reported in
    ``batchItemFailures`` and SQS delivers it again (then to the dead-letter queue)."""
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    _warm(warm)
    # A batch whose every record failed (e.g. a receiver down) is reported as such, not
    # raised: SQS retries and dead-letters exactly the same, but the invocation is no Lambda
    # error, so the function-errors alarm stays for real crashes. Powertools still raises by
    # default (BatchProcessingError, even in 3.37); the opt-out exists since 2.41.
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)

    @logger.inject_lambda_context
    @metrics.log_metrics
    @tracer.capture_lambda_handler(capture_response=False)
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )

    return lambda_handler


def scheduled_handler(
    job: Callable[[], dict[str, Any]], *, warm: Callable[[], object] | None = None
) -> Handler:
    """A scheduled function (EventBridge): runs ``job`` and returns its report."""
    _warm(warm)

    @logger.inject_lambda_context
    @metrics.log_metrics
    @tracer.capture_lambda_handler(capture_response=False)
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return job()

    return lambda_handler


Task = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def scheduled_tasks_handler(
    tasks: dict[str, Task], *, warm: Callable[[], object] | None = None
) -> Handler:
    """A scheduled function with several jobs: each EventBridge rule's constant input is
    ``{"task": name}``; the task gets the event and the Lambda context (for the time left).
    An unknown task is an error (the invocation fails; nothing runs)."""
    _warm(warm)

    @logger.inject_lambda_context
    @metrics.log_metrics
    @tracer.capture_lambda_handler(capture_response=False)
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        name = event.get("task") if isinstance(event, dict) else None
        task = tasks.get(name) if isinstance(name, str) else None
        if task is None:
            raise ValueError(f"unknown task {name!r}; one of {sorted(tasks)}")
        return {"task": name, **task(event, context)}

    return lambda_handler


def authorizer_handler(
    principal_of: Callable[[str | None], Principal | None],
    *,
    warm: Callable[[], object] | None = None,
) -> Handler:
    """A REQUEST authorizer: ``principal_of(Authorization header)`` → allow with the principal
    as context, or ``None`` → 401 (API Gateway's UNAUTHORIZED gateway response), or
    ``Forbidden`` raised → deny every route (ACCESS_DENIED: 403); a key that is not a
    partner's is denied the partner API (``PARTNER_ONLY_PREFIX``). Any other
    error is API Gateway's AUTHORIZER_FAILURE (503). API Gateway caches the answer per
    ``Authorization`` header, so the policy allows every route of the stage; what a principal
    may do is decided by the handlers."""
    from aws_lambda_powertools.utilities.data_classes import event_source
    from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
        APIGatewayAuthorizerRequestEvent,
        APIGatewayAuthorizerResponse,
    )

    from photocen.platform.errors import Forbidden
    from photocen.platform.routes import PARTNER_ONLY_PREFIX

    _warm(warm)

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler(capture_response=False)
    @event_source(data_class=APIGatewayAuthorizerRequestEvent)
    def lambda_handler(
        event: APIGatewayAuthorizerRequestEvent, context: LambdaContext
    ) -> dict[str, Any]:
        headers = event.headers
        arn = event.parsed_arn
        try:
            principal = principal_of(headers.get("Authorization") or headers.get("authorization"))
        except Forbidden:
            # A known key of an account that may not call (suspended, closed): API Gateway's
            # ACCESS_DENIED gateway response, a 403 in the envelope.
            denied = APIGatewayAuthorizerResponse(
                principal_id="denied",
                region=arn.region,
                aws_account_id=arn.aws_account_id,
                api_id=arn.api_id,
                stage=arn.stage,
            )
            denied.deny_all_routes()
            return denied.asdict()
        if principal is None:
            raise Exception("Unauthorized")
        policy = APIGatewayAuthorizerResponse(
            principal_id=principal.account_id,
            region=arn.region,
            aws_account_id=arn.aws_account_id,
            api_id=arn.api_id,
            stage=arn.stage,
            context=principal.as_context(),
        )
        policy.allow_all_routes()
        if principal.kind != "partner":
            # Explicit deny wins over the allow: the partner API is for partner keys only.
            policy.deny_route("*", PARTNER_ONLY_PREFIX.lstrip("/") + "*")
        return policy.asdict()

    return lambda_handler  # type: ignore[no-any-return]
