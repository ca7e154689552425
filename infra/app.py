"""The CDK app: ``cdk synth`` runs ``python -m infra.app`` (see cdk.json).

Builds the stack from the ``photocen:*`` context and runs cdk-nag (AwsSolutions) as a v3
validation plugin: any finding without an acknowledgement fails synthesis.
"""

from __future__ import annotations

import os
from typing import Any

from aws_cdk import App, Environment, Tags, Validations
from cdk_nag import AwsSolutionsChecks

from infra.config import PhotoCenConfig
from infra.stack import PhotoCenStack


def build_app(
    context: dict[str, Any] | None = None, outdir: str | None = None
) -> tuple[App, PhotoCenStack]:
    app = App(context=context, outdir=outdir)
    config = PhotoCenConfig.from_node(app.node)
    stack = PhotoCenStack(
        app,
        config.stack_name,
        config=config,
        description="PhotoCen: generate, personalize, search and serve AI images",
        env=Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
            region=config.region or os.environ.get("CDK_DEFAULT_REGION"),
        ),
    )
    Tags.of(app).add("project", "photocen")
    Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))
    return app, stack


def main() -> None:
    app, _ = build_app()
    app.synth()


if __name__ == "__main__":
    main()
