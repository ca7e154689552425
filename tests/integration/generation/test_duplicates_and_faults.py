"""Duplicated and replayed notifications settle once; every failed or lost inference is
refunded; the books balance afterwards."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from photocen.generation.results import Sweeper
from photocen.generation.wiring import result_processor
from photocen.platform.clock import utcnow
from photocen.resources import INFERENCE_RESULTS

from tests.integration.generation.helpers import assert_books_balance, generate, operations


def _receive_all(aws) -> list[dict]:
    sqs = aws.client("sqs")
    url = os.environ[INFERENCE_RESULTS.env_var]
    messages = []
    while True:
        batch = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
        ).get("Messages", [])
        if not batch:
            return messages
        messages.extend(batch)


def _event(messages: list[dict]) -> dict:
    return {
        "Records": [
            {
                "messageId": f"{m['MessageId']}-{n}",
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:results",
                "awsRegion": "us-east-1",
            }
            for n, m in enumerate(messages)
        ]
    }


def test_duplicated_and_replayed_notifications_settle_once(aws, api, new_account, ledger, flow):
    caller = new_account()
    job_id = generate(api, caller.token, {"prompt": "a harbour"}).json()["job_id"]
    flow.runner.drain()
    messages = _receive_all(aws)
    assert len(messages) == 1
    # When SQS delivers the same notification twice in one batch, and once more later
    first = flow.functions.invoke("jobs", _event(messages * 2))
    assert first == {"batchItemFailures": []}
    flow.functions.invoke("jobs", _event(messages))
    # and an error notification for the same job turns up after the success
    notification = json.loads(json.loads(messages[0]["Body"])["Message"])
    failure = {
        **notification,
        "invocationStatus": "Failed",
        "responseParameters": {"failureLocation": "s3://x/y"},
    }
    flow.functions.invoke("jobs", _event([{**messages[0], "Body": json.dumps(failure)}]))
    # Then the job was settled exactly once and stays completed
    assert operations(ledger, caller.account_id, job_id) == ["reserve", "settle"]
    job = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
    assert job["status"] == "completed"
    assert assert_books_balance(ledger, caller.account_id) == 9


def test_a_malformed_notification_is_reported_as_a_batch_item_failure(api, flow):
    unknown_job = json.dumps(
        {
            "invocationStatus": "Failed",
            "inferenceId": "gen_doesnotexist",
            "responseParameters": {"failureLocation": "s3://x/y"},
        }
    )
    event = _event(
        [
            {"MessageId": "bad", "ReceiptHandle": "r", "Body": "{}", "MD5OfBody": "x"},
            {"MessageId": "ok", "ReceiptHandle": "r", "Body": unknown_job, "MD5OfBody": "x"},
        ]
    )
    # Only the malformed record fails: SQS retries it (then dead-letters it), not the other
    result = flow.functions.invoke("jobs", event)
    assert result == {"batchItemFailures": [{"itemIdentifier": "bad-0"}]}


def test_a_batch_whose_every_record_fails_reports_each_and_is_no_lambda_error(api, flow):
    # Given a batch of notifications that all fail (malformed)
    event = _event(
        [
            {"MessageId": f"bad{n}", "ReceiptHandle": "r", "Body": "{}", "MD5OfBody": "x"}
            for n in range(3)
        ]
    )
    # When the jobs function handles it, it returns (no Lambda error) naming every record,
    # so SQS retries and dead-letters each as with a partial failure
    result = flow.functions.invoke("jobs", event)
    assert result == {"batchItemFailures": [{"itemIdentifier": f"bad{n}-{n}"} for n in range(3)]}


def test_with_faults_every_failed_or_lost_inference_is_refunded(
    api, new_account, accounts, ledger, flow_factory
):
    # Given a runner that fails a third and drops a third of all inferences
    flow = flow_factory(
        local_inference_failure_rate=0.34, local_inference_drop_rate=0.33, local_fault_seed=7
    )
    caller = new_account()
    ledger.grant(caller.account_id, 40, "test:topup")
    job_ids = [
        generate(api, caller.token, {"prompt": f"scene {n}", "settings": {"count": 2}}).json()[
            "job_id"
        ]
        for n in range(15)
    ]
    flow.run()
    kinds = {o.kind for o in flow.runner.outcomes}
    assert kinds == {"completed", "failed", "dropped"}
    # When the sweeper runs after the deadline of the lost ones
    processor = result_processor()
    sweeper = Sweeper(
        jobs=processor.jobs,
        ledger=ledger,
        notifier=processor.notifier,
        limits=processor.limits,
        clock=lambda: utcnow() + timedelta(hours=3),
    )
    report = sweeper.sweep()
    assert report.failed == sum(o.kind == "dropped" for o in flow.runner.outcomes)
    # Then every job is finished; failed ones are refunded, completed ones settled
    charged = 0
    for job_id in job_ids:
        job = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
        ops = operations(ledger, caller.account_id, job_id)
        if job["status"] == "completed":
            assert ops == ["reserve", "settle"]
            charged += job["credits_charged"]
        else:
            assert job["status"] == "failed"
            assert ops == ["refund", "reserve"]
    assert assert_books_balance(ledger, caller.account_id) == 50 - charged
    # And a sweep after everything finished finds nothing
    assert sweeper.sweep().examined == 0


def test_a_late_success_after_the_sweeper_gave_up_changes_nothing(api, new_account, ledger, flow):
    caller = new_account()
    job_id = generate(api, caller.token, {"prompt": "late"}).json()["job_id"]
    processor = result_processor()
    Sweeper(
        jobs=processor.jobs,
        ledger=ledger,
        notifier=processor.notifier,
        limits=processor.limits,
        clock=lambda: utcnow() + timedelta(hours=3),
    ).sweep()
    flow.run()  # the inference finishes after all
    job = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
    assert job["status"] == "failed"
    assert job["images"] == []
    assert operations(ledger, caller.account_id, job_id) == ["refund", "reserve"]
    assert assert_books_balance(ledger, caller.account_id) == 10


def test_a_settled_job_whose_completion_was_lost_leaves_the_sweep_and_completes_on_redrive(
    api, new_account, ledger, flow
):
    caller = new_account()
    job_id = generate(api, caller.token, {"prompt": "settled, never completed"}).json()["job_id"]
    flow.runner.drain()  # the image is made; its notification waits in the results queue
    # Given the jobs function settled the job, then died before completing it
    processor = result_processor()
    job = processor.jobs.get(job_id)
    assert job is not None
    ledger.settle(caller.account_id, job_id, job.reserved, job.reserved)
    # When the sweeper runs after the job's deadline, again and again
    sweeper = Sweeper(
        jobs=processor.jobs,
        ledger=ledger,
        notifier=processor.notifier,
        limits=processor.limits,
        clock=lambda: utcnow() + timedelta(hours=3),
    )
    first = sweeper.sweep()
    # Then it neither fails nor refunds the job, and the job leaves the pending index
    assert (first.examined, first.failed) == (1, 0)
    assert sweeper.sweep().examined == 0
    assert api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()["status"] == "running"
    # And the notification, once redriven, still completes it with its image
    flow.results.drain()
    finished = api.get(f"/v1/images/jobs/{job_id}", token=caller.token).json()
    assert finished["status"] == "completed"
    assert len(finished["images"]) == 1
    assert operations(ledger, caller.account_id, job_id) == ["reserve", "settle"]
    assert assert_books_balance(ledger, caller.account_id) == 9
