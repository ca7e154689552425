"""The image catalog's plain types: what an image is, once numbered, and what an import
prepares before it is stored. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

OPERATOR = "operator"  # the owner of images imported by the operator (not by an account)


@dataclass(frozen=True)
class SourceCopy:
    """One stored copy of a catalog image: the original or a pre-shrunk one."""

    key: str
    width: int
    height: int


@dataclass(frozen=True)
class CatalogImage:
    image_id: int
    author: str
    width: int
    height: int
    owner: str
    region: str
    created_at: datetime
    original_key: str
    copies: tuple[SourceCopy, ...]
    title: str | None = None


@dataclass(frozen=True)
class Header:
    last_id: int
    total: int


@dataclass(frozen=True)
class Page:
    images: list[CatalogImage]
    total: int
    last_page: int


@dataclass(frozen=True)
class PreparedImage:
    """An import's CPU work, done before any I/O: the original's format and bytes, and the
    copies to store, master first. A copy whose bytes are ``None`` is the original itself."""

    format: str
    original: bytes
    copies: list[tuple[tuple[int, int], bytes | None]]
