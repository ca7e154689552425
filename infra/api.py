"""API: the REST API, its REQUEST authorizer, and one method per route of the route table.

Routes are never listed here: ``photocen.platform.routes.ROUTES`` is the one route table (the local
gateway reads it too). A capability construct creates the function named by its routes and
hands it to ``Api.add_function``, which adds exactly that function's methods. Routes of a
function that nothing added are not deployed, and synthesis says so with a warning
(``cdk synth --strict`` fails on it).
"""

from __future__ import annotations

import json

import jsii
from aws_cdk import Annotations, Aspects, Duration, IAspect, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct, IConstruct
from photocen.platform.http import CORS_ALLOW_HEADERS
from photocen.platform.routes import (
    AUTHORIZER_CACHE_TTL_SECONDS,
    AUTHORIZER_FUNCTION,
    BINARY_MEDIA_TYPES,
    GATEWAY_RESPONSES,
    ROUTES,
    Route,
    accepts_on_behalf,
    gateway_response_template,
)
from photocen.platform.specs import pascal

from infra.config import PhotoCenConfig
from infra.data import COUNTER_ACTIONS, Data
from infra.functions import PhotoCenFunction
from infra.nag import acknowledge

AUTHORIZATION_HEADER = "Authorization"

# JSON access log, one line per request. Never the Authorization header or a body.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "extendedRequestId": "$context.extendedRequestId",
    "requestTime": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "userAgent": "$context.identity.userAgent",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "path": "$context.path",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationStatus": "$context.integration.status",
    "integrationLatency": "$context.integration.latency",
    "integrationError": "$context.integration.error",
    "principalId": "$context.authorizer.principalId",
    "authorizerLatency": "$context.authorizer.integrationLatency",
    "authorizerError": "$context.authorizer.error",
    "errorType": "$context.error.responseType",
    "errorMessage": "$context.error.message",
    "xrayTraceId": "$context.xrayTraceId",
}

_LAMBDA_AUTHORIZER_NOT_COGNITO = (
    "Callers are API clients with bearer tokens (pc_live_/pc_partner_), not Cognito users: the "
    "Lambda REQUEST authorizer resolves SHA-256(token) against the api_keys table "
    "(docs/decisions/0004)."
)


class Api(Construct):
    """The public REST API of PhotoCen (regional endpoint, one stage)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, data: Data
    ) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.functions: dict[str, PhotoCenFunction] = {}

        self.authorizer_function = PhotoCenFunction(
            self,
            "AuthorizerFunction",
            name=AUTHORIZER_FUNCTION,
            config=config,
            environment=data.environment(),
            memory_size=256,
            timeout=Duration.seconds(5),
            description="PhotoCen bearer-token authorizer",
        )
        # Per token (Authenticator.resolve): one `ApiKeyStore.get`, then one
        # `AccountStore.get` (a suspended or closed account's keys are refused: 403). No index.
        data.grant_items(self.authorizer_function, "api_keys", "dynamodb:GetItem")
        data.grant_items(self.authorizer_function, "accounts", "dynamodb:GetItem")
        self._data = data

        self.access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            description="PhotoCen: generate, personalize, search and serve AI images",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            binary_media_types=list(BINARY_MEDIA_TYPES),
            # Execution logs (errors only) need API Gateway's account-level CloudWatch role.
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=(
                    apigw.Cors.ALL_ORIGINS if config.open_cors else list(config.cors_origins)
                ),
                allow_methods=apigw.Cors.ALL_METHODS,
                allow_headers=list(CORS_ALLOW_HEADERS),
                max_age=Duration.minutes(10),
                status_code=204,
            ),
            deploy_options=apigw.StageOptions(
                stage_name=config.stage_name,
                access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
                access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
                tracing_enabled=True,
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,  # full request logs would contain bearer tokens
                metrics_enabled=True,
                # Stage-wide (all callers together): per-key plan limits do not exist yet.
                throttling_rate_limit=config.throttling_rate_limit,
                throttling_burst_limit=config.throttling_burst_limit,
            ),
        )
        # The stack publishes the URL under the stable output id `ApiUrl` instead.
        self.rest_api.node.try_remove_child("Endpoint")
        self.authorizer = apigw.RequestAuthorizer(
            self,
            "Authorizer",
            handler=self.authorizer_function.function,
            identity_sources=[apigw.IdentitySource.header(AUTHORIZATION_HEADER)],
            results_cache_ttl=Duration.seconds(AUTHORIZER_CACHE_TTL_SECONDS),
        )
        self._gateway_responses()
        self._web_acl()
        self._acknowledge_api_wide()
        Aspects.of(self).add(_RouteCoverage(self))

    # ------------------------------------------------------------------ public API
    @property
    def url(self) -> str:
        return self.rest_api.url

    def add_function(self, function: PhotoCenFunction) -> None:
        """Serve every route of ``function.name`` from ``ROUTES`` with this function."""
        routes = [r for r in ROUTES if r.function == function.name]
        if not routes:
            raise ValueError(
                f"no route in photocen.platform.routes.ROUTES is served by {function.name!r}"
            )
        if function.name in self.functions:
            raise ValueError(f"function {function.name!r} was already added to the API")
        self.functions[function.name] = function
        if any(route.auth for route in routes):
            # The limits gate of every authenticated request (photocen.limits): one
            # conditional UpdateItem on the account's counter item, GetItem to read usage and
            # keys' last use; the first request of a day reads the balance's metered total.
            self._data.grant_items(function, "counters", *COUNTER_ACTIONS)
            self._data.grant_items(function, "credits", "dynamodb:GetItem")
        # For the handlers' own CORS headers (the resolver's CORSConfig); ["*"] when open.
        function.add_environment(
            "PHOTOCEN_CORS_ORIGINS", json.dumps(list(self.config.cors_origins))
        )
        # One integration and one invoke permission per function for the whole API: a
        # function with many routes stays far below Lambda's resource-policy size limit.
        integration = apigw.LambdaIntegration(function.function, scope_permission_to_method=False)
        for route in routes:
            self._add_method(route, integration)
        if any(accepts_on_behalf(r) for r in routes):
            # PhotoCen-Account (a partner acting as its end user) is resolved in the
            # function's HTTP layer: one GetItem of the end user's account (OnBehalf).
            self._data.grant_items(function, "accounts", "dynamodb:GetItem")

    # ------------------------------------------------------------------ internals
    def _add_method(self, route: Route, integration: apigw.LambdaIntegration) -> None:
        resource = self.rest_api.root.resource_for_path(route.path)
        method = resource.add_method(
            route.method,
            integration,
            authorizer=self.authorizer if route.auth else None,
            authorization_type=(
                apigw.AuthorizationType.CUSTOM if route.auth else apigw.AuthorizationType.NONE
            ),
        )
        acknowledge(method, "AwsSolutions-COG4", _LAMBDA_AUTHORIZER_NOT_COGNITO)
        if not route.auth:
            acknowledge(
                method,
                "AwsSolutions-APIG4",
                f"{route.method} {route.path} is public by the route table "
                "(photocen.platform.routes: auth=False), as documented in the API reference.",
            )

    def _gateway_responses(self) -> None:
        """API Gateway's own errors (no token, unknown route, throttled…) in the PhotoCen
        error envelope, with ``X-Request-Id`` like every other response."""
        headers = {
            "X-Request-Id": "context.requestId",
            "Access-Control-Expose-Headers": "'X-Request-Id'",
        }
        if self.config.open_cors:
            headers["Access-Control-Allow-Origin"] = "'*'"
        elif len(self.config.cors_origins) == 1:
            headers["Access-Control-Allow-Origin"] = f"'{self.config.cors_origins[0]}'"
        # Several strict origins: a static header cannot echo the caller's origin; API
        # Gateway's own errors then reach browsers as opaque CORS failures.
        for kind, response in GATEWAY_RESPONSES.items():
            self.rest_api.add_gateway_response(
                f"{pascal(kind.lower())}Response",
                type=apigw.ResponseType.of(kind),
                # DEFAULT_4XX/5XX keep API Gateway's own status (a 415 stays a 415, a WAF
                # block stays a 403); the named types get the route table's status.
                status_code=None if kind.startswith("DEFAULT_") else str(response.status),
                response_headers=headers,
                templates={"application/json": gateway_response_template(kind)},
            )

    def _web_acl(self) -> None:
        stage = self.rest_api.deployment_stage
        if self.config.web_acl_arn:
            wafv2.CfnWebACLAssociation(
                self,
                "WebAclAssociation",
                resource_arn=stage.stage_arn,
                web_acl_arn=self.config.web_acl_arn,
            )
            return
        acknowledge(
            stage,
            "AwsSolutions-APIG3",
            "WAF is opt-in (it has a fixed monthly cost): set the context photocen:webAclArn to "
            "associate an existing REGIONAL web ACL. Without it, the stage's throttling "
            f"({self.config.throttling_rate_limit} requests/s, burst "
            f"{self.config.throttling_burst_limit}; photocen:throttlingRateLimit/BurstLimit) "
            "bounds the request rate of all callers together; per-key plan limits are not "
            "built yet.",
        )

    def _acknowledge_api_wide(self) -> None:
        acknowledge(
            self.rest_api,
            "AwsSolutions-APIG2",
            "Requests are validated by the handlers (Powertools + pydantic) so that every "
            "validation failure uses the PhotoCen error envelope with field details; API Gateway "
            "request validators would answer in another shape and duplicate the schemas.",
        )
        role = self.rest_api.node.try_find_child("CloudWatchRole")
        if role is not None:
            acknowledge(
                role,
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AmazonAPIGatewayPushToCloudWatchLogs]",
                "API Gateway's account-level logging role: the AWS managed policy is the one "
                "documented for this service role and follows the service's needs.",
            )


@jsii.implements(IAspect)
class _RouteCoverage:
    """At synthesis, warn about every function of the route table that no capability passed
    to ``Api.add_function``: its routes are not deployed. A warning, so that feature code can
    land before its infrastructure; ``cdk synth --strict`` turns it into an error."""

    def __init__(self, api: Api) -> None:
        self._api = api

    def visit(self, node: IConstruct) -> None:
        if node is not self._api:
            return
        for name in unserved_functions(self._api):
            paths = ", ".join(f"{r.method} {r.path}" for r in ROUTES if r.function == name)
            Annotations.of(self._api).add_warning_v2(
                f"photocen:routesNotDeployed:{name}",
                f"routes of function {name!r} are not deployed ({paths}): no capability "
                f"construct passes functions/{name} to Api.add_function (infra/README.md)",
            )


def unserved_functions(api: Api) -> list[str]:
    """Functions of the route table that the API does not serve (yet)."""
    return sorted({r.function for r in ROUTES} - set(api.functions))
