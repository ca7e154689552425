"""The single definition of every S3 bucket (logical name, lifecycle).

The CDK storage construct and the local bootstrap both create buckets from ``BUCKETS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from photocen.tables import pascal


@dataclass(frozen=True)
class BucketSpec:
    logical_name: str
    purpose: str
    expire_after_days: int | None = None  # whole-bucket lifecycle expiry
    expire_prefixes: tuple[tuple[str, int], ...] = ()  # (prefix, days) rules
    # S3 versioning on AWS (the local stack ignores it): only for images that are kept.
    versioned: bool = False

    @property
    def env_var(self) -> str:
        return f"PHOTOCEN_{self.logical_name.upper()}_BUCKET"

    @property
    def output_id(self) -> str:
        """The stack output holding the physical name (``catalog`` → ``CatalogBucketName``)."""
        return pascal(self.logical_name) + "BucketName"


CATALOG = BucketSpec(
    "catalog", "catalog images: searchable, served through CloudFront", versioned=True
)
CACHE = BucketSpec(
    "cache",
    "every new image; private ones expire after a day",
    expire_prefixes=(("private/", 1),),
)
RENDITIONS = BucketSpec(
    "renditions", "delivery variants, re-rendered on miss", expire_after_days=30
)

# The SageMaker async endpoint's input (``input/{job}.json``), output and failure files:
# transient by nature (a job outlives them by its queue TTL at most).
SAGEMAKER_IO = BucketSpec(
    "sagemaker_io", "asynchronous inference input, output and failure files", expire_after_days=1
)

BUCKETS: tuple[BucketSpec, ...] = (CATALOG, CACHE, RENDITIONS, SAGEMAKER_IO)
