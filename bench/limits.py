"""``make bench-limits``: what the limits gate adds to a request, in DynamoDB round trips.

Against a fresh moto server (the local stack's), interleaved so that load from other
processes hits every contender alike, the median latency of:

- ``charge``: the delivery's metered charge, one conditional ``UpdateItem`` on the balance
  item (the one DynamoDB call of a cached delivery before the limits);
- ``admit``: the limits gate, one conditional ``UpdateItem`` on the account's counter item
  (its common case: every window current);
- ``get``: one ``GetItem`` of the balance item, a plain round trip for scale.

Target (issue 10): the gate is one round trip, so ``admit`` / ``charge`` stays near 1. On
moto, expressions are evaluated in Python and cost by their length; on DynamoDB both are one
request. The exit status is 0 either way; the figures are the output.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()

    import boto3
    from photocen.credits.store import DynamoLedger
    from photocen.limits.service import LimitsService
    from photocen.limits.store import CounterStore
    from photocen.platform.aws import AwsTarget
    from photocen.platform.principal import Principal

    from devstack import bootstrap
    from devstack.environment import REGION, function_environment, table_names
    from devstack.stack import HOST, free_port, start_moto

    port = free_port()
    moto = start_moto(port)
    os.environ.update(function_environment(f"http://{HOST}:{port}"))  # moto's credentials
    try:
        target = AwsTarget(REGION, f"http://{HOST}:{port}")
        names = table_names()
        bootstrap.create_tables(
            boto3.client("dynamodb", region_name=REGION, endpoint_url=target.endpoint_url), names
        )
        ledger = DynamoLedger(names["credits"], target)
        limits = LimitsService(CounterStore(names["counters"], target), ledger)
        account = "acct_bench"
        ledger.grant(account, 10 * args.rounds + 100, "bench")
        principal = Principal(account, "user", "partner", None, "key_bench")
        limits.admit(principal)  # the windows of this minute exist: the common case follows

        contenders: dict[str, Callable[[], object]] = {
            "charge": lambda: ledger.charge_metered(account),
            "admit": lambda: limits.admit(principal),
            "get": lambda: ledger.balance(account),
        }
        times: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.rounds):
            for name, call in contenders.items():
                started = time.perf_counter()
                call()
                times[name].append((time.perf_counter() - started) * 1000)
        medians = {name: statistics.median(values) for name, values in times.items()}
        load = os.getloadavg()[0]
        print(f"limits bench: {args.rounds} interleaved rounds against moto, load {load:.1f}")
        for name, value in medians.items():
            print(f"  {name:<7} p50 {value:6.2f} ms")
        ratio = medians["admit"] / medians["charge"]
        print(f"  admit / charge = {ratio:.2f}  (target: ~1, one round trip)")
        print(f"  admit / get    = {medians['admit'] / medians['get']:.2f}")
    finally:
        moto.terminate()
        moto.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
