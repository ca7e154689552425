"""Data access for jobs (``JobRecord``): every status change is a conditional update.

A job is ``queued`` when recorded, ``running`` once the endpoint accepted it, and ends
``completed`` or ``failed``. Each transition names the states it may start from, so a
duplicated or replayed notification finds the condition false and changes nothing; callers
learn whether *they* made the change from the returned boolean.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import DeleteError, GetError, PutError, QueryError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from photocen.generation.model import ACTIVE, FINISHED, Image, Job, JobStatus
from photocen.platform.clock import utcnow
from photocen.platform.dynamo import UnboundMeta
from photocen.platform.errors import NotFound, ServiceUnavailable
from photocen.platform.pagination import CursorFormat


# ---------------------------------------------------------------- generation jobs
class GeneratedImage(MapAttribute):  # type: ignore[type-arg]
    """One picture of a finished job, stored in the cache bucket under ``key``."""

    image_id = UnicodeAttribute()
    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()
    seed = NumberAttribute()
    content_type = UnicodeAttribute()
    bytes = NumberAttribute()


class JobsByAccount(GlobalSecondaryIndex["JobRecord"]):
    """An account's generations, newest first (``scan_index_forward=False``)."""

    class Meta:
        index_name = "by_account"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class PendingJobs(GlobalSecondaryIndex["JobRecord"]):
    """Sparse: only unfinished jobs carry ``pending``/``deadline``; the sweeper queries
    ``deadline < now`` here instead of scanning the table."""

    class Meta:
        index_name = "pending"
        projection = AllProjection()

    pending = UnicodeAttribute(hash_key=True)
    deadline = NumberAttribute(range_key=True)


class JobRecord(Model):
    """One generation job (one item of a generate request); a job is also a *generation*.

    Status moves ``queued → running → completed | failed`` and every move is a conditional
    update on the current status, so duplicated notifications change nothing.

    Access patterns: get by ``job_id`` (poll, jobs consumer, delete); query ``by_account``
    (list generations, newest first); query ``pending`` with ``deadline < now`` (sweeper).
    """

    class Meta(UnboundMeta):
        pass

    job_id = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()
    status = UnicodeAttribute()  # queued | running | completed | failed
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    completed_at = UTCDateTimeAttribute(null=True)
    prompt = UnicodeAttribute()
    final_prompt = UnicodeAttribute()
    negative_prompt = UnicodeAttribute(default="")
    model = UnicodeAttribute()
    style = UnicodeAttribute(null=True)
    width = NumberAttribute()
    height = NumberAttribute()
    steps = NumberAttribute()
    cfg = NumberAttribute()
    seed = NumberAttribute()
    image_count = NumberAttribute()  # not `count`: that is Model.count()
    region = UnicodeAttribute()
    region_source = UnicodeAttribute()
    searchable = BooleanAttribute(default=True)
    cost_per_image = NumberAttribute()
    reserved = NumberAttribute()
    charged = NumberAttribute(null=True)
    webhook_url = UnicodeAttribute(null=True)
    webhook_enqueued = BooleanAttribute(default=False)
    images = ListAttribute(of=GeneratedImage, null=True)
    engine_ms = NumberAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    pending = UnicodeAttribute(null=True)
    deadline = NumberAttribute(null=True)

    by_account = JobsByAccount()
    pending_jobs = PendingJobs()


# ---------------------------------------------------------------- style memory
class ProfileRecord(Model):
    """An account's generation profile: editable style memory, what was learned from
    completed generations, and the defaults of the region chain.

    Access patterns: get/put/delete by ``account_id``; optimistic updates (``version``).
    """

    class Meta(UnboundMeta):
        pass

    account_id = UnicodeAttribute(hash_key=True)
    preset = UnicodeAttribute(null=True)
    keywords = ListAttribute(of=UnicodeAttribute, null=True)
    negative_prompt = UnicodeAttribute(null=True)
    default_region = UnicodeAttribute(null=True)
    billing_country = UnicodeAttribute(null=True)
    learned_styles = MapAttribute(null=True)  # type: ignore[var-annotated]
    learned_keywords = MapAttribute(null=True)  # type: ignore[var-annotated]
    learned_from = NumberAttribute(default=0)
    updated_at = UTCDateTimeAttribute(null=True)
    version = VersionAttribute()


PENDING = "pending"
_CONDITION_FAILED = "ConditionalCheckFailedException"
# Cursors of the ``by_account`` listing: its keys and the table's, owned by ``account_id``.
_LIST_CURSORS = CursorFormat(JobRecord, JobRecord.by_account, owner="account_id")


class JobStore:
    """Jobs on the jobs table."""

    def create(self, job: Job) -> None:
        record = _record(job)
        try:
            record.save(condition=JobRecord.job_id.does_not_exist())
        except PutError as exc:
            raise ServiceUnavailable("the jobs store did not answer") from exc

    def get(self, job_id: str) -> Job | None:
        try:
            return _job(JobRecord.get(job_id, consistent_read=True))
        except JobRecord.DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable("the jobs store did not answer") from exc

    def get_owned(self, account_id: str, job_id: str) -> Job:
        """The caller's job; another account's job is indistinguishable from a missing one."""
        job = self.get(job_id) if _plausible_id(job_id) else None
        if job is None or job.account_id != account_id:
            raise NotFound(f"no job {job_id}")
        return job

    def mark_running(self, job_id: str) -> bool:
        return self._transition(
            job_id,
            ("queued",),
            [JobRecord.status.set("running"), JobRecord.updated_at.set(utcnow())],
        )

    def complete(
        self, job_id: str, images: Iterable[Image], charged: int, engine_ms: int | None
    ) -> bool:
        now = utcnow()
        actions = [
            JobRecord.status.set("completed"),
            JobRecord.images.set([_image_attr(i) for i in images]),
            JobRecord.charged.set(charged),
            JobRecord.updated_at.set(now),
            JobRecord.completed_at.set(now),
            JobRecord.pending.remove(),
            JobRecord.deadline.remove(),
        ]
        if engine_ms is not None:
            actions.append(JobRecord.engine_ms.set(engine_ms))
        return self._transition(job_id, ACTIVE, actions)

    def fail(self, job_id: str, code: str, message: str) -> bool:
        now = utcnow()
        return self._transition(
            job_id,
            ACTIVE,
            [
                JobRecord.status.set("failed"),
                JobRecord.charged.set(0),
                JobRecord.error_code.set(code),
                JobRecord.error_message.set(message[:500]),
                JobRecord.updated_at.set(now),
                JobRecord.completed_at.set(now),
                JobRecord.pending.remove(),
                JobRecord.deadline.remove(),
            ],
        )

    def leave_pending(self, job_id: str) -> bool:
        """Take an unfinished job off the sweeper's ``pending`` index (it stays unfinished,
        so its success notification can still complete it)."""
        return self._transition(
            job_id,
            ACTIVE,
            [
                JobRecord.updated_at.set(utcnow()),
                JobRecord.pending.remove(),
                JobRecord.deadline.remove(),
            ],
        )

    def mark_webhook_enqueued(self, job_id: str) -> None:
        self._transition(job_id, FINISHED, [JobRecord.webhook_enqueued.set(True)])

    def discard(self, job_id: str) -> None:
        """Forget a job that never reserved credits (refused at submission)."""
        try:
            JobRecord(job_id).delete(condition=JobRecord.status == "queued")
        except DeleteError as exc:
            if exc.cause_response_code != _CONDITION_FAILED:
                raise ServiceUnavailable("the jobs store did not answer") from exc

    def delete_finished(self, job_id: str) -> bool:
        try:
            JobRecord(job_id).delete(condition=JobRecord.status.is_in(*FINISHED))
        except DeleteError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                return False
            raise ServiceUnavailable("the jobs store did not answer") from exc
        return True

    def list_for_account(
        self, account_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Job], str | None]:
        """One page of an account's jobs, newest first, and the cursor of the next page."""
        start = _LIST_CURSORS.decode(cursor, account_id) if cursor else None
        try:
            result = JobRecord.by_account.query(
                account_id,
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=start,
            )
            jobs = [_job(r) for r in result]
        except QueryError as exc:
            raise ServiceUnavailable("the jobs store did not answer") from exc
        last = result.last_evaluated_key
        return jobs, (_LIST_CURSORS.encode(last) if last and len(jobs) == limit else None)

    def overdue(self, now_epoch: int, limit: int = 100) -> list[Job]:
        """Unfinished jobs whose deadline has passed (the sparse ``pending`` index)."""
        try:
            return [
                _job(r)
                for r in JobRecord.pending_jobs.query(
                    PENDING, JobRecord.deadline < now_epoch, limit=limit
                )
            ]
        except QueryError as exc:
            raise ServiceUnavailable("the jobs store did not answer") from exc

    # ------------------------------------------------------------ internals
    def _transition(self, job_id: str, allowed: tuple[JobStatus, ...], actions: list[Any]) -> bool:
        try:
            JobRecord(job_id).update(
                actions=actions,
                condition=JobRecord.job_id.exists() & JobRecord.status.is_in(*allowed),
            )
        except UpdateError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                return False
            raise ServiceUnavailable("the jobs store did not answer") from exc
        return True


def _plausible_id(job_id: str) -> bool:
    return 4 <= len(job_id) <= 64 and job_id.replace("_", "").isalnum()


def _image_attr(image: Image) -> GeneratedImage:
    return GeneratedImage(
        image_id=image.image_id,
        key=image.key,
        width=image.width,
        height=image.height,
        seed=image.seed,
        content_type=image.content_type,
        bytes=image.bytes,
    )


def _record(job: Job) -> JobRecord:
    return JobRecord(
        job.job_id,
        account_id=job.account_id,
        status=job.status,
        created_at=job.created_at,
        updated_at=job.updated_at,
        prompt=job.prompt,
        final_prompt=job.final_prompt,
        negative_prompt=job.negative_prompt,
        model=job.model,
        style=job.style,
        width=job.width,
        height=job.height,
        steps=job.steps,
        cfg=job.cfg,
        seed=job.seed,
        image_count=job.count,
        region=job.region,
        region_source=job.region_source,
        searchable=job.searchable,
        cost_per_image=job.cost_per_image,
        reserved=job.reserved,
        webhook_url=job.webhook_url,
        webhook_enqueued=False,
        pending=PENDING,
        deadline=job.deadline,
    )


def _job(r: JobRecord) -> Job:
    return Job(
        job_id=r.job_id,
        account_id=r.account_id,
        status=r.status,  # type: ignore[arg-type]
        created_at=r.created_at,
        updated_at=r.updated_at,
        completed_at=r.completed_at,
        prompt=r.prompt,
        final_prompt=r.final_prompt,
        negative_prompt=r.negative_prompt or "",
        model=r.model,
        style=r.style,
        width=int(r.width),
        height=int(r.height),
        steps=int(r.steps),
        cfg=float(r.cfg),
        seed=int(r.seed),
        count=int(r.image_count),
        region=r.region,
        region_source=r.region_source,
        searchable=bool(r.searchable),
        cost_per_image=int(r.cost_per_image),
        reserved=int(r.reserved),
        charged=None if r.charged is None else int(r.charged),
        webhook_url=r.webhook_url,
        webhook_enqueued=bool(r.webhook_enqueued),
        images=tuple(
            Image(
                image_id=i.image_id,
                key=i.key,
                width=int(i.width),
                height=int(i.height),
                seed=int(i.seed),
                content_type=i.content_type,
                bytes=int(i.bytes),
            )
            for i in (r.images or [])
        ),
        engine_ms=None if r.engine_ms is None else int(r.engine_ms),
        error_code=r.error_code,
        error_message=r.error_message,
        deadline=None if r.deadline is None else int(r.deadline),
    )
