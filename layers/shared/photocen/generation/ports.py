"""What generation depends on outside itself, by interface.

- ``InferenceEndpoint``: takes a job's inference input and runs it asynchronously; its
  result comes back as a notification (SNS → SQS → the jobs function).
  ``adapters.sagemaker.SageMakerAsyncEndpoint`` on AWS *and* locally: the local stack's
  inference runner (devstack.inference_runner) listens on that adapter's own boto3 client
  against moto, so the same adapter serves both and nothing is chosen by configuration.
- ``InferenceOutputs``: reads the output document a notification points to
  (``adapters.sagemaker.SageMakerOutputs``).
- ``ReferenceFetcher``: fetches a reference image given as a URL, at the vetted address
  (``adapters.reference_fetch.HttpReferenceFetcher``).
- ``CatalogImages``: a catalog image as a reference (``wiring.CatalogReferences``, over the
  catalog capability's service).

- ``GenerationLimits``: the plan's images per day / month and jobs in flight
  (``photocen.limits.service.LimitsService``).

The ledger is the credits capability's port (``photocen.credits.ports.Ledger``); webhooks
are queued through ``photocen.webhooks.ports.WebhookQueue``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from photocen.platform.outbound import CheckedUrl

from photocen.platform.principal import Principal


class InferenceEndpoint(Protocol):
    def submit(self, job_id: str, document: dict[str, Any]) -> None:
        """Hand a job's inference input (``model.inference_input``) to the endpoint; raise
        ``ServiceUnavailable`` when it did not take it."""
        ...


class InferenceOutputs(Protocol):
    def read(self, location: str) -> bytes:
        """The output document at a notification's ``outputLocation``; raise
        ``ServiceUnavailable`` when it cannot be read."""
        ...


class ReferenceFetcher(Protocol):
    def fetch(self, target: CheckedUrl, *, field: str, max_bytes: int, timeout: float) -> bytes:
        """The bytes at a URL the SSRF guard vetted (``adapters.reference_fetch``); a 422
        naming ``field`` when it cannot be had (an answer other than 200, too large, no
        answer)."""
        ...


class CatalogImages(Protocol):
    def read(self, image_id: int, max_bytes: int) -> bytes:
        """A copy of a catalog image for use as a reference (at most ``max_bytes``);
        ``NotFound`` when there is no such image."""
        ...


class GenerationLimits(Protocol):
    def start_generation(self, principal: Principal, job_id: str, images: int) -> None:
        """Count the job's images and hold an in-flight slot for it; raise ``RateLimited``
        (nothing counted) when the plan has no room."""
        ...

    def cancel_generation(self, account_id: str, job_id: str, images: int) -> None:
        """Undo ``start_generation`` for a job that was never handed over (idempotent)."""
        ...

    def finish_generation(self, account_id: str, job_id: str) -> None:
        """Free the job's in-flight slot (idempotent)."""
        ...
