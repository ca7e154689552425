"""Every function: Python 3.12 on arm64, the shared code asset, both layers, its own role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.synth import Synth

FOUNDATION_FUNCTIONS = ("authorizer", "account", "meta")


def _functions(synth: Synth) -> dict[str, dict[str, Any]]:
    """Function properties keyed by the function folder name (from the handler string)."""
    found = {}
    for resource in synth.of_type("AWS::Lambda::Function").values():
        props = resource["Properties"]
        found[props["Handler"].split(".")[1]] = props
    return found


def test_foundation_functions_exist_with_their_import_path_as_handler(synth: Synth) -> None:
    functions = _functions(synth)

    for name in FOUNDATION_FUNCTIONS:
        assert functions[name]["Handler"] == f"functions.{name}.handler.lambda_handler"


@pytest.mark.parametrize("name", FOUNDATION_FUNCTIONS)
def test_function_runs_python_312_on_arm64_with_tracing(synth: Synth, name: str) -> None:
    function = _functions(synth)[name]

    assert function["Runtime"] == "python3.12"
    assert function["Architectures"] == ["arm64"]
    assert function["TracingConfig"] == {"Mode": "Active"}
    assert "FunctionName" not in function


@pytest.mark.parametrize("name", FOUNDATION_FUNCTIONS)
def test_function_has_powertools_environment_and_table_names(synth: Synth, name: str) -> None:
    env = _functions(synth)[name]["Environment"]["Variables"]

    assert env["POWERTOOLS_SERVICE_NAME"] == f"photocen-{name}"
    assert env["POWERTOOLS_LOG_LEVEL"] == "INFO"
    assert env["PHOTOCEN_ENVIRONMENT"] == "aws"
    # AuthorizerSettings / AccountSettings fail at cold start without these.
    for var in ("PHOTOCEN_ACCOUNTS_TABLE", "PHOTOCEN_API_KEYS_TABLE", "PHOTOCEN_CREDITS_TABLE"):
        assert env[var] == {"Ref": synth.logical_id(_table_for(synth, var))}


def _table_for(synth: Synth, env_var: str) -> Any:
    from photocen.resources import TABLES

    spec = next(s for s in TABLES if s.env_var == env_var)
    return synth.stack.data.table(spec.logical_name)


def test_meta_function_knows_every_table_and_bucket_for_health_checks(synth: Synth) -> None:
    env = _functions(synth)["meta"]["Environment"]["Variables"]

    tables = env["PHOTOCEN_HEALTH_TABLES"]
    buckets = env["PHOTOCEN_HEALTH_BUCKETS"]
    data = synth.stack.data
    for table in data.tables.values():
        assert {"Ref": synth.logical_id(table)} in _refs(tables)
    for bucket in data.buckets.values():
        assert {"Ref": synth.logical_id(bucket)} in _refs(buckets)


def _refs(value: Any) -> list[Any]:
    """Every ``{"Ref": …}`` inside a CloudFormation value."""
    if isinstance(value, dict):
        return [value] if set(value) == {"Ref"} else [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_functions_share_one_code_asset_and_the_same_two_layers(synth: Synth) -> None:
    functions = _functions(synth)
    layers = synth.of_type("AWS::Lambda::LayerVersion")

    assert len(layers) == 2
    assert len({str(f["Code"]["S3Key"]) for f in functions.values()}) == 1
    for function in functions.values():
        assert sorted(layer["Ref"] for layer in function["Layers"]) == sorted(layers)
    for layer in layers.values():
        assert layer["Properties"]["CompatibleRuntimes"] == ["python3.12"]
        assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]


def test_each_function_has_its_own_role_without_managed_policies(synth: Synth) -> None:
    roles = [f["Role"]["Fn::GetAtt"][0] for f in _functions(synth).values()]

    assert len(set(roles)) == len(roles)
    for role in roles:
        assert "ManagedPolicyArns" not in synth.resources[role]["Properties"]


def test_each_function_logs_to_its_own_group_with_retention(synth: Synth) -> None:
    groups = [f["LoggingConfig"]["LogGroup"]["Ref"] for f in _functions(synth).values()]

    assert len(set(groups)) == len(groups)
    for group in groups:
        assert synth.resources[group]["Properties"]["RetentionInDays"] == 30
