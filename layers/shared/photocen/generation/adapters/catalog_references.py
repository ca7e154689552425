"""Catalog images as reference images, through the catalog capability's service.

The catalog holds only searchable images (a private image is never catalogued), which
delivery serves to any account: reading one as a reference shows nobody anything new.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from photocen.platform.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from photocen.catalog.service import Catalog

# The pre-shrunk copy an engine needs: as large as this edge and no larger.
REFERENCE_EDGE = 1024


class CatalogReferences:
    """``CatalogImages``: the largest pre-shrunk copy of an image whose edges fit
    ``REFERENCE_EDGE`` (the smallest copy when none does). The catalog is built on first
    use, so generate requests without a catalog reference never pay for it."""

    def __init__(self, catalog: Callable[[], Catalog]) -> None:
        self._catalog = catalog

    def read(self, image_id: int, max_bytes: int) -> bytes:
        catalog = self._catalog()
        image = catalog.get(image_id)  # NotFound for an unknown id
        copies = sorted(image.copies, key=lambda c: c.width * c.height)
        if not copies:
            raise NotFound(f"No stored copy of catalog image {image_id}.")
        fitting = [c for c in copies if max(c.width, c.height) <= REFERENCE_EDGE]
        chosen = fitting[-1] if fitting else copies[0]
        data = catalog.read_copy(chosen)
        if data is None:
            raise NotFound(f"No stored copy of catalog image {image_id}.")
        if len(data) > max_bytes:
            raise ValidationFailed(
                f"catalog image {image_id}: its copy is larger than {max_bytes // 1024} KiB"
            )
        return data
