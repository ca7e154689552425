"""The life of a generated image after its job completed (the cleanup function's work).

- **Migration** (hourly): each image of a completed *searchable* job is copied from the
  cache bucket into the delivery catalog under a new numeric id, embedded and indexed; the
  job then answers with the signed catalog URL. Per image, in this order:

  1. *claim* a catalog id: allocate one, then record it on the job's image with a
     conditional write (only if the image has none). A crash after allocating leaves a hole
     in the ids (delivery skips holes), never a second id: a rerun finds the recorded one.
  2. *catalog*: ``Catalog.store_prepared(image_id=…)``, which skips objects already
     uploaded under that id and returns a record already written: one record, one object
     per copy, however often it runs.
  3. *index*: embed (prompt and the engine's caption) and upsert by catalog id: an upsert
     of the same id replaces, never adds.
  4. *mark migrated*: the image's ``catalog_key``; once every image is, the job leaves the
     lifecycle backlog.

  A crash between any two steps is resumed by the next run from step 1 (the job is still in
  the backlog), and each step is idempotent. Runs take the oldest jobs first, in bounded
  batches, and stop while the function has time left.
- **Cleanup** (hourly): each completed *private* job whose images are 24 h old is deleted
  from the cache and marked expired (its view already hides the URLs from the 24th hour).
- **Retirement** (``DELETE /v1/generations/{id}``): a migrated image leaves the catalog
  (record, objects and their versions, renditions) and the index.

Private images are never read by the migration: only jobs the store put in the ``migrate``
backlog (searchable at completion) are, and each is checked again here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from photocen.catalog.imaging import prepare
from photocen.generation.model import GeneratedImage, Job, private_expiry
from photocen.generation.store import EXPIRE, MIGRATE
from photocen.platform.clock import utcnow
from photocen.platform.errors import ValidationFailed
from photocen.platform.observability import logger
from photocen.search.model import IndexedImage

if TYPE_CHECKING:
    from photocen.catalog.service import Catalog
    from photocen.generation.store import ImageCache, JobStore
    from photocen.platform.objects import ObjectStore
    from photocen.search.ports import Embedder, VectorIndex

# Stop starting new work when less than this is left of the invocation (one image's
# migration is a few S3 puts, one DynamoDB transaction and one embedding).
MIGRATION_SAFETY_SECONDS = 30.0
CLEANUP_SAFETY_SECONDS = 10.0


def embedding_text(job: Job, image: GeneratedImage) -> str:
    """What an image is embedded as: its prompt, plus the engine's caption when it has one."""
    return f"{job.prompt}. {image.caption}" if image.caption else job.prompt


@dataclass
class LifecycleReport:
    jobs: int = 0
    images: int = 0
    skipped: int = 0
    more: bool = False  # stopped for time or batch size: the backlog is not empty
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "jobs": self.jobs,
            "images": self.images,
            "skipped": self.skipped,
            "more": self.more,
            "errors": self.errors,
        }


class Retirement:
    """Takes migrated images out of the catalog, the renditions and the index."""

    def __init__(
        self,
        catalog: Catalog,
        renditions: ObjectStore,
        renditions_bucket: str,
        index: Callable[[], VectorIndex],
        rendition_prefixes: Callable[[int], list[str]],
    ) -> None:
        self.catalog = catalog
        self.renditions = renditions
        self.renditions_bucket = renditions_bucket
        self._index = index  # built when first needed: most deletions never touch it
        self._rendition_prefixes = rendition_prefixes

    def retire(self, catalog_id: int) -> None:
        """Index first, catalog record last: an image found by search is then always still
        deliverable, and a crash half-way is finished by a repeat."""
        self._index().delete(catalog_id)
        for prefix in self._rendition_prefixes(catalog_id):
            self.renditions.purge_prefix(self.renditions_bucket, prefix)
        self.catalog.delete(catalog_id)

    def retire_job(self, job: Job) -> None:
        for image in job.images:
            if image.catalog_id is not None:
                self.retire(image.catalog_id)


class Migration:
    def __init__(
        self,
        *,
        jobs: JobStore,
        cache: ImageCache,
        catalog: Catalog,
        embedder: Embedder,
        index: VectorIndex,
        author_of: Callable[[str], str],
        retirement: Retirement,
    ) -> None:
        self.jobs = jobs
        self.cache = cache
        self.catalog = catalog
        self.embedder = embedder
        self.index = index
        self.author_of = author_of
        self.retirement = retirement

    def run(self, *, time_left: Callable[[], float], batch_size: int = 25) -> LifecycleReport:
        report = LifecycleReport()
        backlog = self.jobs.lifecycle_backlog(MIGRATE, limit=batch_size)
        self.index.ensure_index()
        for job in backlog:
            if time_left() < MIGRATION_SAFETY_SECONDS:
                report.more = True
                break
            self.migrate_job(job, report)
        else:
            report.more = len(backlog) == batch_size
        if report.jobs:
            logger.info("migration", extra=report.as_dict())
        return report

    def migrate_job(self, job: Job, report: LifecycleReport) -> None:
        if not job.searchable or job.status != "completed":
            # Never expected (the backlog holds completed searchable jobs): never copied.
            logger.error("not migrating a private or unfinished job", extra={"job": job.job_id})
            self.jobs.lifecycle_done(job.job_id, MIGRATE)
            return
        author = self.author_of(job.account_id)
        for index, image in enumerate(job.images):
            if image.migrated:
                continue
            if self.migrate_image(job, index, image, author):
                report.images += 1
            else:
                report.skipped += 1
        self.jobs.lifecycle_done(job.job_id, MIGRATE)
        report.jobs += 1

    def migrate_image(self, job: Job, index: int, image: GeneratedImage, author: str) -> bool:
        # 1. claim an id (or find the one a previous run claimed)
        catalog_id = image.catalog_id
        if catalog_id is None:
            catalog_id = self.jobs.claim_catalog_id(job.job_id, index, self.catalog.allocate_id())
            if catalog_id is None:
                return False  # the job was deleted meanwhile
        # 2. into the catalog (resumable under its id)
        data = self.cache.read_whole_image(image.key)
        if data is None:
            logger.warning("cached image missing", extra={"job": job.job_id, "key": image.key})
            return False
        try:
            prepared = prepare(data)
        except ValidationFailed:
            logger.error("cached image unreadable", extra={"job": job.job_id, "key": image.key})
            return False
        stored = self.catalog.store_prepared(
            prepared,
            author=author,
            owner=job.account_id,
            region=job.region,
            title=job.prompt[:200],
            image_id=catalog_id,
            created_at=job.completed_at,
        )
        # 3. embedded and indexed (an upsert by id replaces)
        vector = self.embedder.embed_image(data, embedding_text(job, image))
        self.index.upsert(
            IndexedImage(
                image_id=catalog_id,
                owner=job.account_id,
                region=job.region,
                searchable=True,
                created_at=stored.created_at,
                vector=vector,
            )
        )
        # 4. the job answers with the catalog from now on
        if not self.jobs.mark_migrated(job.job_id, index, stored.copies[0].key):
            # Deleted while it was being migrated: leave nothing of it behind.
            self.retirement.retire(catalog_id)
            return False
        return True


class Cleanup:
    """Deletes private images 24 h after their job completed."""

    def __init__(
        self, *, jobs: JobStore, cache: ImageCache, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.jobs = jobs
        self.cache = cache
        self._clock = clock

    def run(
        self,
        *,
        time_left: Callable[[], float],
        now: datetime | None = None,
        batch_size: int = 100,
    ) -> LifecycleReport:
        now = now or self._clock()
        report = LifecycleReport()
        # lifecycle_at is the completion's whole second: ask one second wide, check exactly.
        cutoff = int(now.timestamp()) - 24 * 3600 + 1
        backlog = self.jobs.lifecycle_backlog(EXPIRE, before=cutoff, limit=batch_size)
        for job in backlog:
            if time_left() < CLEANUP_SAFETY_SECONDS:
                report.more = True
                break
            expires_at = private_expiry(job)
            if expires_at is None or expires_at > now:
                report.skipped += 1
                continue
            self.cache.delete_images([i.key for i in job.images])
            self.jobs.mark_expired(job.job_id, now)
            report.jobs += 1
            report.images += len(job.images)
        else:
            report.more = len(backlog) == batch_size
        if report.jobs:
            logger.info("cleanup", extra=report.as_dict())
        return report
