"""``make bench-generate``: the API-side overhead of a generation on the local stack.

For each of N jobs (default 200, one at a time): the time from the client sending
``POST /v1/images/generate`` to the job's ``completed_at`` (recorded by the jobs function on
the same machine clock), minus the engine's own time (``engine_ms``). That is everything
PhotoCen adds around the image engine: gateway and authorizer, validation, idempotency,
reservation, job item, S3 input, invoke, the runner's S3 read/write, SNS → SQS → poller, the
jobs function (S3 image write, settlement, job completion).

The baseline, measured in the same run against the same moto server: one DynamoDB
``GetItem`` round trip. Ratios, not milliseconds, are what compare across machines.

    python bench/generate.py [--jobs 200] [--width 512] [--height 512]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import LocalStack, start_local_stack, stop_local_stack  # noqa: E402


def call(stack: LocalStack, method: str, path: str, body: Any = None, **headers: str) -> Any:
    request = urllib.request.Request(
        stack.base_url + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={
            "Authorization": f"Bearer {stack.token}",
            "Content-Type": "application/json",
            **headers,
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def one_job(stack: LocalStack, width: int, height: int, n: int) -> tuple[float, float]:
    started = time.time()
    accepted = call(
        stack,
        "POST",
        "/v1/images/generate",
        {
            "prompt": f"a seaside cafe at golden hour {n}",
            "settings": {"width": width, "height": height},
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    while True:
        job = call(stack, "GET", f"/v1/images/jobs/{accepted['job_id']}")
        if job["status"] == "completed":
            break
        if job["status"] == "failed":
            raise RuntimeError(f"job failed: {job['error']}")
        time.sleep(0.005)
    completed = datetime.fromisoformat(job["completed_at"]).timestamp()
    total_ms = (completed - started) * 1000
    return total_ms, float(job["engine_ms"] or 0)


def dynamodb_round_trips(stack: LocalStack, count: int) -> list[float]:
    import boto3

    state = stack.state
    client = boto3.client(
        "dynamodb",
        region_name=state["region"],
        endpoint_url=state["aws_endpoint_url"],
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto's
    )
    key = {"account_id": {"S": state["account_id"]}, "entry": {"S": "balance"}}
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        client.get_item(TableName=state["tables"]["credits"], Key=key, ConsistentRead=True)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--width", type=int, default=512)
    parser.add_argument("--height", type=int, default=512)
    args = parser.parse_args()

    stack = start_local_stack(Path(tempfile.mkdtemp(prefix="bench-generate-")))
    try:
        for n in range(5):  # warm every container and the engine
            one_job(stack, args.width, args.height, -n)
        dynamodb_round_trips(stack, 20)
        overheads, engines, totals = [], [], []
        for n in range(args.jobs):
            total, engine = one_job(stack, args.width, args.height, n)
            totals.append(total)
            engines.append(engine)
            overheads.append(total - engine)
        baseline = dynamodb_round_trips(stack, 200)
    finally:
        stop_local_stack(stack)

    ddb = statistics.median(baseline)
    result = {
        "jobs": args.jobs,
        "size": f"{args.width}x{args.height}",
        "overhead_p50_ms": round(percentile(overheads, 0.5), 1),
        "overhead_p99_ms": round(percentile(overheads, 0.99), 1),
        "engine_p50_ms": round(percentile(engines, 0.5), 1),
        "submit_to_completed_p50_ms": round(percentile(totals, 0.5), 1),
        "dynamodb_round_trip_p50_ms": round(ddb, 2),
        "overhead_p50_ratio": round(percentile(overheads, 0.5) / ddb, 1),
        "overhead_p99_ratio": round(percentile(overheads, 0.99) / ddb, 1),
    }
    print(
        f"generation overhead over {args.jobs} jobs ({result['size']}): "
        f"p50 {result['overhead_p50_ms']} ms = {result['overhead_p50_ratio']}x, "
        f"p99 {result['overhead_p99_ms']} ms = {result['overhead_p99_ratio']}x "
        f"one DynamoDB round trip ({result['dynamodb_round_trip_p50_ms']} ms); "
        f"engine p50 {result['engine_p50_ms']} ms"
    )
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "generate.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
