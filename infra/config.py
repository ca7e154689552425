"""Deployment settings read from CDK context (``cdk.json`` or ``cdk synth -c key=value``).

Validated once when the app starts, so a typo in a context value fails ``cdk synth`` with a
clear message instead of producing a half-configured stack.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from aws_cdk import aws_logs as logs
from constructs import Node
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

PREFIX = "photocen:"

# CloudWatch Logs retention periods (days) and their CDK names.
_RETENTION = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS,
    150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    400: logs.RetentionDays.THIRTEEN_MONTHS,
    545: logs.RetentionDays.EIGHTEEN_MONTHS,
    731: logs.RetentionDays.TWO_YEARS,
    1827: logs.RetentionDays.FIVE_YEARS,
    3653: logs.RetentionDays.TEN_YEARS,
}


class PhotoCenConfig(BaseModel):
    """Everything an operator may set per deployment; defaults are the safe choice."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    stack_name: str = Field(
        default="PhotoCen", alias="stackName", pattern=r"^[A-Za-z][A-Za-z0-9-]*$"
    )
    region: str | None = None
    stage_name: str = Field(default="prod", alias="stageName", pattern=r"^[A-Za-z0-9_]+$")
    # ["*"] (or empty) is the open public API; a list of origins makes CORS strict.
    cors_origins: tuple[str, ...] = Field(default=("*",), alias="corsOrigins")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="logLevel"
    )
    log_retention_days: int = Field(default=30, alias="logRetentionDays")
    # "retain" keeps tables and buckets when the stack is deleted (credits are money).
    removal_policy: Literal["retain", "destroy"] = Field(default="retain", alias="removalPolicy")
    # Optional WAFv2 web ACL (REGIONAL scope) to associate with the API stage.
    web_acl_arn: str | None = Field(default=None, alias="webAclArn")
    # API Gateway stage throttling, for all callers together: steady requests per second and
    # the burst above it (token bucket). Beyond them API Gateway answers 429 itself.
    throttling_rate_limit: PositiveInt = Field(default=100, alias="throttlingRateLimit")
    throttling_burst_limit: PositiveInt = Field(default=200, alias="throttlingBurstLimit")
    # The generation endpoint (infra/generation.py): its GPU instance and diffusers model.
    gpu_instance_type: str = Field(default="ml.g5.xlarge", alias="gpuInstanceType")
    # A Hugging Face model id, pinned to a full commit of its repository: a branch or tag
    # could change the weights under a running deployment (docs/operations.md).
    model_id: str = Field(
        default="stabilityai/sdxl-turbo",
        alias="modelId",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$",
    )
    model_revision: str | None = Field(
        default=None, alias="modelRevision", pattern=r"^[0-9a-f]{40}$"
    )
    # Where the weights come from, an explicit choice with no default: "hub" downloads them at
    # start-up, so the endpoint needs the internet (no network isolation); "artifact" ships
    # them in modelArtifactUrl's model.tar.gz and the endpoint runs network-isolated.
    model_weights: Literal["hub", "artifact"] = Field(alias="modelWeights")
    model_artifact_url: str | None = Field(
        default=None, alias="modelArtifactUrl", pattern=r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+"
    )

    # Visual search (infra/search.py): the OpenSearch domain's size. The smallest by default
    # (one t3.small.search node, 10 GB gp3); docs/operations.md says when to grow it.
    search_instance_type: str = Field(
        default="t3.small.search",
        alias="searchInstanceType",
        pattern=r"^[a-z0-9]+\.[a-z0-9]+\.search$",
    )
    search_instance_count: int = Field(default=1, ge=1, le=10, alias="searchInstanceCount")
    search_volume_gb: int = Field(default=10, ge=10, le=1024, alias="searchVolumeGb")
    # The public half (PEM) of the RSA key pair that signs catalog URLs (CloudFront key
    # group); its private half goes into the secret the stack creates (docs/operations.md).
    # Required to synthesize the search construct (cdk.json ships an example).
    catalog_url_public_key: str | None = Field(default=None, alias="catalogUrlPublicKey")
    # Region chain's IP-geo step: read CloudFront-Viewer-Country (only meaningful when the API
    # is fronted by a CloudFront distribution that forwards it).
    geo_region_enabled: bool = Field(default=False, alias="geoRegionEnabled")

    @field_validator("catalog_url_public_key")
    @classmethod
    def _public_key(cls, value: str | None) -> str | None:
        if not value:
            return None
        value = value.replace("\\n", "\n").strip()
        if not value.startswith("-----BEGIN PUBLIC KEY-----"):
            raise ValueError("a PEM public key (-----BEGIN PUBLIC KEY-----)")
        return value + "\n"

    # The prompt tools (POST /v1/prompt/enhance|build): "bedrock" asks this Bedrock text
    # model through the Converse API (the account must have access to it); "rules" uses
    # PhotoCen's deterministic builder and needs no model.
    prompt_engine: Literal["rules", "bedrock"] = Field(default="bedrock", alias="promptEngine")
    prompt_model_id: str = Field(
        default="amazon.nova-micro-v1:0",
        alias="promptModelId",
        pattern=r"^[a-z0-9][a-z0-9.-]*\.[a-z0-9][a-z0-9.:-]*$",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        if isinstance(value, str):  # `-c photocen:corsOrigins='["https://a.example"]'` or "a,b"
            value = json.loads(value) if value.startswith("[") else value.split(",")
        return tuple(v.strip() for v in value if v.strip()) or ("*",)

    @field_validator("log_retention_days")
    @classmethod
    def _retention(cls, value: int) -> int:
        if value not in _RETENTION:
            raise ValueError(f"must be one of {sorted(_RETENTION)}")
        return value

    @property
    def log_retention(self) -> logs.RetentionDays:
        return _RETENTION[self.log_retention_days]

    @field_validator("region", "web_acl_arn", "model_revision", "model_artifact_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return value or None

    @model_validator(mode="after")
    def _model_source(self) -> PhotoCenConfig:
        if self.model_revision is None:
            raise ValueError(
                "modelRevision: the full commit hash of modelId's repository is required "
                "(an unpinned model could change under a running deployment)"
            )
        if self.model_weights == "artifact" and self.model_artifact_url is None:
            raise ValueError("modelArtifactUrl: required when modelWeights is 'artifact'")
        if self.model_weights == "hub" and self.model_artifact_url is not None:
            raise ValueError("modelArtifactUrl: only read when modelWeights is 'artifact'")
        return self

    @property
    def network_isolation(self) -> bool:
        """Weights in the artifact: the container needs no network at all."""
        return self.model_weights == "artifact"

    @property
    def open_cors(self) -> bool:
        return "*" in self.cors_origins

    @classmethod
    def from_node(cls, node: Node) -> PhotoCenConfig:
        """Read every ``photocen:<alias>`` context key that is set on (or above) ``node``."""
        values = {}
        for name, field in cls.model_fields.items():
            key = field.alias or name
            value = node.try_get_context(PREFIX + key)
            if value is not None:
                values[key] = value
        return cls.model_validate(values)
