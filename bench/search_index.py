"""``make bench-search`` (the bare half): the local vector index and the local query embedding.

- the exact local index (``ExactIndex``, dimension 384) at 10,000 and 100,000 synthetic unit
  vectors, k = 20: a query with no filter, with an owner filter (``own_images_only``: ~1% of
  the rows pass) and with a region filter (~20% pass), each p50/p99 over the same random
  query vectors;
- the bare query embedding: all-MiniLM-L6-v2 with numpy (``MiniLMEmbedder.embed_text``) on
  short search queries, p50/p99.

The baseline, measured in the same run on the same matrix: one bare ``matrix @ query`` over
every row (the floor of any exact search). Ratios, not milliseconds, compare across machines.
The search route through the local gateway (``bench/search_route.py``, when present) is
measured beside these and reported against them.

    python bench/search_index.py [--queries 200] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# One BLAS thread: a k-NN query is a memory-bound matrix-vector product, Lambda gives a
# small function about one vCPU, and on a shared machine idle BLAS threads waiting for a time
# slice turn a 0.2 ms product into 12 ms. Set the variable to measure otherwise.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "layers" / "shared"))

from photocen.search.adapters.local_embedder import MiniLMEmbedder  # noqa: E402
from photocen.search.adapters.local_index import ExactIndex  # noqa: E402
from photocen.search.model import IndexedImage, SearchFilter  # noqa: E402

DIMENSION = 384
K = 20
OWNERS = 100
REGIONS = ("global", "eu-west-1", "us-east-1", "ap-south-1", "sa-east-1")
QUERIES = [
    "seaside cafe",
    "a red bicycle leaning on a wall",
    "mountain lake at dawn",
    "portrait of an old fisherman",
    "neon city street in the rain",
    "a bowl of ramen",
    "cat sleeping in the sun",
    "abstract watercolor of autumn leaves",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    action()  # warm
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def unit_rows(rng: np.random.Generator, rows: int) -> np.ndarray:
    matrix = rng.standard_normal((rows, DIMENSION), dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def build(size: int, rng: np.random.Generator) -> tuple[ExactIndex, np.ndarray]:
    index = ExactIndex(DIMENSION)
    vectors = unit_rows(rng, size)
    when = datetime(2026, 11, 30, tzinfo=UTC)
    for n, row in enumerate(vectors):
        owner = f"acct_{n % OWNERS:03d}"
        image = IndexedImage(n + 1, owner, REGIONS[n % len(REGIONS)], True, when, tuple(row))
        index.upsert(image)
    return index, vectors


def line(label: str, samples: list[float], floor: float) -> str:
    p50, p99 = statistics.median(samples), percentile(samples, 0.99)
    return f"  {label:<34} p50 {p50:8.3f} ms  p99 {p99:8.3f} ms  ({p50 / floor:6.2f}x the floor)"


def measure(size: int, rng: np.random.Generator, queries: np.ndarray, repeats: int) -> float:
    """Prints one index size's lines; returns the unfiltered query's p50 (ms)."""
    started = time.perf_counter()
    index, matrix = build(size, rng)
    built = time.perf_counter() - started
    print(f"exact index, {size:,} x {DIMENSION} unit vectors (built in {built:.1f} s), k={K}")
    turn = iter(range(10**9))

    def next_query() -> np.ndarray:
        return queries[next(turn) % len(queries)]

    floor_samples = timed(lambda: matrix @ next_query(), repeats)
    floor = statistics.median(floor_samples)
    print(line("baseline: bare matrix @ query", floor_samples, floor))
    cases = [
        ("query, no filter", SearchFilter(), 0),
        ("query, own images (~1% pass)", SearchFilter(owner="acct_007"), 0),
        ("query, same region (~20% pass)", SearchFilter(region="eu-west-1"), 0),
        ("page 3 (offset 40), no filter", SearchFilter(), 40),
    ]
    unfiltered = 0.0
    for label, only, offset in cases:

        def query(only: SearchFilter = only, offset: int = offset) -> object:
            return index.query(tuple(next_query()), k=K, offset=offset, filter=only)

        samples = timed(query, repeats)
        print(line(label, samples, floor))
        if label == "query, no filter":
            unfiltered = statistics.median(samples)
    return unfiltered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    queries = unit_rows(rng, args.queries)
    sizes = [int(s) for s in args.sizes.split(",")]
    unfiltered = {size: measure(size, rng, queries, args.queries) for size in sizes}

    model = MiniLMEmbedder()
    texts = iter(range(10**9))
    samples = timed(lambda: model.embed_text(QUERIES[next(texts) % len(QUERIES)]), args.queries)
    largest = max(sizes)
    p50, p99 = statistics.median(samples), percentile(samples, 0.99)
    print("query embedding, all-MiniLM-L6-v2 with numpy (short queries)")
    print(
        f"  {'embed_text':<34} p50 {p50:8.3f} ms  p99 {p99:8.3f} ms  "
        f"({p50 / unfiltered[largest]:6.2f}x the {largest:,}-vector query)"
    )


if __name__ == "__main__":
    main()
