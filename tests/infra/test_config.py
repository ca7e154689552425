"""Deployment settings from CDK context: validated, with safe defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from infra.config import PREFIX, PhotoCenConfig
from tests.infra.synth import build, cdk_context, refusing_bundling

REVISION = "71153311d3dbb46851df1931d3ca6e939de83304"
ARTIFACT = "s3://photocen-models-example/sdxl-turbo/model.tar.gz"


def _config(**values: object) -> PhotoCenConfig:
    # The model source has no default: every config names its weights and their revision.
    return PhotoCenConfig.model_validate(
        {"modelWeights": "hub", "modelRevision": REVISION, **values}
    )


def test_defaults_are_open_cors_retained_data_and_a_month_of_logs() -> None:
    config = _config()

    assert config.open_cors
    assert config.removal_policy == "retain"
    assert config.log_retention_days == 30
    assert config.web_acl_arn is None
    assert (config.throttling_rate_limit, config.throttling_burst_limit) == (100, 200)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["https://a.example", "https://b.example"], ("https://a.example", "https://b.example")),
        ('["https://a.example"]', ("https://a.example",)),  # -c photocen:corsOrigins='[...]'
        ("https://a.example, https://b.example", ("https://a.example", "https://b.example")),
        ([], ("*",)),
    ],
)
def test_cors_origins_accept_lists_json_and_comma_separated(
    value: object, expected: tuple[str, ...]
) -> None:
    config = _config(corsOrigins=value)

    assert config.cors_origins == expected
    assert config.open_cors is (expected == ("*",))


@pytest.mark.parametrize(
    "values",
    [
        {"logRetentionDays": 31},
        {"logLevel": "verbose"},
        {"removalPolicy": "snapshot"},
        {"stackName": "has spaces"},
        {"unknownSetting": 1},
        {"throttlingRateLimit": 0},
        {"throttlingBurstLimit": -5},
        {"throttlingRateLimit": "fast"},
        {"domainName": "api.example.com"},  # removed: nothing read it
    ],
)
def test_invalid_context_fails_synthesis_early(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _config(**values)


def test_web_acl_is_associated_with_the_stage_when_configured() -> None:
    from aws_cdk.assertions import Template
    from cdk_nag import AwsSolutionsChecks

    arn = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/photocen/abc"
    app, stack = build(**{"photocen:webAclArn": arn})
    template = Template.from_stack(stack)

    associations = template.find_resources("AWS::WAFv2::WebACLAssociation")
    (association,) = associations.values()
    assert association["Properties"]["WebACLArn"] == arn
    stage_id = stack.get_logical_id(stack.api.rest_api.deployment_stage.node.default_child)
    assert stage_id in str(association["Properties"]["ResourceArn"])
    # Nothing left for the APIG3 acknowledgement to cover, and nothing uncovered either.
    assert AwsSolutionsChecks().validate_scope(app).violations == []


def test_every_photocen_setting_in_cdk_json_is_read() -> None:
    # from_node reads only the model's fields: a key it does not know would be ignored.
    keys = {k.removeprefix(PREFIX) for k in cdk_context() if k.startswith(PREFIX)}
    aliases = {field.alias or name for name, field in PhotoCenConfig.model_fields.items()}

    assert keys == aliases


def test_cdk_json_pins_the_model_to_a_full_commit() -> None:
    context = cdk_context()

    assert context[PREFIX + "modelId"] == "stabilityai/sdxl-turbo"
    assert len(context[PREFIX + "modelRevision"]) == 40
    assert context[PREFIX + "modelWeights"] == "hub"


@pytest.mark.parametrize("revision", [None, "", "main", "v1.0", REVISION[:7], REVISION.upper()])
def test_an_unpinned_model_fails_synthesis(revision: str | None) -> None:
    from infra.app import build_app

    # A missing revision, a branch, a tag or a short hash could move under a deployment.
    context = cdk_context(**{PREFIX + "modelRevision": revision})
    if revision is None:
        del context[PREFIX + "modelRevision"]
    with refusing_bundling(), pytest.raises(ValidationError, match=r"full commit hash|pattern"):
        build_app(context)


@pytest.mark.parametrize(
    "values",
    [
        {"modelWeights": None},  # no default: hub (online) or artifact (isolated) is chosen
        {"modelWeights": "s3"},
        {"modelWeights": "artifact"},  # ... and its artifact named
        {"modelWeights": "artifact", "modelArtifactUrl": "https://example.com/model.tar.gz"},
        {"modelWeights": "hub", "modelArtifactUrl": ARTIFACT},  # would be silently unused
        {"modelId": "sdxl-turbo"},  # not an owner/name Hub id
        {"modelId": "../weights"},
    ],
)
def test_the_model_source_is_an_explicit_consistent_choice(values: dict[str, object]) -> None:
    merged = {"modelWeights": "hub", "modelRevision": REVISION, **values}
    with pytest.raises(ValidationError) as raised:
        PhotoCenConfig.model_validate({k: v for k, v in merged.items() if v is not None})
    # refused for what it says, not as settings the config does not know
    assert "extra_forbidden" not in {e["type"] for e in raised.value.errors()}


def test_weights_in_the_artifact_mean_network_isolation() -> None:
    assert not _config().network_isolation
    isolated = _config(modelWeights="artifact", modelArtifactUrl=ARTIFACT)
    assert isolated.network_isolation
    assert isolated.model_artifact_url == ARTIFACT
