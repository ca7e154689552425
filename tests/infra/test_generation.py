"""Generation's infrastructure: functions, SageMaker async endpoint scaling to zero, topics →
queues with DLQs, the webhook queue, the idempotency table, the packaged model artifact."""

from __future__ import annotations

import io
import json
import re
import sys
import tarfile
from typing import Any

from photocen.resources import QUEUES

from infra.generation import DLC_TAG, build_model_artifact, dlc_image_uri
from tests.infra.synth import Synth, build, cdk_context


def _one(synth: Synth, kind: str) -> dict[str, Any]:
    found = list(synth.of_type(kind).values())
    assert len(found) == 1, kind
    return found[0]["Properties"]


def _props(synth: Synth, construct: Any) -> dict[str, Any]:
    return synth.resources[synth.logical_id(construct)]["Properties"]


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    out: set[str] = set()
    for s in statements:
        out.update(s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
    return out


def test_the_four_functions_and_their_environment(synth: Synth) -> None:
    generation = synth.stack.generation
    for name, function in generation.functions.items():
        props = _props(synth, function.function)
        assert props["Handler"] == f"functions.{name}.handler.lambda_handler"
        env = props["Environment"]["Variables"]
        for variable in (
            "PHOTOCEN_JOBS_TABLE",
            "PHOTOCEN_IDEMPOTENCY_TABLE",
            "PHOTOCEN_SAGEMAKER_IO_BUCKET",
            "PHOTOCEN_INFERENCE_ENDPOINT",
            "PHOTOCEN_WEBHOOKS_QUEUE_URL",
        ):
            assert variable in env, (name, variable)
    assert "generate" in synth.stack.api.functions


def test_async_endpoint_writes_to_the_io_bucket_and_notifies_both_topics(synth: Synth) -> None:
    generation = synth.stack.generation
    config = _one(synth, "AWS::SageMaker::EndpointConfig")
    variant = config["ProductionVariants"][0]
    assert variant["InstanceType"] == "ml.g5.xlarge"
    output = config["AsyncInferenceConfig"]["OutputConfig"]
    io_bucket = synth.logical_id(synth.stack.data.bucket("sagemaker_io"))
    assert io_bucket in json.dumps(output["S3OutputPath"])
    assert "/output/" in json.dumps(output["S3OutputPath"])
    assert "/failure/" in json.dumps(output["S3FailurePath"])
    notify = output["NotificationConfig"]
    assert notify["SuccessTopic"] == {
        "Ref": synth.logical_id(generation.topics["inference_success"])
    }
    assert notify["ErrorTopic"] == {"Ref": synth.logical_id(generation.topics["inference_error"])}


def test_model_is_the_packaged_artifact_on_the_pytorch_container(synth: Synth) -> None:
    container = _one(synth, "AWS::SageMaker::Model")["PrimaryContainer"]
    assert container["Image"] == dlc_image_uri("us-east-1")
    assert container["Image"].startswith("763104351884.dkr.ecr.us-east-1.amazonaws.com/")
    assert container["Image"].endswith(DLC_TAG)
    env = container["Environment"]
    assert env["SAGEMAKER_PROGRAM"] == "inference.py"
    assert env["PHOTOCEN_ENGINE"] == "diffusers"
    assert env["PHOTOCEN_DIFFUSERS_MODEL"] == "stabilityai/sdxl-turbo"
    assert "ModelDataUrl" in container


def test_hub_weights_load_at_the_pinned_revision_without_network_isolation(synth: Synth) -> None:
    # Given cdk.json's explicit choice: weights from the Hub at start-up (needs the internet)
    revision = cdk_context()["photocen:modelRevision"]
    model = _one(synth, "AWS::SageMaker::Model")
    env = model["PrimaryContainer"]["Environment"]
    assert env["PHOTOCEN_DIFFUSERS_MODEL"] == "stabilityai/sdxl-turbo"
    assert env["PHOTOCEN_DIFFUSERS_REVISION"] == revision
    assert re.fullmatch(r"[0-9a-f]{40}", revision)
    assert "HF_HUB_OFFLINE" not in env
    assert model["EnableNetworkIsolation"] is False
    # and the artifact (code only) is the one this app builds from model/
    assert synth.stack.generation.node.try_find_child("ModelArtifact") is not None


def test_artifact_weights_run_network_isolated_from_the_operators_artifact() -> None:
    from aws_cdk.assertions import Template
    from cdk_nag import AwsSolutionsChecks

    # Given the weights shipped inside an artifact the operator uploaded
    url = "s3://photocen-models-example/sdxl-turbo/model.tar.gz"
    app, stack = build(**{"photocen:modelWeights": "artifact", "photocen:modelArtifactUrl": url})
    synth = Synth(app, stack, Template.from_stack(stack).to_json())
    model = _one(synth, "AWS::SageMaker::Model")
    # Then the endpoint runs that artifact with no network, offline from the Hub
    assert model["EnableNetworkIsolation"] is True
    assert model["PrimaryContainer"]["ModelDataUrl"] == url
    env = model["PrimaryContainer"]["Environment"]
    assert env["HF_HUB_OFFLINE"] == "1"
    assert env["PHOTOCEN_DIFFUSERS_REVISION"] == cdk_context()["photocen:modelRevision"]
    assert stack.generation.node.try_find_child("ModelArtifact") is None
    # and its role reads exactly that object of the artifact
    role = stack.generation.node.find_child("EndpointRole")
    reads: list[Any] = []
    for statement in synth.statements(role):
        if statement["Action"] == "s3:GetObject":
            resource = statement["Resource"]
            reads += resource if isinstance(resource, list) else [resource]
    assert {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":s3:::photocen-models-example/sdxl-turbo/model.tar.gz",
            ],
        ]
    } in reads
    assert AwsSolutionsChecks().validate_scope(app).violations == []


def test_endpoint_scales_to_zero_and_wakes_on_backlog(synth: Synth) -> None:
    target = _one(synth, "AWS::ApplicationAutoScaling::ScalableTarget")
    assert target["MinCapacity"] == 0
    assert target["MaxCapacity"] >= 1
    assert target["ScalableDimension"] == "sagemaker:variant:DesiredInstanceCount"
    policies = [
        p["Properties"]
        for p in synth.of_type("AWS::ApplicationAutoScaling::ScalingPolicy").values()
    ]
    tracking = [p for p in policies if p["PolicyType"] == "TargetTrackingScaling"]
    steps = [p for p in policies if p["PolicyType"] == "StepScaling"]
    metric = tracking[0]["TargetTrackingScalingPolicyConfiguration"][
        "CustomizedMetricSpecification"
    ]
    assert metric["MetricName"] == "ApproximateBacklogSizePerInstance"
    assert steps, "a step policy must wake the endpoint from zero"
    alarms = [a["Properties"] for a in synth.of_type("AWS::CloudWatch::Alarm").values()]
    wake = [a for a in alarms if a.get("MetricName") == "HasBacklogWithoutCapacity"]
    assert wake
    assert wake[0]["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_topics_feed_the_results_queue_and_every_queue_has_a_dlq(synth: Synth) -> None:
    generation = synth.stack.generation
    for spec in QUEUES:
        props = _props(synth, generation.queues[spec.logical_name])
        redrive = props["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == spec.max_receive_count
        dlq = generation.dead_letter_queues[spec.logical_name]
        assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": [synth.logical_id(dlq), "Arn"]}
        assert props["SqsManagedSseEnabled"] is True
    subscriptions = [s["Properties"] for s in synth.of_type("AWS::SNS::Subscription").values()]
    results = {"Fn::GetAtt": [synth.logical_id(generation.queues["inference_results"]), "Arn"]}
    assert sum(s["Endpoint"] == results for s in subscriptions) == 2
    for topic in generation.topics.values():
        assert "KmsMasterKeyId" in _props(synth, topic)


def test_consumers_report_partial_batch_failures(synth: Synth) -> None:
    generation = synth.stack.generation
    mappings = [m["Properties"] for m in synth.of_type("AWS::Lambda::EventSourceMapping").values()]
    by_function = {json.dumps(m["FunctionName"]): m for m in mappings}
    for name, queue in (("jobs", "inference_results"), ("webhooks", "webhooks")):
        ref = json.dumps({"Ref": synth.logical_id(generation.functions[name].function)})
        mapping = by_function[ref]
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert synth.logical_id(generation.queues[queue]) in json.dumps(mapping["EventSourceArn"])


def test_each_queue_feeds_exactly_the_consumer_its_spec_names(synth: Synth) -> None:
    # The local stack polls each queue for QueueSpec.consumer: the deployed wiring is the same.
    generation = synth.stack.generation
    mappings = {
        json.dumps(m["Properties"]["EventSourceArn"], sort_keys=True): m["Properties"]
        for m in synth.of_type("AWS::Lambda::EventSourceMapping").values()
    }
    consumed = [spec for spec in QUEUES if spec.consumer]
    assert len(mappings) == len(consumed)
    for spec in consumed:
        mapping = mappings[synth.arn(generation.queues[spec.logical_name])]
        function = generation.functions[spec.consumer]
        assert mapping["FunctionName"] == {"Ref": synth.logical_id(function.function)}
        timeout = _props(synth, function.function)["Timeout"]
        assert timeout * 6 <= spec.visibility_timeout_seconds, spec.logical_name


def test_the_sweeper_runs_every_five_minutes(synth: Synth) -> None:
    sweeper = synth.logical_id(synth.stack.generation.functions["sweeper"].function)
    (schedule,) = [
        s["Properties"]
        for s in synth.of_type("AWS::Scheduler::Schedule").values()
        if sweeper in json.dumps(s["Properties"]["Target"]["Arn"])
    ]
    assert schedule["ScheduleExpression"] == "rate(5 minutes)"


def test_idempotency_table_expires_records(synth: Synth) -> None:
    table = _props(synth, synth.stack.data.table("idempotency"))
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]


def test_counters_expire_by_ttl(synth: Synth) -> None:
    table = _props(synth, synth.stack.data.table("counters"))
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["KeySchema"] == [{"AttributeName": "counter_id", "KeyType": "HASH"}]


def test_grants_are_exact(synth: Synth) -> None:
    generation = synth.stack.generation
    generate = synth.statements(generation.functions["generate"])
    invoke = [s for s in generate if s["Action"] == "sagemaker:InvokeEndpointAsync"]
    assert invoke[0]["Resource"] == {"Ref": synth.stack.get_logical_id(generation.endpoint)}
    endpoint_role = synth.stack.generation.node.find_child("EndpointRole")
    actions = _actions(synth.statements(endpoint_role))
    assert not any("*" in a for a in actions), actions
    assert {"s3:GetObject", "s3:PutObject", "sns:Publish", "kms:GenerateDataKey"} <= actions
    webhooks = _actions(synth.statements(generation.functions["webhooks"]))
    assert not any(a.startswith("s3:") for a in webhooks)


def test_ledger_users_hold_exactly_the_ledgers_actions_on_credits(synth: Synth) -> None:
    # DynamoLedger (photocen.credits.store) gets, queries, updates, and writes transactions of
    # a put, an update and a condition check: never a delete, a scan or a batch write.
    table = synth.stack.data.table("credits")
    credits = synth.arn(table)
    for name in ("generate", "jobs", "sweeper"):
        grants = synth.grants(synth.stack.generation.functions[name])
        assert grants[credits] == {
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:Query",
            "dynamodb:ConditionCheckItem",
        }, name
        assert synth.arn(table, "/index/*") not in grants, name


def test_webhooks_function_only_gets_and_creates_the_signing_secret(synth: Synth) -> None:
    # WebhookSecretStore.get_or_create: GetItem, and a conditional PutItem the first time.
    webhooks = synth.stack.generation.functions["webhooks"]
    secrets = synth.stack.data.table("webhook_secrets")

    assert synth.grants(webhooks) == {synth.arn(secrets): {"dynamodb:GetItem", "dynamodb:PutItem"}}


def test_generate_function_gets_creates_and_rotates_the_signing_secret_only(synth: Synth) -> None:
    # get_or_create and rotate: GetItem and conditional PutItems, never a delete or a scan.
    generate = synth.stack.generation.functions["generate"]
    secrets = synth.stack.data.table("webhook_secrets")
    grants = synth.grants(generate)

    assert grants[synth.arn(secrets)] == {"dynamodb:GetItem", "dynamodb:PutItem"}


def test_model_artifact_is_deterministic_and_its_entry_point_works(tmp_path, monkeypatch):
    # Given the artifact the CDK app uploads as model.tar.gz
    first, second = build_model_artifact(), build_model_artifact()
    assert first == second
    with tarfile.open(fileobj=io.BytesIO(first), mode="r:gz") as tar:
        names = tar.getnames()
        tar.extractall(tmp_path, filter="data")
    assert {"code/inference.py", "code/requirements.txt", "code/model/inference.py"} <= set(names)
    assert "code/model/engines/procedural/__init__.py" in names  # a package since engine 3
    # When SageMaker's toolkit imports code/inference.py with code/ on sys.path
    monkeypatch.syspath_prepend(str(tmp_path / "code"))
    for module in [m for m in sys.modules if m == "model" or m.startswith("model.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.delitem(sys.modules, "inference", raising=False)
    import inference  # type: ignore[import-not-found]

    # Then the four functions run a request end to end (procedural engine, no GPU)
    monkeypatch.setenv("PHOTOCEN_ENGINE", "procedural")
    engine = inference.model_fn(str(tmp_path))
    request = inference.input_fn(
        json.dumps(
            {"job_id": "j", "prompt": "a boat", "width": 32, "height": 32, "steps": 1, "seeds": [1]}
        ),
        "application/json",
    )
    body = json.loads(
        inference.output_fn(inference.predict_fn(request, engine), "application/json")
    )
    assert body["images"][0]["width"] == 32
    assert inference.__file__.startswith(str(tmp_path))


def test_models_offered_are_exactly_the_endpoints_pipelines(synth: Synth) -> None:
    # Given the synthesized endpoint's environment and GET /v1/models as the API answers it
    from photocen.generation.offerings import IMAGE_MODELS

    from functions.generate.routes import list_models

    env = _one(synth, "AWS::SageMaker::Model")["PrimaryContainer"]["Environment"]
    pipelines = json.loads(env["PHOTOCEN_DIFFUSERS_MODELS"])
    offered = {m.id for m in list_models().data}
    # Then every offered model has its own pipeline and no pipeline is left unoffered
    assert offered == set(pipelines)
    for model_id, pipeline in pipelines.items():
        source, _, revision = pipeline.partition("@")
        assert source == IMAGE_MODELS[model_id].source
        assert re.fullmatch(r"[0-9a-f]{40}", revision), model_id
    # And the seeds' closed models are never offered
    assert not offered & {"nano-banana", "nano-banana-pro", "nano-banana-2", "seedream-4"}


def test_generate_reads_catalog_images_for_references_and_nothing_more(synth: Synth) -> None:
    # A catalog reference: GetItem of the image's record, GetObject of a copy under catalog/
    generate = synth.stack.generation.functions["generate"]
    catalog = synth.stack.data.table("catalog")
    # (and, for DELETE /v1/generations/{id}, removing a migrated image's record:
    # test_search.py's test_deleting_a_generation_may_remove_its_catalog_entry_and_vector)
    assert synth.grants(generate)[synth.arn(catalog)] == {
        "dynamodb:GetItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    }
    bucket = synth.logical_id(synth.stack.data.bucket("catalog"))
    reads = [
        s
        for s in synth.statements(generate)
        if bucket in json.dumps(s["Resource"]) and s["Action"] == "s3:GetObject"
    ]
    assert len(reads) == 1
    assert "/catalog/*" in json.dumps(reads[0]["Resource"])
    assert not [
        s
        for s in synth.statements(generate)
        if bucket in json.dumps(s["Resource"])
        and s != reads[0]
        and set(_statement_actions(s)) - DELETING_A_MIGRATED_IMAGE
    ]


# What DELETE /v1/generations/{id} needs on the catalog bucket for a migrated image: list and
# delete every stored version of its copies (test_search.py holds these exactly).
DELETING_A_MIGRATED_IMAGE = {
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:ListBucket",
    "s3:ListBucketVersions",
}


def _statement_actions(statement: dict) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else actions


def test_prompt_tools_may_invoke_exactly_the_configured_bedrock_model(synth: Synth) -> None:
    generate = synth.stack.generation.functions["generate"]
    env = _props(synth, generate.function)["Environment"]["Variables"]
    model_id = cdk_context()["photocen:promptModelId"]
    assert env["PHOTOCEN_PROMPT_ENGINE"] == "bedrock"
    assert env["PHOTOCEN_PROMPT_MODEL_ID"] == model_id
    bedrock = [s for s in synth.statements(generate) if "bedrock" in json.dumps(s["Action"])]
    # Converse is authorised by InvokeModel: that action, on that one model, nothing else
    assert len(bedrock) == 1
    assert bedrock[0]["Action"] == "bedrock:InvokeModel"
    assert f"::foundation-model/{model_id}" in json.dumps(bedrock[0]["Resource"])
    assert "*" not in json.dumps(bedrock[0]["Resource"])
    for name, function in synth.stack.generation.functions.items():
        if name != "generate":
            assert "bedrock" not in json.dumps(synth.statements(function)), name
