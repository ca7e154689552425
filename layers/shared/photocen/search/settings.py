"""Settings mixins of search: which embedder and which vector index, and how they are reached.

Field ↔ env: ``embedder`` ↔ ``PHOTOCEN_EMBEDDER`` ("bedrock" | "local"), ``vector_index`` ↔
``PHOTOCEN_VECTOR_INDEX`` ("opensearch" | "local"), ``embedding_dimension`` ↔
``PHOTOCEN_EMBEDDING_DIMENSION``, ``opensearch_endpoint`` ↔ ``PHOTOCEN_OPENSEARCH_ENDPOINT``,
``local_index_path`` ↔ ``PHOTOCEN_LOCAL_INDEX_PATH``, and so on.

One dimension for both ports: the embedder's vectors and the index's mapping must agree. 384
by default, because the local model (all-MiniLM-L6-v2) produces 384 and Titan Multimodal
Embeddings G1 offers 256, 384 or 1024; 384 also keeps an OpenSearch node's k-NN memory at
3/8 of 1024's (docs/decisions/0011-search-ports.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, HttpUrl, PositiveFloat, model_validator

from photocen.catalog.settings import CatalogSettings, CatalogUrlSettings
from photocen.platform.settings import BaseFunctionSettings

EmbedderKind = Literal["bedrock", "local"]
VectorIndexKind = Literal["opensearch", "local"]
# Titan Multimodal Embeddings G1's ``outputEmbeddingLength`` choices.
EMBEDDING_LENGTHS = (256, 384, 1024)
TITAN_MULTIMODAL_G1 = "amazon.titan-embed-image-v1"
LOCAL_MODEL_DIMENSION = 384  # all-MiniLM-L6-v2


class EmbeddingSpaceSettings(BaseFunctionSettings):
    """The length of every vector, shared by the embedder and the index of a deployment."""

    embedding_dimension: int = 384

    @model_validator(mode="after")
    def _a_titan_length(self) -> EmbeddingSpaceSettings:
        if self.embedding_dimension not in EMBEDDING_LENGTHS:
            raise ValueError(f"embedding_dimension must be one of {EMBEDDING_LENGTHS}")
        return self


class EmbedderSettings(EmbeddingSpaceSettings):
    embedder: EmbedderKind = "bedrock"
    # Bedrock's model id; the adapter speaks Titan Multimodal Embeddings G1's body format.
    embedding_model_id: str = Field(default=TITAN_MULTIMODAL_G1, min_length=1)

    @model_validator(mode="after")
    def _local_model_has_one_length(self) -> EmbedderSettings:
        if self.embedder == "local" and self.embedding_dimension != LOCAL_MODEL_DIMENSION:
            raise ValueError(
                f"the local embedder (all-MiniLM-L6-v2) makes {LOCAL_MODEL_DIMENSION}-long "
                f"vectors; embedding_dimension is {self.embedding_dimension}"
            )
        return self


class VectorIndexSettings(EmbeddingSpaceSettings):
    vector_index: VectorIndexKind = "opensearch"
    # The domain's endpoint (https://search-….es.amazonaws.com); required for "opensearch".
    opensearch_endpoint: HttpUrl | None = None
    opensearch_index: str = Field(
        default="photocen-images", min_length=1, max_length=255, pattern=r"^[a-z0-9][a-z0-9_-]*$"
    )
    opensearch_timeout_seconds: PositiveFloat = 5.0
    # The local index's file (shared by the local stack's processes: the gateway and the
    # operator CLI); None keeps it in this process's memory only.
    local_index_path: str | None = None

    @model_validator(mode="after")
    def _opensearch_needs_an_endpoint(self) -> VectorIndexSettings:
        if self.vector_index == "opensearch" and self.opensearch_endpoint is None:
            raise ValueError("vector_index 'opensearch' needs opensearch_endpoint")
        return self


class SearchSettings(EmbedderSettings, VectorIndexSettings):
    """Both ports: what the search and lifecycle functions compose into their settings."""


class SearchApiSettings(SearchSettings, CatalogSettings, CatalogUrlSettings):
    """``POST /v1/images/search``: both ports, the catalog (hits → images), signed catalog
    URLs, and the region chain's inputs (the profiles table; IP geo when enabled)."""

    profiles_table: str = Field(min_length=3)
    # Region chain: use CloudFront-Viewer-Country only where the deployment forwards it.
    geo_region_enabled: bool = False
