"""HTTP shapes of the search function: the request body and the answer.

The body is exactly the document's (``query``, ``limit``, ``filters``), plus "more like
this" (``image_id`` instead of ``query``: exactly one of the two) and ``cursor``.
Importable without any environment: the meta function merges the routes into
``/openapi.json``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from photocen.platform.patterns import Pattern
from photocen.platform.text import SINGLE_LINE_NOT_BLANK, control_character
from photocen.search.service import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    SearchPage,
    SearchRequest,
)
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

MAX_QUERY = 500
MAX_IMAGE_ID = 2**53 - 1  # an integer every JSON reader holds exactly
CURSOR = Pattern("[A-Za-z0-9_-]{1,200}")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FiltersIn(Strict):
    same_region_only: bool = Field(
        default=False, description="Only images of your applied region (the region chain)."
    )
    own_images_only: bool = Field(default=False, description="Only images you generated.")


def _one_form(schema: dict[str, Any]) -> None:
    """Exactly one of ``query`` and ``image_id`` (null is absent), as the service checks."""
    schema["oneOf"] = [
        {
            "title": "Text search",
            "required": ["query"],
            "properties": {"query": {"type": "string"}, "image_id": {"type": "null"}},
        },
        {
            "title": "More like this",
            "required": ["image_id"],
            "properties": {"image_id": {"type": "integer"}, "query": {"type": "null"}},
        },
    ]


class SearchIn(Strict):
    query: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_QUERY,
        description="What to find, in words (matched by meaning, not by keyword).",
        json_schema_extra={"pattern": SINGLE_LINE_NOT_BLANK.json},
    )
    image_id: int | None = Field(
        default=None,
        ge=1,
        le=MAX_IMAGE_ID,
        description="More like this: a catalog image id (from a search or /v2/list).",
    )
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    filters: FiltersIn = Field(default_factory=FiltersIn)
    cursor: str | None = Field(
        default=None,
        max_length=200,
        description="The next_cursor of the previous page of this same search.",
        json_schema_extra={"pattern": CURSOR.json},
    )

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_form)

    @field_validator("query")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is None:
            return value
        reason = control_character(value)
        if reason is not None:
            raise PydanticCustomError("control_character", "{reason}", {"reason": reason})
        if not value.strip():
            raise PydanticCustomError("blank", "must not be blank (whitespace only)")
        return value

    @field_validator("cursor")
    @classmethod
    def _cursor(cls, value: str | None) -> str | None:
        if value is not None and not CURSOR.matches(value):
            raise PydanticCustomError("cursor", "not a cursor this search returned")
        return value

    @model_validator(mode="after")
    def _query_xor_image(self) -> SearchIn:
        if (self.query is None) == (self.image_id is None):
            raise ValueError("give either query (text) or image_id (more like this)")
        return self

    def to_domain(self) -> SearchRequest:
        return SearchRequest(
            query=self.query,
            image_id=self.image_id,
            limit=self.limit,
            same_region_only=self.filters.same_region_only,
            own_images_only=self.filters.own_images_only,
            cursor=self.cursor,
        )


class SearchItemOut(BaseModel):
    id: int = Field(description="The catalog id: /id/{id}/{w}/{h} delivers it at any size.")
    score: float = Field(description="Similarity to the query, higher is closer.")
    url: str = Field(description="A signed URL of the image, valid for url_expires_in seconds.")
    url_expires_in: int
    width: int
    height: int
    author: str
    region: str
    created_at: datetime


class SearchOut(BaseModel):
    data: list[SearchItemOut]
    next_cursor: str | None = Field(description="Pass as cursor for the next page.")
    applied_region: str | None = Field(
        description="The region same_region_only filtered on (null when not asked)."
    )

    @classmethod
    def of(cls, page: SearchPage) -> SearchOut:
        return cls(
            data=[
                SearchItemOut(
                    id=r.image_id,
                    score=r.score,
                    url=r.url,
                    url_expires_in=r.url_expires_in,
                    width=r.width,
                    height=r.height,
                    author=r.author,
                    region=r.region,
                    created_at=r.created_at,
                )
                for r in page.results
            ],
            next_cursor=page.next_cursor,
            applied_region=page.applied_region,
        )
