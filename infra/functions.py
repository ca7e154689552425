"""``PhotoCenFunction``: one Lambda function of ``functions/<name>/handler.py``, house style.

Python 3.12 on arm64, the shared code asset and the two layers (``LambdaPackaging``), its own
IAM role that starts empty (log writes to its own log group, X-Ray), Powertools environment,
active tracing and a log group with a retention. Grant it what it needs with the usual
``grant_*`` calls: it is ``IGrantable``.
"""

from __future__ import annotations

from collections.abc import Mapping

import jsii
from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.bundling import ARCHITECTURE, FUNCTIONS_DIR, RUNTIME, LambdaPackaging
from infra.config import PhotoCenConfig
from infra.nag import acknowledge


def handler_for(name: str) -> str:
    """The handler string: the same import path as in the tests."""
    return f"functions.{name}.handler.lambda_handler"


def handler_exists(name: str) -> bool:
    return (FUNCTIONS_DIR / name / "handler.py").is_file()


@jsii.implements(iam.IGrantable)
class PhotoCenFunction(Construct):
    """A PhotoCen Lambda function with its own least-privilege role.

    ``name`` is the folder under ``functions/`` (and the route table's function name).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        name: str,
        config: PhotoCenConfig,
        environment: Mapping[str, str] | None = None,
        memory_size: int = 512,
        timeout: Duration | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        if not handler_exists(name):
            raise ValueError(f"functions/{name}/handler.py does not exist")
        self.name = name
        packaging = LambdaPackaging.of(self)

        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"PhotoCen {name} function",
        )
        self.log_group = logs.LogGroup(
            self,
            "Logs",
            retention=config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=handler_for(name),
            code=packaging.code,
            layers=packaging.layers,
            role=self.role,
            memory_size=memory_size,
            timeout=timeout or Duration.seconds(10),
            tracing=lambda_.Tracing.ACTIVE,
            log_group=self.log_group,
            description=description or f"PhotoCen {name}",
            environment={
                "PHOTOCEN_ENVIRONMENT": "aws",
                "POWERTOOLS_SERVICE_NAME": f"photocen-{name}",
                "POWERTOOLS_LOG_LEVEL": config.log_level,
                **(environment or {}),
            },
        )
        # Instead of the AWSLambdaBasicExecutionRole managed policy (logs:* on every group).
        self.log_group.grant_write(self.role)
        acknowledge(
            self.role,
            "AwsSolutions-IAM5[Resource::*]",
            "Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not "
            "support resource-level permissions, so their resource is '*'.",
        )
        acknowledge(
            self.function,
            "AwsSolutions-L1",
            "Python 3.12 is pinned on purpose: the deps layer is built for the cp312 ABI "
            "(layers/deps, --python-version 3.12); a runtime upgrade changes the runtime, the "
            "layer build and the test interpreter together, deliberately.",
        )

    @property
    def grant_principal(self) -> iam.IPrincipal:
        return self.role

    def add_environment(self, key: str, value: str) -> None:
        self.function.add_environment(key, value)
