"""The single definition of every SNS topic and SQS queue (and who subscribes to what).

The CDK generation construct and the local bootstrap both create topics, queues, dead-letter
queues and subscriptions from these specs, so the deployed wiring and the local one cannot
drift. Functions find them through ``PHOTOCEN_<LOGICAL>_QUEUE_URL`` and
``PHOTOCEN_<LOGICAL>_TOPIC_ARN``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueSpec:
    logical_name: str
    # Lambda's guidance: at least 6x the consumer's timeout, so a slow batch is not redelivered
    # while it is still being worked on.
    visibility_timeout_seconds: int
    # Deliveries before SQS moves a message to the dead-letter queue.
    max_receive_count: int
    retention_days: int = 4
    dlq_retention_days: int = 14
    consumer: str = ""  # the function the event source mapping feeds

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_QUEUE_URL"

    @property
    def dlq_logical_name(self) -> str:
        return f"{self.logical_name}_dlq"

    @property
    def dlq_env_var(self) -> str:
        return f"PHOTOCEN_{self.dlq_logical_name.upper()}_QUEUE_URL"


@dataclass(frozen=True)
class TopicSpec:
    logical_name: str
    subscribers: tuple[str, ...]  # logical names of queues subscribed (SNS envelope, not raw)

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_TOPIC_ARN"


# SageMaker async success/error notifications for the jobs function.
INFERENCE_RESULTS = QueueSpec(
    "inference_results",
    visibility_timeout_seconds=180,
    max_receive_count=5,
    consumer="jobs",
)
# Webhook deliveries: exponential backoff through the visibility timeout, then the DLQ.
WEBHOOKS = QueueSpec(
    "webhooks",
    visibility_timeout_seconds=60,
    max_receive_count=10,
    consumer="webhooks",
)
# SageMaker async inference's SuccessTopic and ErrorTopic.
INFERENCE_SUCCESS = TopicSpec("inference_success", subscribers=("inference_results",))
INFERENCE_ERROR = TopicSpec("inference_error", subscribers=("inference_results",))

QUEUES: tuple[QueueSpec, ...] = (INFERENCE_RESULTS, WEBHOOKS)
TOPICS: tuple[TopicSpec, ...] = (INFERENCE_SUCCESS, INFERENCE_ERROR)

# The asynchronous inference endpoint's name reaches functions as this variable.
ENDPOINT_ENV_VAR = "PHOTOCEN_INFERENCE_ENDPOINT"
