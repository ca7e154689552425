"""Finishing jobs: SageMaker notifications in, images stored, credits settled, job completed.

The ledger is the arbiter between the ways a job can end (a success notification, an error
notification, the sweeper): settle and refund share the key ``release:<job>``, so exactly one
applies, and the job's state follows whichever did. Every job transition is conditional on
the job still being unfinished, so a duplicated or replayed notification changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from photocen.credits.model import NoReservation
from photocen.generation.model import GeneratedImage, Job, image_key
from photocen.generation.pricing import actual_cost
from photocen.platform.clock import utcnow
from photocen.platform.observability import logger
from photocen.webhooks.model import EVENT_COMPLETED, EVENT_FAILED, WebhookMessage
from photocen.webhooks.signing import webhook_id_for

if TYPE_CHECKING:
    from photocen.credits.ports import Ledger
    from photocen.generation.ports import GenerationLimits, InferenceOutputs
    from photocen.generation.service import StyleMemoryService
    from photocen.generation.store import ImageCache, JobStore
    from photocen.generation.view import JobViews
    from photocen.webhooks.ports import WebhookQueue

FAILED_MESSAGE = "The image engine could not render this job; its credits were refunded."
TIMEOUT_MESSAGE = "The job did not finish in time; its credits were refunded."


_MAX_CAPTION = 1000  # characters of an engine's caption kept (it is embedded, not shown)


class MalformedNotification(ValueError):
    """Not a SageMaker async notification: retried, then kept in the dead-letter queue."""


@dataclass(frozen=True)
class InferenceResult:
    inference_id: str
    succeeded: bool
    output_location: str | None
    failure_location: str | None
    failure_reason: str | None


def parse_notification(body: str) -> InferenceResult:
    """An SQS message body: the SNS envelope around SageMaker's notification (or the raw
    notification when the subscription uses raw message delivery)."""
    try:
        data = json.loads(body)
        if isinstance(data, dict) and data.get("Type") == "Notification" and "Message" in data:
            data = json.loads(data["Message"])
    except (TypeError, ValueError) as exc:
        raise MalformedNotification("not JSON") from exc
    if not isinstance(data, dict):
        raise MalformedNotification("not an object")
    status = data.get("invocationStatus")
    inference_id = data.get("inferenceId")
    response = data.get("responseParameters") or {}
    if status not in ("Completed", "Failed") or not isinstance(inference_id, str):
        raise MalformedNotification("no invocationStatus/inferenceId")
    if not isinstance(response, dict):
        raise MalformedNotification("responseParameters is not an object")
    result = InferenceResult(
        inference_id=inference_id,
        succeeded=status == "Completed",
        output_location=response.get("outputLocation"),
        failure_location=response.get("failureLocation"),
        failure_reason=data.get("failureReason"),
    )
    if result.succeeded and not result.output_location:
        raise MalformedNotification("a completed invocation without outputLocation")
    return result


@dataclass(frozen=True)
class DecodedImage:
    seed: int
    width: int
    height: int
    content_type: str
    data: bytes
    caption: str = ""  # the engine's own words for what it drew (optional in the document)


def parse_output(body: bytes) -> tuple[list[DecodedImage], int | None]:
    """The images of an inference output document (model/inference.py ``output_fn``)."""
    try:
        document = json.loads(body)
        images = [
            DecodedImage(
                seed=int(i["seed"]),
                width=int(i["width"]),
                height=int(i["height"]),
                content_type=str(i.get("content_type") or "image/png"),
                data=base64.b64decode(i["data"], validate=True),
                caption=str(i.get("caption") or "")[:_MAX_CAPTION],
            )
            for i in document["images"]
        ]
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise MalformedNotification(f"unreadable inference output: {exc}") from exc
    engine_ms = document.get("engine_ms")
    return images, (int(engine_ms) if isinstance(engine_ms, int | float) else None)


class Notifier:
    """Puts a finished job's webhook on the webhook queue, once it is finished; its payload
    is the job's view (``JobViews.webhook_payload``)."""

    def __init__(self, jobs: JobStore, views: JobViews, queue: WebhookQueue) -> None:
        self.jobs = jobs
        self.views = views
        self.queue = queue

    def ensure_sent(self, job: Job | None) -> None:
        # At least once: enqueue, then flag. A crash in between enqueues again on redelivery,
        # with the same webhook-id, which receivers use to deduplicate.
        if job is None or not job.finished or not job.webhook_url or job.webhook_enqueued:
            return
        event = EVENT_COMPLETED if job.status == "completed" else EVENT_FAILED
        self.queue.enqueue(
            WebhookMessage(
                webhook_id=webhook_id_for(job.job_id, event),
                account_id=job.account_id,
                url=job.webhook_url,
                event=event,
                payload=self.views.webhook_payload(job, event),
            )
        )
        self.jobs.mark_webhook_enqueued(job.job_id)


class ResultProcessor:
    """What the jobs function does with one notification."""

    def __init__(
        self,
        *,
        jobs: JobStore,
        ledger: Ledger,
        outputs: InferenceOutputs,
        images: ImageCache,
        style_memory: StyleMemoryService,
        notifier: Notifier,
        limits: GenerationLimits,
    ) -> None:
        self.jobs = jobs
        self.ledger = ledger
        self.outputs = outputs
        self.images = images
        self.style_memory = style_memory
        self.notifier = notifier
        self.limits = limits

    def handle(self, result: InferenceResult) -> str:
        """Apply one result; returns what happened (for logs and tests)."""
        job = self.jobs.get(result.inference_id)
        if job is None:
            logger.warning("notification for an unknown job", extra={"job_id": result.inference_id})
            return "unknown"
        if job.finished:
            # Again (idempotent): a crash may have come between finishing and freeing.
            self.limits.finish_generation(job.account_id, job.job_id)
            self.notifier.ensure_sent(job)
            return "duplicate"
        outcome = self._succeed(job, result) if result.succeeded else self._fail(job, result)
        if outcome != "settled":  # "settled": the success being applied frees the slot
            self.limits.finish_generation(job.account_id, job.job_id)
        if job.webhook_url:  # read the finished job again only when there is someone to tell
            self.notifier.ensure_sent(self.jobs.get(job.job_id))
        return outcome

    def _succeed(self, job: Job, result: InferenceResult) -> str:
        assert result.output_location is not None
        decoded, engine_ms = parse_output(self.outputs.read(result.output_location))
        images = [self._store_image(job, index, image) for index, image in enumerate(decoded)]
        charged = actual_cost(job.cost_per_image, len(images), job.reserved)
        outcome = self.ledger.settle(job.account_id, job.job_id, job.reserved, charged)
        if outcome.entry.operation == "refund":
            # The sweeper gave up on this job first: its credits are back, keep no images.
            self.images.delete_images([i.key for i in images])
            return "late"
        if self.jobs.complete(job.job_id, images, charged, engine_ms, searchable=job.searchable):
            # Best effort: a crash here loses one lesson of the style memory, nothing else.
            self.style_memory.learn(job.account_id, job.style, job.prompt)
            return "completed"
        return "duplicate"

    def _fail(self, job: Job, result: InferenceResult) -> str:
        logger.warning(
            "inference failed",
            extra={"job_id": job.job_id, "reason": result.failure_reason},
        )
        return fail_and_refund(self.jobs, self.ledger, job, "generation_failed", FAILED_MESSAGE)

    def _store_image(self, job: Job, index: int, image: DecodedImage) -> GeneratedImage:
        key = image_key(job.account_id, job.job_id, index, searchable=job.searchable)
        self.images.put_image(
            key,
            image.data,
            image.content_type,
            {
                "owner": job.account_id,
                "job-id": job.job_id,
                "seed": str(image.seed),
                "model": job.model,
                "region": job.region,
                "searchable": "true" if job.searchable else "false",
                "prompt": job.prompt,
            },
        )
        return GeneratedImage(
            image_id=f"{job.job_id}_{index}",
            key=key,
            width=image.width,
            height=image.height,
            seed=image.seed,
            content_type=image.content_type,
            bytes=len(image.data),
            caption=image.caption,
        )


def fail_and_refund(jobs: JobStore, ledger: Ledger, job: Job, code: str, message: str) -> str:
    """Refund the reservation, then fail the job, unless a settlement won the race."""
    try:
        outcome = ledger.refund(job.account_id, job.job_id, job.reserved)
    except NoReservation:
        # No reservation was ever made (a crash between recording and reserving). Any other
        # refusal (a reservation of another amount) is a bug and must not fail the job quietly.
        outcome = None
    if outcome is not None and outcome.entry.operation == "settle":
        return "settled"  # a success is being applied; its notification completes the job
    return "failed" if jobs.fail(job.job_id, code, message) else "duplicate"


@dataclass(frozen=True)
class SweepReport:
    examined: int
    failed: int


class Sweeper:
    """Fails and refunds jobs past their deadline (queue TTL + processing timeout + grace);
    takes an overdue job that was settled (but never completed) off the pending index."""

    def __init__(
        self,
        *,
        jobs: JobStore,
        ledger: Ledger,
        notifier: Notifier,
        limits: GenerationLimits,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.jobs = jobs
        self.ledger = ledger
        self.notifier = notifier
        self.limits = limits
        self._clock = clock

    def sweep(self, limit: int = 100) -> SweepReport:
        overdue = self.jobs.overdue(int(self._clock().timestamp()), limit=limit)
        failed = 0
        for job in overdue:
            outcome = fail_and_refund(
                self.jobs, self.ledger, job, "generation_timeout", TIMEOUT_MESSAGE
            )
            if outcome == "failed":
                failed += 1
                self.limits.finish_generation(job.account_id, job.job_id)
                if job.webhook_url:  # read the failed job again only when there is someone to tell
                    self.notifier.ensure_sent(self.jobs.get(job.job_id))
            elif outcome == "settled":
                # Settled yet unfinished past its deadline: its success notification is being
                # applied now, or was lost after the settlement (it waits in the results DLQ).
                # Off the pending index, or it would head every sweep and crowd out newer
                # overdue jobs; still unfinished, so that notification completes it.
                self.jobs.leave_pending(job.job_id)
                logger.warning("overdue job already settled", extra={"job_id": job.job_id})
        if overdue:
            logger.info("sweep", extra={"examined": len(overdue), "failed": failed})
        return SweepReport(len(overdue), failed)
