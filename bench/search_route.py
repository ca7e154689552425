"""``make bench-search`` (the HTTP half): ``POST /v1/images/search`` through the local gateway.

A local gateway on loopback (the stack's own ``devstack.gateway``: authorizer, handler,
envelope) over moto, its search function given an exact local index of 10,000 and 100,000
synthetic unit vectors (ids 1…N, each a catalog record in moto, so every hit is looked up as
in production) and the real query embedder (all-MiniLM-L6-v2 with numpy). Each request is a
text search (k = 20) over one keep-alive HTTP connection; p50/p99 over the same queries.

Baselines, measured in the same run on the same index and model: the bare index query
(``ExactIndex.query``, no filter) and the bare query embedding (``embed_text``). The route's
p50 is printed as a ratio to both and to their sum (what the route adds: HTTP, authorizer,
validation, the catalog's BatchGetItem, signing 20 URLs, the envelope).

    python bench/search_route.py [--queries 200] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bench/search_index.py, and Lambda

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared")]

import numpy as np  # noqa: E402

DIMENSION = 384
K = 20
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
    action()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def catalog_records(size: int) -> None:
    """Catalog records 1…size (what the search looks its hits up in), in batches of 25."""
    from photocen.catalog.store import CatalogHeaderRecord, CatalogImageRecord

    when = datetime(2026, 11, 30, tzinfo=UTC)
    existing = CatalogHeaderRecord.get(0).last_id if CatalogHeaderRecord.count() else 0
    with CatalogImageRecord.batch_write() as batch:
        for n in range(int(existing) + 1, size + 1):
            batch.save(
                CatalogImageRecord(
                    n,
                    author="bench",
                    width=512,
                    height=512,
                    owner=f"acct_{n % 100:03d}",
                    region="global",
                    created_at=when,
                    original_key=f"catalog/{n}/original.png",
                    copies=[{"key": f"catalog/{n}/512x512.jpg", "width": 512, "height": 512}],
                )
            )
    CatalogHeaderRecord(0, last_id=size, total=size).save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()

    from devstack import bootstrap
    from devstack.environment import REGION, bucket_names, function_environment, table_names
    from devstack.stack import HOST, free_port, start_moto

    moto = start_moto(free_port())
    try:
        endpoint = f"http://{HOST}:{moto.args[moto.args.index('-p') + 1]}"
        os.environ.update(function_environment(endpoint))
        os.environ["POWERTOOLS_LOG_LEVEL"] = "ERROR"
        import boto3

        bootstrap.create_tables(boto3.client("dynamodb", region_name=REGION), table_names())
        bootstrap.create_buckets(boto3.client("s3", region_name=REGION), bucket_names())
        run(args, endpoint)
    finally:
        moto.terminate()


def run(args: argparse.Namespace, endpoint: str) -> None:
    import threading

    import photocen.search.wiring as search_wiring
    from photocen.accounts.wiring import account_service_from
    from photocen.generation.wiring import search_service
    from photocen.platform.aws import AwsTarget
    from photocen.platform.dynamo import bind
    from photocen.platform.settings import load
    from photocen.resources import TABLES
    from photocen.search.adapters.local_index import ExactIndex
    from photocen.search.model import IndexedImage

    from devstack.cli import AdminSettings
    from devstack.environment import REGION, table_names
    from devstack.gateway import Functions, Gateway, serve

    for spec in TABLES:
        bind(spec.models, table_names()[spec.logical_name], AwsTarget(REGION, endpoint))
    accounts = account_service_from(load(AdminSettings))
    _, key = accounts.create_account(name="bench")
    embedder = search_wiring.local_embedder()
    rng = np.random.default_rng(2026)
    when = datetime(2026, 11, 30, tzinfo=UTC)
    server = serve(Gateway(Functions()), HOST, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    print(f"POST /v1/images/search through the local gateway (k={K}, {args.queries} queries)")
    for size in [int(s) for s in args.sizes.split(",")]:
        index = ExactIndex(DIMENSION)
        matrix = rng.standard_normal((size, DIMENSION), dtype=np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        for n, row in enumerate(matrix):
            index.upsert(
                IndexedImage(n + 1, f"acct_{n % 100:03d}", "global", True, when, tuple(row))
            )
        catalog_records(size)
        search_wiring.search_ports = lambda index=index: (embedder, index)  # type: ignore[misc]
        search_service.cache_clear()
        measure(size, index, embedder, port, key.token, args.queries)
    server.shutdown()


def measure(size: int, index: Any, embedder: Any, port: int, token: str, queries: int) -> None:
    """One index size: the two baselines, then the route, then the ratios."""
    from photocen.search.model import SearchFilter

    turn = iter(range(10**9))

    def text() -> str:
        return QUERIES[next(turn) % len(QUERIES)]

    vectors = [embedder.embed_text(q) for q in QUERIES]
    bare_index = timed(
        lambda: index.query(vectors[next(turn) % len(vectors)], k=K, filter=SearchFilter()),
        queries,
    )
    bare_embed = timed(lambda: embedder.embed_text(text()), queries)
    connection = HTTPConnection(HOST, port)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def search() -> None:
        body = json.dumps({"query": text(), "limit": K})
        connection.request("POST", "/v1/images/search", body, headers)
        response = connection.getresponse()
        payload = response.read()
        assert response.status == 200, payload
        assert len(json.loads(payload)["data"]) == K

    route = timed(search, queries)
    connection.close()
    index_p50, embed_p50 = statistics.median(bare_index), statistics.median(bare_embed)
    route_p50 = statistics.median(route)
    print(f"{size:,} indexed images")
    for label, samples in (
        ("bare index query (no filter)", bare_index),
        ("bare query embedding", bare_embed),
        ("POST /v1/images/search", route),
    ):
        print(
            f"  {label:<30} p50 {statistics.median(samples):8.3f} ms"
            f"  p99 {percentile(samples, 0.99):8.3f} ms"
        )
    print(
        f"  route / index query {route_p50 / index_p50:7.2f}x   route / embedding "
        f"{route_p50 / embed_p50:6.2f}x   route / (index + embedding) "
        f"{route_p50 / (index_p50 + embed_p50):5.2f}x"
    )


HOST = "127.0.0.1"

if __name__ == "__main__":
    main()
