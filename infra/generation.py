"""Generation (issue 4): reserve credits, infer asynchronously, settle, notify.

- **functions**: ``generate`` (API routes), ``jobs`` (SageMaker notifications from SQS,
  partial batch failures), ``webhooks`` (webhook queue, backoff via visibility timeout),
  ``sweeper`` (every 5 minutes: fails and refunds jobs past their deadline);
- **messaging** from ``photocen.messaging`` (the local bootstrap reads the same specs):
  success/error topics (KMS-encrypted, TLS only) → the results queue; the webhook queue;
  each queue with its dead-letter queue and redrive policy;
- **SageMaker**: the model (artifact packaged here from ``model/``: inference code and its
  requirements, no Docker build; the PyTorch inference container of the region; or, with
  ``modelWeights=artifact``, the operator's artifact with the weights inside, run
  network-isolated), an
  endpoint config with ``AsyncInferenceConfig`` (output/failure paths in the sagemaker_io
  bucket, success/error topics), the endpoint, and autoscaling to zero (target tracking on
  ``ApproximateBacklogSizePerInstance`` + a step policy on ``HasBacklogWithoutCapacity`` that
  wakes it from zero).

Grants name the exact actions on the one bucket prefix, queue, topic or endpoint used, and on
the credits (``DynamoLedger``'s calls) and webhook_secrets tables; the jobs, profiles and
idempotency tables get CDK's read/write set (``Data.grant_read_write``) for now.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import (
    Aws,
    BundlingOptions,
    BundlingOutput,
    DockerImage,
    Duration,
    ILocalBundling,
    Stack,
    Token,
)
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk import aws_sagemaker as sagemaker
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as scheduler_targets
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from photocen.generation.adapters.sagemaker import INPUT_PREFIX
from photocen.generation.model import PRIVATE_PREFIX, SEARCHABLE_PREFIX
from photocen.generation.offerings import CATALOG, pipeline_map
from photocen.platform.specs import QueueSpec, pascal
from photocen.resources import (
    ENDPOINT_ENV_VAR,
    INFERENCE_ERROR,
    INFERENCE_RESULTS,
    INFERENCE_SUCCESS,
    QUEUES,
    TOPICS,
    WEBHOOKS,
)

from infra.api import Api
from infra.config import PhotoCenConfig
from infra.data import COUNTER_RELEASE_ACTIONS, Data
from infra.delivery import CATALOG_PREFIX
from infra.functions import PhotoCenFunction
from infra.nag import acknowledge, logical_id, object_prefix_finding

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "model"
VARIANT = "AllTraffic"
MAX_INSTANCES = 2
# Target of the backlog tracking policy: queued requests per instance.
BACKLOG_PER_INSTANCE = 4
SWEEP_EVERY = Duration.minutes(5)
# CreateModel's limit on one environment value.
SAGEMAKER_ENV_VALUE_MAX = 1024
# Where the endpoint writes in the sagemaker_io bucket (its output config, set here); inputs
# are photocen.generation.adapters.sagemaker's, the cache bucket's image prefixes
# photocen.generation.model's.
OUTPUT_PREFIX, FAILURE_PREFIX = "output/", "failure/"
IMAGE_PREFIXES = (SEARCHABLE_PREFIX, PRIVATE_PREFIX)
# Every call DynamoLedger makes on the credits table: GetItem (balance, replay lookup),
# Query (entries), UpdateItem (metered charge), and the items of its TransactWriteItems
# (PutItem of the entry, UpdateItem of the balance, ConditionCheckItem of the reservation).
LEDGER_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
)
# WebhookSecretStore: get (GetItem), add (a PutItem conditional on absence) and replace (a
# PutItem conditional on the current secret).
WEBHOOK_SECRET_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem")

# The PyTorch inference container (SageMaker's deep learning containers). The registry
# account per region is from the SageMaker Python SDK's image URI table (kept small here so the
# CDK app does not import the SDK); regions not listed use the default account.
DLC_REPOSITORY = "pytorch-inference"
DLC_TAG = "2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker"
DLC_DEFAULT_ACCOUNT = "763104351884"
DLC_ACCOUNTS = {
    "af-south-1": "626614931356",
    "ap-east-1": "871362719292",
    "ap-south-2": "772153158452",
    "ap-southeast-3": "907027046896",
    "ap-southeast-4": "457447274322",
    "ca-west-1": "204538143572",
    "cn-north-1": "727897471807",
    "cn-northwest-1": "727897471807",
    "eu-central-2": "380420809688",
    "eu-south-1": "692866216735",
    "eu-south-2": "503227376785",
    "il-central-1": "780543022126",
    "me-central-1": "914824155844",
    "me-south-1": "217643126080",
    "us-gov-east-1": "446045086412",
    "us-gov-west-1": "442386744353",
}
_BUNDLING_IMAGE = DockerImage.from_registry("public.ecr.aws/sam/build-python3.12:latest")

# SageMaker's entry point: the toolkit imports code/<SAGEMAKER_PROGRAM> and looks up the four
# functions on it; the code directory is on sys.path, so `model` is importable.
ENTRY_POINT = '''"""SageMaker entry point: PhotoCen's inference contract is model/inference.py."""
from model.inference import input_fn, model_fn, output_fn, predict_fn  # noqa: F401
'''


def dlc_account(region: str) -> str:
    """The registry account of SageMaker's containers in a region (token: the default)."""
    if Token.is_unresolved(region):
        return DLC_DEFAULT_ACCOUNT
    return DLC_ACCOUNTS.get(region, DLC_DEFAULT_ACCOUNT)


def dlc_image_uri(region: str) -> str:
    """The PyTorch GPU inference image of a region."""
    if Token.is_unresolved(region):
        registry = f"{DLC_DEFAULT_ACCOUNT}.dkr.ecr.{Aws.REGION}.{Aws.URL_SUFFIX}"
    else:
        suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
        registry = f"{dlc_account(region)}.dkr.ecr.{region}.{suffix}"
    return f"{registry}/{DLC_REPOSITORY}:{DLC_TAG}"


def prompt_model_arn(model_id: str) -> str:
    """The foundation model's ARN in the stack's region (foundation models have no account)."""
    return f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}::foundation-model/{model_id}"


def build_model_artifact(source: Path = MODEL_DIR) -> bytes:
    """``model.tar.gz`` as SageMaker's PyTorch container expects it, byte-for-byte the same
    for the same sources: ``code/inference.py`` (entry point), ``code/requirements.txt``
    (installed by the container at start), ``code/model/…`` (the inference package)."""
    members: list[tuple[str, bytes]] = [
        ("code/inference.py", ENTRY_POINT.encode()),
        ("code/requirements.txt", (source / "requirements.txt").read_bytes()),
    ]
    for path in sorted(source.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        members.append((f"code/model/{path.relative_to(source).as_posix()}", path.read_bytes()))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def model_environment(config: PhotoCenConfig) -> dict[str, str]:
    """The endpoint container's environment (model/engines/diffusers_engine.py reads it)."""
    environment = {
        "SAGEMAKER_PROGRAM": "inference.py",
        "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
        "SAGEMAKER_CONTAINER_LOG_LEVEL": "20",
        "PHOTOCEN_ENGINE": "diffusers",
        # A Hub id; the engine prefers the artifact's copy at the same relative path.
        "PHOTOCEN_DIFFUSERS_MODEL": config.model_id,
        "PHOTOCEN_DIFFUSERS_REVISION": str(config.model_revision),
        # The operator's model catalog (photocen/generation/models.json): one pipeline per
        # offered model id, the same list GET /v1/models offers.
        "PHOTOCEN_DIFFUSERS_MODELS": json.dumps(pipeline_map(CATALOG), sort_keys=True),
    }
    if len(environment["PHOTOCEN_DIFFUSERS_MODELS"]) > SAGEMAKER_ENV_VALUE_MAX:
        raise ValueError(
            "models.json: the pipeline map is longer than a SageMaker environment value may be"
            f" ({SAGEMAKER_ENV_VALUE_MAX} characters): offer fewer models per endpoint"
        )
    if config.network_isolation:
        # No network to reach: missing weights fail at once instead of after timeouts.
        environment["HF_HUB_OFFLINE"] = "1"
    return environment


@jsii.implements(ILocalBundling)
class ModelArtifactBundling:
    """Writes ``model.tar.gz`` (``build_model_artifact``) as the asset's single file."""

    def __init__(self, source: Path) -> None:
        self._source = source

    def try_bundle(self, output_dir: str, *_: Any, **__: Any) -> bool:
        (Path(output_dir) / "model.tar.gz").write_bytes(build_model_artifact(self._source))
        return True


class Generation(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: PhotoCenConfig, data: Data, api: Api
    ) -> None:
        super().__init__(scope, construct_id)
        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for spec in QUEUES:
            self._queue(spec)
        self.topic_key = kms.Key(
            self,
            "TopicKey",
            enable_key_rotation=True,
            description="PhotoCen: encrypts the SageMaker notification topics",
        )
        self.topics: dict[str, sns.Topic] = {}
        for topic_spec in TOPICS:
            topic = sns.Topic(
                self,
                f"{pascal(topic_spec.logical_name)}Topic",
                master_key=self.topic_key,
                enforce_ssl=True,
            )
            for queue_name in topic_spec.subscribers:
                topic.add_subscription(subscriptions.SqsSubscription(self.queues[queue_name]))
            self.topics[topic_spec.logical_name] = topic

        self.endpoint = self._endpoint(config, data)
        environment = {
            **data.environment(),
            ENDPOINT_ENV_VAR: self.endpoint.attr_endpoint_name,
            **{spec.env_var: self.queues[spec.logical_name].queue_url for spec in QUEUES},
            **{t.env_var: self.topics[t.logical_name].topic_arn for t in TOPICS},
        }
        self.functions = {
            fn.name: fn
            for fn in (
                self._generate(config, data, api, environment),
                self._jobs(config, data, environment),
                self._webhooks(config, data, environment),
                self._sweeper(config, data, environment),
            )
        }

    # ------------------------------------------------------------------ messaging
    def _queue(self, spec: QueueSpec) -> None:
        dlq = sqs.Queue(
            self,
            f"{pascal(spec.dlq_logical_name)}Queue",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(spec.dlq_retention_days),
        )
        self.dead_letter_queues[spec.logical_name] = dlq
        self.queues[spec.logical_name] = sqs.Queue(
            self,
            f"{pascal(spec.logical_name)}Queue",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            visibility_timeout=Duration.seconds(spec.visibility_timeout_seconds),
            retention_period=Duration.days(spec.retention_days),
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=dlq, max_receive_count=spec.max_receive_count
            ),
        )

    # ------------------------------------------------------------------ SageMaker
    def _endpoint(self, config: PhotoCenConfig, data: Data) -> sagemaker.CfnEndpoint:
        io_bucket = data.bucket("sagemaker_io")
        model_data_url, model_data_arn = self._model_data(config)
        role = iam.Role(
            self,
            "EndpointRole",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="PhotoCen asynchronous inference endpoint",
        )
        stack = Stack.of(self)
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject"],
                resources=[model_data_arn],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject"], resources=[io_bucket.arn_for_objects(f"{INPUT_PREFIX}*")]
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject"],
                resources=[
                    io_bucket.arn_for_objects(f"{OUTPUT_PREFIX}*"),
                    io_bucket.arn_for_objects(f"{FAILURE_PREFIX}*"),
                ],
            )
        )
        # Explicit statements: Topic.grant_publish would add kms:GenerateDataKey* (a wildcard).
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["sns:Publish"], resources=[t.topic_arn for t in self.topics.values()]
            )
        )
        self.topic_key.grant(role, "kms:GenerateDataKey", "kms:Decrypt")
        image = dlc_image_uri(stack.region)
        # No ECR permissions: SageMaker pulls its own deep learning containers itself (they
        # would be needed for an image in this account's ECR). No cloudwatch:PutMetricData
        # either (it takes only Resource "*", which the house rules refuse): the endpoint's
        # instance-utilisation metrics are not published; the AWS/SageMaker metrics that
        # autoscaling uses come from the service itself.
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[
                    f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}"
                    ":log-group:/aws/sagemaker/Endpoints/*"
                ],
            )
        )
        acknowledge(
            role,
            object_prefix_finding(io_bucket, INPUT_PREFIX),
            "The endpoint reads any inference input (input/{job}.json) of the sagemaker_io "
            "bucket: GetObject only, limited to the input/ prefix.",
        )
        acknowledge(
            role,
            object_prefix_finding(io_bucket, OUTPUT_PREFIX),
            "The endpoint writes each output under a name it chooses: PutObject only, limited "
            "to the output/ prefix of the sagemaker_io bucket.",
        )
        acknowledge(
            role,
            object_prefix_finding(io_bucket, FAILURE_PREFIX),
            "The endpoint writes each failure file under a name it chooses: PutObject only, "
            "limited to the failure/ prefix of the sagemaker_io bucket.",
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:"
            "<AWS::AccountId>:log-group:/aws/sagemaker/Endpoints/*]",
            "SageMaker names the endpoint's log group after the endpoint at creation; the "
            "grant is limited to SageMaker endpoint log groups of this account and region.",
        )

        model = sagemaker.CfnModel(
            self,
            "Model",
            execution_role_arn=role.role_arn,
            primary_container=sagemaker.CfnModel.ContainerDefinitionProperty(
                image=image,
                model_data_url=model_data_url,
                environment=model_environment(config),
            ),
            # Only with the weights in the artifact: loading them from the Hub needs the
            # internet (modelWeights in cdk.json; docs/operations.md).
            enable_network_isolation=config.network_isolation,
        )
        model.node.add_dependency(role)
        endpoint_config = sagemaker.CfnEndpointConfig(
            self,
            "EndpointConfig",
            production_variants=[
                sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                    variant_name=VARIANT,
                    model_name=model.attr_model_name,
                    initial_instance_count=1,
                    instance_type=config.gpu_instance_type,
                )
            ],
            async_inference_config=sagemaker.CfnEndpointConfig.AsyncInferenceConfigProperty(
                client_config=sagemaker.CfnEndpointConfig.AsyncInferenceClientConfigProperty(
                    max_concurrent_invocations_per_instance=1
                ),
                output_config=sagemaker.CfnEndpointConfig.AsyncInferenceOutputConfigProperty(
                    s3_output_path=io_bucket.s3_url_for_object(OUTPUT_PREFIX),
                    s3_failure_path=io_bucket.s3_url_for_object(FAILURE_PREFIX),
                    notification_config=sagemaker.CfnEndpointConfig.AsyncInferenceNotificationConfigProperty(
                        success_topic=self.topics[INFERENCE_SUCCESS.logical_name].topic_arn,
                        error_topic=self.topics[INFERENCE_ERROR.logical_name].topic_arn,
                    ),
                ),
            ),
        )
        # No KmsKeyId: GPU instances (ml.g5/g6) have local NVMe storage, which SageMaker
        # always encrypts and for which it refuses a volume key; outputs are SSE-S3.
        endpoint = sagemaker.CfnEndpoint(
            self, "Endpoint", endpoint_config_name=endpoint_config.attr_endpoint_config_name
        )
        self._autoscaling(endpoint)
        return endpoint

    def _model_data(self, config: PhotoCenConfig) -> tuple[str, str]:
        """The model artifact's S3 URL and object ARN: built here from ``model/`` when the
        weights come from the Hub, the operator's artifact (code and weights) otherwise."""
        if config.model_artifact_url is not None:
            bucket, key = config.model_artifact_url.removeprefix("s3://").split("/", 1)
            return config.model_artifact_url, f"arn:{Aws.PARTITION}:s3:::{bucket}/{key}"
        artifact = s3_assets.Asset(
            self,
            "ModelArtifact",
            path=str(MODEL_DIR),
            exclude=["__pycache__", "*.pyc"],
            bundling=BundlingOptions(
                image=_BUNDLING_IMAGE,
                local=ModelArtifactBundling(MODEL_DIR),
                output_type=BundlingOutput.SINGLE_FILE,
                command=["photocen-model-artifact", "v1"],  # the recipe: part of the hash
            ),
        )
        arn = f"arn:{Aws.PARTITION}:s3:::{artifact.s3_bucket_name}/{artifact.s3_object_key}"
        return artifact.s3_object_url, arn

    def _autoscaling(self, endpoint: sagemaker.CfnEndpoint) -> None:
        name = endpoint.attr_endpoint_name
        target = appscaling.ScalableTarget(
            self,
            "Scaling",
            service_namespace=appscaling.ServiceNamespace.SAGEMAKER,
            resource_id=f"endpoint/{name}/variant/{VARIANT}",
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            min_capacity=0,
            max_capacity=MAX_INSTANCES,
        )
        target.node.add_dependency(endpoint)
        target.scale_to_track_metric(
            "Backlog",
            target_value=BACKLOG_PER_INSTANCE,
            custom_metric=cloudwatch.Metric(
                namespace="AWS/SageMaker",
                metric_name="ApproximateBacklogSizePerInstance",
                dimensions_map={"EndpointName": name},
                statistic="Average",
                period=Duration.minutes(1),
            ),
            scale_in_cooldown=Duration.minutes(10),
            scale_out_cooldown=Duration.minutes(1),
        )
        # Target tracking cannot leave zero instances (no instance, no per-instance metric):
        # this wakes the endpoint as soon as a request waits with nothing to run it.
        target.scale_on_metric(
            "WakeFromZero",
            metric=cloudwatch.Metric(
                namespace="AWS/SageMaker",
                metric_name="HasBacklogWithoutCapacity",
                dimensions_map={"EndpointName": name},
                statistic="Average",
                period=Duration.minutes(1),
            ),
            scaling_steps=[
                appscaling.ScalingInterval(upper=0.5, change=0),
                appscaling.ScalingInterval(lower=0.5, change=1),
            ],
            adjustment_type=appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
            cooldown=Duration.minutes(5),
            evaluation_periods=1,
            datapoints_to_alarm=1,
            metric_aggregation_type=appscaling.MetricAggregationType.MAXIMUM,
        )

    # ------------------------------------------------------------------ functions
    def _generate(
        self, config: PhotoCenConfig, data: Data, api: Api, environment: dict[str, str]
    ) -> PhotoCenFunction:
        fn = PhotoCenFunction(
            self,
            "GenerateFunction",
            name="generate",
            config=config,
            environment=environment,
            memory_size=512,
            # Prefer: wait holds a request up to 25 s; API Gateway's own limit is 29 s.
            timeout=Duration.seconds(28),
            description="PhotoCen generate: validate, price, reserve, record, invoke",
        )
        data.grant_read_write(fn, "jobs", "profiles", "idempotency")
        data.grant_items(fn, "credits", *LEDGER_ACTIONS)
        data.grant_items(fn, "webhook_secrets", *WEBHOOK_SECRET_ACTIONS)
        io_bucket, cache = data.bucket("sagemaker_io"), data.bucket("cache")
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject"], resources=[io_bucket.arn_for_objects(f"{INPUT_PREFIX}*")]
            )
        )
        self._grant_images(fn, cache, "s3:GetObject", "s3:DeleteObject")
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["sagemaker:InvokeEndpointAsync"], resources=[self._endpoint_arn()]
            )
        )
        # The prompt tools: Converse is authorised by InvokeModel on the one model's ARN.
        if config.prompt_engine == "bedrock":
            fn.add_environment("PHOTOCEN_PROMPT_ENGINE", "bedrock")
            fn.add_environment("PHOTOCEN_PROMPT_MODEL_ID", config.prompt_model_id)
            fn.role.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=["bedrock:InvokeModel"],
                    resources=[prompt_model_arn(config.prompt_model_id)],
                )
            )
        # Catalog images as reference images (generation.adapters.catalog_references): the
        # image's record, then one of its pre-shrunk copies. Read-only.
        data.table("catalog").grant(fn, "dynamodb:GetItem")
        catalog = data.bucket("catalog")
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject"],
                resources=[catalog.arn_for_objects(f"{CATALOG_PREFIX}*")],
            )
        )
        acknowledge(
            fn.role,
            object_prefix_finding(catalog, CATALOG_PREFIX),
            "Generate reads a catalog image's pre-shrunk copy when a request names it as a "
            "reference image (catalog/{id}/…): GetObject only, limited to the catalog/ prefix.",
        )
        acknowledge(
            fn.role,
            object_prefix_finding(io_bucket, INPUT_PREFIX),
            "The generate function writes one inference input per job (input/{job}.json): "
            "PutObject only, limited to the input/ prefix of the sagemaker_io bucket.",
        )
        api.add_function(fn)
        return fn

    def _jobs(
        self, config: PhotoCenConfig, data: Data, environment: dict[str, str]
    ) -> PhotoCenFunction:
        fn = self._consumer(
            INFERENCE_RESULTS,
            "JobsFunction",
            config=config,
            environment=environment,
            memory_size=1024,
            batch_size=10,
            description="PhotoCen jobs: store images, settle or refund, complete, notify",
        )
        data.grant_read_write(fn, "jobs", "profiles")
        data.grant_items(fn, "credits", *LEDGER_ACTIONS)
        data.grant_items(fn, "counters", *COUNTER_RELEASE_ACTIONS)  # a finished job's slot
        io_bucket, cache = data.bucket("sagemaker_io"), data.bucket("cache")
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject"], resources=[io_bucket.arn_for_objects(f"{OUTPUT_PREFIX}*")]
            )
        )
        self._grant_images(fn, cache, "s3:GetObject", "s3:PutObject", "s3:DeleteObject")
        acknowledge(
            fn.role,
            object_prefix_finding(io_bucket, OUTPUT_PREFIX),
            "The jobs function reads the output the endpoint wrote (its name comes in the "
            "notification): GetObject only, limited to the output/ prefix.",
        )
        self.queues[WEBHOOKS.logical_name].grant_send_messages(fn)
        return fn

    def _webhooks(
        self, config: PhotoCenConfig, data: Data, environment: dict[str, str]
    ) -> PhotoCenFunction:
        fn = self._consumer(
            WEBHOOKS,
            "WebhooksFunction",
            config=config,
            environment=environment,
            memory_size=256,
            batch_size=5,
            description="PhotoCen webhooks: signed deliveries with backoff",
        )
        data.grant_items(fn, "webhook_secrets", *WEBHOOK_SECRET_ACTIONS)
        return fn

    def _sweeper(
        self, config: PhotoCenConfig, data: Data, environment: dict[str, str]
    ) -> PhotoCenFunction:
        fn = PhotoCenFunction(
            self,
            "SweeperFunction",
            name="sweeper",
            config=config,
            environment=environment,
            memory_size=256,
            timeout=Duration.seconds(60),
            description="PhotoCen sweeper: fail and refund jobs past their deadline",
        )
        data.grant_read_write(fn, "jobs")
        data.grant_items(fn, "credits", *LEDGER_ACTIONS)
        data.grant_items(fn, "counters", *COUNTER_RELEASE_ACTIONS)  # a swept job's slot
        self.queues[WEBHOOKS.logical_name].grant_send_messages(fn)
        # EventBridge Scheduler invokes through a role of its own (no resource policy on the
        # function, so the API functions stay the only ones with invoke permissions).
        role = iam.Role(
            self,
            "SweepScheduleRole",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="PhotoCen: EventBridge Scheduler invokes the sweeper",
        )
        scheduler.Schedule(
            self,
            "SweepSchedule",
            schedule=scheduler.ScheduleExpression.rate(SWEEP_EVERY),
            target=scheduler_targets.LambdaInvoke(fn.function, retry_attempts=2, role=role),
            description="PhotoCen: fail and refund generation jobs past their deadline",
        )
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(fn.function)}.Arn>:*]",
            "CDK's grantInvoke covers the sweeper function and its versions/aliases "
            "(<function arn>:*); the role can invoke nothing else.",
        )
        return fn

    # ------------------------------------------------------------------ helpers
    def _consumer(
        self,
        spec: QueueSpec,
        construct_id: str,
        *,
        config: PhotoCenConfig,
        environment: dict[str, str],
        memory_size: int,
        batch_size: int,
        description: str,
    ) -> PhotoCenFunction:
        """The function ``spec.consumer`` fed by the queue (as the local stack's poller does),
        with a timeout of a sixth of the queue's visibility timeout."""
        fn = PhotoCenFunction(
            self,
            construct_id,
            name=spec.consumer,
            config=config,
            environment=environment,
            memory_size=memory_size,
            timeout=Duration.seconds(spec.visibility_timeout_seconds // 6),
            description=description,
        )
        fn.function.add_event_source(
            event_sources.SqsEventSource(
                self.queues[spec.logical_name],
                batch_size=batch_size,
                report_batch_item_failures=True,
            )
        )
        return fn

    def _endpoint_arn(self) -> str:
        # Ref of AWS::SageMaker::Endpoint is its ARN (lower-cased by SageMaker, as IAM needs).
        return self.endpoint.ref

    def _grant_images(self, fn: PhotoCenFunction, cache: Any, *actions: str) -> None:
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(actions),
                resources=[cache.arn_for_objects(f"{prefix}*") for prefix in IMAGE_PREFIXES],
            )
        )
        for prefix in IMAGE_PREFIXES:
            acknowledge(
                fn.role,
                object_prefix_finding(cache, prefix),
                f"Generated images live under {prefix}{{account}}/{{job}}/ of the cache bucket; "
                f"the grant ({', '.join(actions)}) is limited to that prefix.",
            )
