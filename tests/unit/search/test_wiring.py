"""Settings choose the adapters; each choice is validated where a deployment would break."""

from __future__ import annotations

from pathlib import Path

import pytest
from photocen.search.adapters.bedrock import TitanEmbedder
from photocen.search.adapters.local_embedder import MiniLMEmbedder
from photocen.search.adapters.local_index import ExactIndex
from photocen.search.adapters.opensearch import OpenSearchIndex
from photocen.search.model import score_of, unit_vector
from photocen.search.settings import SearchSettings
from photocen.search.wiring import embedder_from, vector_index_from
from pydantic import ValidationError

LOCAL = {"embedder": "local", "vector_index": "local"}


def test_aws_defaults_are_titan_at_384_and_opensearch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")  # the role's, on Lambda
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    # The defaults themselves: a local stack started earlier in the session exports its own.
    for name in ("PHOTOCEN_EMBEDDER", "PHOTOCEN_VECTOR_INDEX", "PHOTOCEN_EMBEDDING_DIMENSION"):
        monkeypatch.delenv(name, raising=False)
    settings = SearchSettings(opensearch_endpoint="https://search-x.eu-west-1.es.amazonaws.com")

    embedder = embedder_from(settings)
    index = vector_index_from(settings)

    assert isinstance(embedder, TitanEmbedder)
    assert (embedder.model_id, embedder.dimension) == ("amazon.titan-embed-image-v1", 384)
    assert isinstance(index, OpenSearchIndex)
    assert (index.index, index.dimension) == ("photocen-images", 384)


def test_opensearch_without_an_endpoint_is_a_configuration_error() -> None:
    with pytest.raises(ValidationError, match="opensearch_endpoint"):
        SearchSettings()


def test_local_choices_build_the_local_adapters_once_per_process(tmp_path: Path) -> None:
    path = str(tmp_path / "index.npz")
    settings = SearchSettings(**LOCAL, local_index_path=path)

    embedder = embedder_from(settings)
    index = vector_index_from(settings)

    assert isinstance(embedder, MiniLMEmbedder)
    assert isinstance(index, ExactIndex)
    assert index.path == Path(path)
    # the gateway's functions share one process: they must share the one index and model
    assert vector_index_from(SearchSettings(**LOCAL, local_index_path=path)) is index
    assert embedder_from(SearchSettings(**LOCAL)) is embedder


def test_the_dimension_must_be_one_titan_offers() -> None:
    with pytest.raises(ValidationError, match="embedding_dimension"):
        SearchSettings(**LOCAL, embedding_dimension=512)


def test_the_local_model_only_makes_384_long_vectors() -> None:
    with pytest.raises(ValidationError, match="384"):
        SearchSettings(**LOCAL, embedding_dimension=1024)


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOTOCEN_EMBEDDER", "bedrock")
    monkeypatch.setenv("PHOTOCEN_VECTOR_INDEX", "local")
    monkeypatch.setenv("PHOTOCEN_EMBEDDING_DIMENSION", "1024")

    settings = SearchSettings()

    assert (settings.embedder, settings.vector_index, settings.embedding_dimension) == (
        "bedrock",
        "local",
        1024,
    )


@pytest.mark.parametrize(
    ("inner_product", "score"),
    [(1.0, 2.0), (0.25, 1.25), (0.0, 1.0), (-0.5, 1 / 1.5), (-1.0, 0.5)],
)
def test_score_is_opensearch_faiss_innerproduct(inner_product: float, score: float) -> None:
    assert score_of(inner_product) == pytest.approx(score)


def test_unit_vector_refuses_what_cannot_be_normalised() -> None:
    assert unit_vector([3, 4]) == pytest.approx((0.6, 0.8))
    for bad in ([], [0.0, 0.0], [float("nan"), 1.0]):
        with pytest.raises(ValueError):
            unit_vector(bad)
