"""Parsing SageMaker's async notifications as they arrive from SNS through SQS."""

import json

import pytest
from photocen.generation.results import MalformedNotification, parse_notification

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

SUCCESS = {
    "awsRegion": "us-east-1",
    "eventTime": "2022-01-25T22:46:00.608Z",
    "receivedTime": "2022-01-25T22:46:00.455Z",
    "invocationStatus": "Completed",
    "requestParameters": {
        "contentType": "application/json",
        "endpointName": "photocen",
        "inputLocation": "s3://io/input/gen_1.json",
    },
    "responseParameters": {
        "contentType": "application/json",
        "outputLocation": "s3://io/output/abc.out",
    },
    "inferenceId": "gen_1",
    "eventVersion": "1.0",
    "eventSource": "aws:sagemaker",
    "eventName": "InferenceResult",
}
FAILURE = {
    **SUCCESS,
    "invocationStatus": "Failed",
    "failureReason": "ClientError: Received server error (500) from model.",
    "responseParameters": {"contentType": "text/plain", "failureLocation": "s3://io/f/x.error"},
}


def sns_envelope(message: dict) -> str:
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": "1",
            "TopicArn": "arn:aws:sns:us-east-1:1:success",
            "Message": json.dumps(message),
            "Timestamp": "2022-01-25T22:46:00.700Z",
        }
    )


def test_success_inside_the_sns_envelope():
    result = parse_notification(sns_envelope(SUCCESS))
    assert result.succeeded
    assert result.inference_id == "gen_1"
    assert result.output_location == "s3://io/output/abc.out"


def test_failure_with_raw_message_delivery():
    result = parse_notification(json.dumps(FAILURE))
    assert not result.succeeded
    assert result.failure_location == "s3://io/f/x.error"
    assert "500" in (result.failure_reason or "")


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        json.dumps({"Type": "Notification", "Message": "{}"}),
        json.dumps({**SUCCESS, "invocationStatus": "Running"}),
        json.dumps({**SUCCESS, "responseParameters": {}}),
        json.dumps({k: v for k, v in SUCCESS.items() if k != "inferenceId"}),
    ],
)
def test_anything_else_is_malformed(body):
    with pytest.raises(MalformedNotification):
        parse_notification(body)
