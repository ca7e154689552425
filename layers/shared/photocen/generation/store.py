"""Generation's data: jobs and profiles in DynamoDB, generated images in the cache bucket.

- ``JobStore`` (``JobRecord``): every status change is a conditional update. A job is
  ``queued`` when recorded, ``running`` once the endpoint accepted it, and ends
  ``completed`` or ``failed``. Each transition names the states it may start from, so a
  duplicated or replayed notification finds the condition false and changes nothing;
  callers learn whether *they* made the change from the returned boolean.
- ``ProfileStore`` (``ProfileRecord``): an account's style memory, changed by optimistic
  read-modify-write (``version``).
- ``ImageCache``: generated images in the cache bucket and their presigned URLs.

Each store binds its own PynamoDB models to the table it is given (``platform.dynamo.bind``);
the records map to ``photocen.generation.model`` types here, in one function each way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, fields
from functools import cache
from typing import Any, get_args, get_type_hints

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

from photocen.generation.model import ACTIVE, FINISHED, GeneratedImage, Job, JobStatus
from photocen.generation.style_memory import StyleMemory
from photocen.platform.aws import AwsTarget
from photocen.platform.clock import utcnow
from photocen.platform.dynamo import UnboundMeta, bind
from photocen.platform.errors import NotFound, ServiceUnavailable
from photocen.platform.objects import S3ObjectStore
from photocen.platform.pagination import CursorFormat


# ---------------------------------------------------------------- generation jobs
class GeneratedImageMap(MapAttribute):  # type: ignore[type-arg]
    """One picture of a finished job (``model.GeneratedImage``), in the job's ``images``."""

    image_id = UnicodeAttribute()
    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()
    seed = NumberAttribute()
    content_type = UnicodeAttribute()
    bytes = NumberAttribute()
    caption = UnicodeAttribute(default="")
    catalog_id = NumberAttribute(null=True)  # claimed by the migration before it is used
    catalog_key = UnicodeAttribute(null=True)  # set once the image is served from the catalog


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


class LifecycleJobs(GlobalSecondaryIndex["JobRecord"]):
    """Sparse: completed jobs that the lifecycle function still has work on. ``lifecycle``
    is ``migrate`` (searchable: copy to the catalog, index) or ``expire`` (private: delete
    at 24 h); ``lifecycle_at`` is the completion time (epoch seconds), so the cleanup asks
    for ``lifecycle_at <= now - 24 h`` and the migration takes the oldest first. The
    attributes are removed when the work is done: the index holds only the backlog."""

    class Meta:
        index_name = "lifecycle"
        projection = AllProjection()

    lifecycle = UnicodeAttribute(hash_key=True)
    lifecycle_at = NumberAttribute(range_key=True)


class JobRecord(Model):
    """The stored ``model.Job``: one generation job (one item of a generate request).

    Status moves ``queued → running → completed | failed`` and every move is a conditional
    update on the current status, so duplicated notifications change nothing.

    Access patterns: get by ``job_id`` (poll, jobs consumer, delete); query ``by_account``
    (list generations, newest first); query ``pending`` with ``deadline < now`` (sweeper);
    query ``lifecycle`` by task (migration: oldest first; cleanup: ``lifecycle_at`` older
    than 24 h).
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
    images = ListAttribute(of=GeneratedImageMap, null=True)
    engine_ms = NumberAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    pending = UnicodeAttribute(null=True)
    deadline = NumberAttribute(null=True)
    expired_at = UTCDateTimeAttribute(null=True)
    lifecycle = UnicodeAttribute(null=True)  # MIGRATE | EXPIRE while there is work left
    lifecycle_at = NumberAttribute(null=True)
    # Jobs recorded before these existed read as the defaults.
    purpose = UnicodeAttribute(default="image")
    quality = UnicodeAttribute(default="standard")
    upscale = NumberAttribute(default=1)

    by_account = JobsByAccount()
    pending_jobs = PendingJobs()
    lifecycle_jobs = LifecycleJobs()


# ---------------------------------------------------------------- style memory
class ProfileRecord(Model):
    """The stored ``StyleMemory`` of an account: editable style memory, what was learned
    from completed generations, and the defaults of the region chain.

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
MIGRATE = "migrate"  # lifecycle task of a completed searchable job
EXPIRE = "expire"  # lifecycle task of a completed private job
UNAVAILABLE = "the jobs store did not answer"
_CONDITION_FAILED = "ConditionalCheckFailedException"
# Cursors of the ``by_account`` listing: its keys and the table's, owned by ``account_id``.
_LIST_CURSORS = CursorFormat(JobRecord, JobRecord.by_account, owner="account_id")


class JobStore:
    """Jobs on the jobs table."""

    def __init__(self, table_name: str, target: AwsTarget) -> None:
        bind((JobRecord,), table_name, target)

    def create(self, job: Job) -> None:
        try:
            _record(job).save(condition=JobRecord.job_id.does_not_exist())
        except PutError as exc:
            raise ServiceUnavailable(UNAVAILABLE) from exc

    def get(self, job_id: str) -> Job | None:
        try:
            return _job(JobRecord.get(job_id, consistent_read=True))
        except JobRecord.DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable(UNAVAILABLE) from exc

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
        self,
        job_id: str,
        images: Iterable[GeneratedImage],
        charged: int,
        engine_ms: int | None,
        *,
        searchable: bool,
    ) -> bool:
        """Finish a job; it joins the lifecycle backlog (migration, or the private cleanup)."""
        now = utcnow()
        images = list(images)
        actions = [
            JobRecord.status.set("completed"),
            JobRecord.images.set([_image_map(i) for i in images]),
            JobRecord.charged.set(charged),
            JobRecord.updated_at.set(now),
            JobRecord.completed_at.set(now),
            JobRecord.pending.remove(),
            JobRecord.deadline.remove(),
        ]
        if images:
            actions += [
                JobRecord.lifecycle.set(MIGRATE if searchable else EXPIRE),
                JobRecord.lifecycle_at.set(int(now.timestamp())),
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
                raise ServiceUnavailable(UNAVAILABLE) from exc

    def delete_finished(self, job_id: str) -> bool:
        try:
            JobRecord(job_id).delete(condition=JobRecord.status.is_in(*FINISHED))
        except DeleteError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                return False
            raise ServiceUnavailable(UNAVAILABLE) from exc
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
            raise ServiceUnavailable(UNAVAILABLE) from exc
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
            raise ServiceUnavailable(UNAVAILABLE) from exc

    # ------------------------------------------------------------ lifecycle
    def lifecycle_backlog(self, task: str, *, before: int | None = None, limit: int) -> list[Job]:
        """Completed jobs with lifecycle work ``task`` left, oldest first (``before``: only
        those completed before that epoch second)."""
        condition = JobRecord.lifecycle_at < before if before is not None else None
        try:
            return [_job(r) for r in JobRecord.lifecycle_jobs.query(task, condition, limit=limit)]
        except QueryError as exc:
            raise ServiceUnavailable(UNAVAILABLE) from exc

    def claim_catalog_id(self, job_id: str, index: int, catalog_id: int) -> int | None:
        """Record ``catalog_id`` as image ``index``'s unless it has one already; returns the
        id the image has now (``None``: the job is gone)."""
        path = JobRecord.images[index]["catalog_id"]  # type: ignore[index]
        if self._change(
            job_id,
            JobRecord.images[index].exists() & path.does_not_exist(),  # type: ignore[index]
            [path.set(catalog_id)],
        ):
            return catalog_id
        job = self.get(job_id)
        if job is None or index >= len(job.images):
            return None
        return job.images[index].catalog_id

    def mark_migrated(self, job_id: str, index: int, catalog_key: str) -> bool:
        """Image ``index`` is now served from the catalog (from ``catalog_key``)."""
        path = JobRecord.images[index]["catalog_key"]  # type: ignore[index]
        return self._change(
            job_id,
            JobRecord.images[index]["catalog_id"].exists(),  # type: ignore[index]
            [path.set(catalog_key), JobRecord.updated_at.set(utcnow())],
        )

    def lifecycle_done(self, job_id: str, task: str) -> bool:
        """Take a job off the lifecycle backlog (its ``task`` is finished)."""
        return self._change(
            job_id,
            JobRecord.lifecycle == task,
            [JobRecord.lifecycle.remove(), JobRecord.lifecycle_at.remove()],
        )

    def mark_expired(self, job_id: str, expired_at: Any) -> bool:
        """A private job's images were deleted: it says so, and leaves the backlog."""
        return self._change(
            job_id,
            JobRecord.lifecycle == EXPIRE,
            [
                JobRecord.expired_at.set(expired_at),
                JobRecord.updated_at.set(utcnow()),
                JobRecord.lifecycle.remove(),
                JobRecord.lifecycle_at.remove(),
            ],
        )

    # ------------------------------------------------------------ internals
    def _change(self, job_id: str, condition: Any, actions: list[Any]) -> bool:
        try:
            JobRecord(job_id).update(
                actions=actions, condition=JobRecord.job_id.exists() & condition
            )
        except UpdateError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                return False
            raise ServiceUnavailable(UNAVAILABLE) from exc
        return True

    def _transition(self, job_id: str, allowed: tuple[JobStatus, ...], actions: list[Any]) -> bool:
        try:
            JobRecord(job_id).update(
                actions=actions,
                condition=JobRecord.job_id.exists() & JobRecord.status.is_in(*allowed),
            )
        except UpdateError as exc:
            if exc.cause_response_code == _CONDITION_FAILED:
                return False
            raise ServiceUnavailable(UNAVAILABLE) from exc
        return True


def _plausible_id(job_id: str) -> bool:
    return 4 <= len(job_id) <= 64 and job_id.replace("_", "").isalnum()


# ---------------------------------------------------------------- Job <-> JobRecord
# The record's attribute of each Job field, where the names differ.
_JOB_ATTRIBUTES = {"count": "image_count"}  # not `count`: that is Model.count()
_JOB_FIELDS = tuple(f.name for f in fields(Job) if f.name != "images")
_IMAGE_FIELDS = tuple(f.name for f in fields(GeneratedImage))


@cache
def _numbers(cls: type) -> dict[str, Callable[[Any], Any]]:
    """``int``/``float`` for a dataclass's number fields: DynamoDB hands numbers back in its
    own normal form (``7.0`` as ``7``), the domain types say which they are."""
    out: dict[str, Callable[[Any], Any]] = {}
    for name, hint in get_type_hints(cls).items():
        kinds = set(get_args(hint)) - {type(None)} or {hint}
        if kinds in ({int}, {float}):
            out[name] = kinds.pop()
    return out


def _record(job: Job) -> JobRecord:
    """The item of a job (unset optional values are left out of it, as PynamoDB does)."""
    values = {_JOB_ATTRIBUTES.get(name, name): getattr(job, name) for name in _JOB_FIELDS}
    return JobRecord(
        **values,
        images=[_image_map(i) for i in job.images] or None,
        pending=PENDING if job.status in ACTIVE else None,
    )


def _job(record: JobRecord) -> Job:
    numbers = _numbers(Job)
    values = {name: getattr(record, _JOB_ATTRIBUTES.get(name, name)) for name in _JOB_FIELDS}
    for name, value in values.items():
        if value is not None and name in numbers:
            values[name] = numbers[name](value)
    return Job(
        **values,
        images=tuple(_image(i) for i in record.images or ()),
    )


def _image_map(image: GeneratedImage) -> GeneratedImageMap:
    return GeneratedImageMap(**asdict(image))


def _image(stored: GeneratedImageMap) -> GeneratedImage:
    numbers = _numbers(GeneratedImage)
    values: dict[str, Any] = {}
    for name in _IMAGE_FIELDS:
        value = getattr(stored, name, None)
        values[name] = None if value is None else numbers.get(name, str)(value)
    return GeneratedImage(**values)


# ---------------------------------------------------------------- profiles
class ProfileStore:
    """Style memories on the profiles table: read, and changed by optimistic locking."""

    def __init__(self, table_name: str, target: AwsTarget) -> None:
        bind((ProfileRecord,), table_name, target)

    def get(self, account_id: str) -> StyleMemory | None:
        record = self._record(account_id)
        return None if record is None else _memory(record)

    def change(self, account_id: str, edit: Callable[[StyleMemory], StyleMemory]) -> StyleMemory:
        """Apply ``edit`` to the account's memory (an empty one when it has none) and save
        the result in one conditional write; a concurrent change makes it read again and
        re-apply. An error raised by ``edit`` writes nothing."""
        for _ in range(5):
            record = self._record(account_id)
            memory = edit(StyleMemory() if record is None else _memory(record))
            record = _write(memory, record or ProfileRecord(account_id))
            try:
                record.save()  # conditional on ``version`` (optimistic locking)
            except PutError as exc:
                if exc.cause_response_code == _CONDITION_FAILED:
                    continue  # a concurrent update won; read again and re-apply
                raise ServiceUnavailable("the profiles store did not answer") from exc
            return memory
        raise ServiceUnavailable("the profile is being changed concurrently; try again")

    def _record(self, account_id: str) -> ProfileRecord | None:
        try:
            return ProfileRecord.get(account_id, consistent_read=True)
        except ProfileRecord.DoesNotExist:
            return None
        except GetError as exc:
            raise ServiceUnavailable("the profiles store did not answer") from exc


# ---------------------------------------------------------------- StyleMemory <-> ProfileRecord
# A StyleMemory field is the ProfileRecord attribute of the same name.
_MEMORY_FIELDS = tuple(f.name for f in fields(StyleMemory))


def _write(memory: StyleMemory, record: ProfileRecord) -> ProfileRecord:
    """The record holding ``memory`` (empty keywords and learned maps are left out)."""
    for name in _MEMORY_FIELDS:
        value = getattr(memory, name)
        if isinstance(value, tuple):
            value = list(value) or None
        elif isinstance(value, dict):
            value = dict(value) or None
        setattr(record, name, value)
    record.updated_at = utcnow()
    return record


def _memory(record: ProfileRecord) -> StyleMemory:
    return StyleMemory(
        preset=record.preset,
        keywords=tuple(str(k) for k in record.keywords or ()),
        negative_prompt=record.negative_prompt,
        default_region=record.default_region,
        billing_country=record.billing_country,
        learned_styles={k: int(v) for k, v in _as_dict(record.learned_styles).items()},
        learned_keywords={k: int(v) for k, v in _as_dict(record.learned_keywords).items()},
        learned_from=int(record.learned_from or 0),
    )


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    return dict(value.as_dict())


# ---------------------------------------------------------------- images
class ImageCache:
    """Generated images in the cache bucket (keys: ``model.image_key``), over the shared S3
    adapter; handed to callers as presigned URLs."""

    def __init__(self, target: AwsTarget, bucket: str) -> None:
        self._objects = S3ObjectStore(target)
        self.bucket = bucket

    def put_image(self, key: str, data: bytes, content_type: str, metadata: dict[str, str]) -> None:
        self._objects.put(self.bucket, key, data, content_type, metadata=metadata)

    def read_whole_image(self, key: str) -> bytes | None:
        """The image's bytes (the migration copies it whole), ``None`` if it is gone."""
        return self._objects.get(self.bucket, key)

    def delete_images(self, keys: list[str]) -> None:
        self._objects.delete_many(self.bucket, keys)

    def read_image(self, key: str, max_bytes: int) -> bytes | None:
        """The image's bytes if it exists and has at most ``max_bytes``, else ``None``."""
        found = self._objects.get_small(self.bucket, key, max_bytes)
        return found if isinstance(found, bytes) else None

    def image_url(self, key: str, ttl_seconds: int) -> str:
        """A presigned GET of the cached image (signed locally: no request is made)."""
        return self._objects.presign_get(self.bucket, key, ttl_seconds)
