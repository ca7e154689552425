"""``make bench-delivery``: PhotoCen's delivery pipeline against libvips, and cached hits.

1. **Rendering matrix**: {5000x3333, 2048x1365 JPEG sources} x {400x300, 1200x630, 200x200,
   1920x1080} x {jpg, webp}. Each cell is timed (median of ``--repeat`` runs, the three
   contenders interleaved so that load from other processes hits them alike) for:

   - ``photocen``: the pipeline as delivery runs it, from the pre-shrunk copy that
     ``choose_source`` picks out of the ladder import made (import is timed separately);
   - ``from-original``: the same pipeline fed the original file only (shrink-on-load via
     ``Image.draft``, no ladder), i.e. exactly the file libvips reads;
   - ``pyvips``: libvips (Debian's ``libvips42``), one thread, no operation cache,
     ``thumbnail_buffer(…, crop="centre")`` then ``jpegsave_buffer(Q=80)`` /
     ``webpsave_buffer(Q=80)`` from the same source bytes.

   Quality is checked, not assumed: every output's PSNR against a reference (full decode,
   Lanczos cover-resize) is printed, and a cell counts as *equal quality* when PhotoCen's
   PSNR is at least libvips' minus 0.5 dB.
2. **Cached hits**: ``GET /id/1/400/300`` through the local gateway of a fresh local stack
   (the same code as ``make dev``): p50/p99 latency of sequential keep-alive requests and
   requests per second with 1 and 4 clients. Every request is a metered delivery (one
   conditional ``UpdateItem``), so the bench grants itself credits first.

Targets (issue 3): median photocen/pyvips ratio ≤ 0.8, no cell above 1.0, cached-hit p50
≤ 10 ms. The exit status is 0 either way; the figures are the output.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("VIPS_CONCURRENCY", "1")  # before pyvips loads libvips

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared")]

from photocen.catalog.imaging import prepare  # noqa: E402
from photocen.catalog.model import SourceCopy  # noqa: E402
from photocen.delivery import imaging  # noqa: E402
from photocen.delivery.model import Format, RenditionSpec  # noqa: E402
from PIL import Image, ImageChops, ImageStat  # noqa: E402

SOURCES = ((5000, 3333), (2048, 1365))
TARGETS = ((400, 300), (1200, 630), (200, 200), (1920, 1080))
FORMATS: tuple[Format, ...] = ("jpg", "webp")
VIPS_QUALITY = 80
OUT = ROOT / "bench" / "out"


# ---------------------------------------------------------------- sources
def photo_like(width: int, height: int) -> bytes:
    """A deterministic photograph stand-in: a procedural landscape overlaid with multi-scale
    noise (texture down to single pixels, as a camera's detail and grain), JPEG q90.

    Smooth procedural art alone would flatter every decoder: real photos spend most of a
    JPEG decode in entropy decoding of detail, which this reproduces.
    """
    from model.engines.procedural import render

    base = render("mountain lake and pine forest at sunset", 7, width, height)
    texture = Image.new("L", (width, height), 128)
    for divisor, weight in ((32, 0.5), (8, 0.35), (2, 0.25), (1, 0.2)):
        noise = Image.effect_noise((max(1, width // divisor), max(1, height // divisor)), 60)
        texture = Image.blend(
            texture, noise.resize((width, height), Image.Resampling.BICUBIC), weight
        )
    detailed = Image.blend(base, ImageChops.overlay(base, Image.merge("RGB", [texture] * 3)), 0.8)
    buffer = io.BytesIO()
    detailed.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def psnr(output: bytes, reference: Image.Image) -> float:
    image = Image.open(io.BytesIO(output)).convert("RGB")
    if image.size != reference.size:
        return float("nan")
    squares = sum(ImageStat.Stat(ImageChops.difference(image, reference)).sum2)
    mse = squares / (image.width * image.height * 3)
    return 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)


# ---------------------------------------------------------------- contenders
def load_pyvips() -> Any | None:
    try:
        import pyvips  # type: ignore[import-not-found]
    except (ImportError, OSError) as exc:
        print(f"pyvips baseline SKIPPED: {exc}")
        print("  (make bench-delivery installs Debian's libvips42 and the bench group of uv.lock;")
        print("   without them only PhotoCen's own figures are printed)")
        return None
    pyvips.cache_set_max(0)  # no operation cache: every run decodes again, as ours does
    if hasattr(pyvips, "concurrency_set"):
        pyvips.concurrency_set(1)
    return pyvips


def vips_render(pyvips: Any, data: bytes, width: int, height: int, fmt: str) -> bytes:
    thumb = pyvips.Image.thumbnail_buffer(data, width, height=height, crop="centre")
    if fmt == "jpg":
        return bytes(thumb.jpegsave_buffer(Q=VIPS_QUALITY))
    return bytes(thumb.webpsave_buffer(Q=VIPS_QUALITY))


def timed(fn: Callable[[], bytes]) -> tuple[float, bytes]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


# ---------------------------------------------------------------- matrix
def run_matrix(repeat: int) -> list[dict[str, Any]]:
    pyvips = load_pyvips()
    if pyvips is not None:
        print(f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}, one thread")
    rows: list[dict[str, Any]] = []
    OUT.mkdir(parents=True, exist_ok=True)
    for sw, sh in SOURCES:
        source = photo_like(sw, sh)
        (OUT / f"source-{sw}x{sh}.jpg").write_bytes(source)
        started = time.perf_counter()
        prepared = prepare(source)
        import_ms = (time.perf_counter() - started) * 1000
        copies = {
            f"{w}x{h}": (SourceCopy(f"{w}x{h}", w, h), data if data is not None else source)
            for (w, h), data in prepared.copies
        }
        print(
            f"\nsource {sw}x{sh}: {len(source) / 1e6:.1f} MB; import (master + "
            f"{len(copies) - 1} pre-shrunk copies) {import_ms:.0f} ms, once per image"
        )
        full = Image.open(io.BytesIO(source)).convert("RGB")
        for tw, th in TARGETS:
            reference = full.resize(
                (tw, th), Image.Resampling.LANCZOS, box=imaging.cover_box(sw, sh, tw, th)
            )
            chosen = imaging.choose_source([c for c, _ in copies.values()], tw, th)
            chosen_bytes = copies[chosen.key][1]
            for fmt in FORMATS:
                spec = RenditionSpec(tw, th, format=fmt)
                times: dict[str, list[float]] = {"photocen": [], "original": [], "pyvips": []}
                outputs: dict[str, bytes] = {}
                contenders: dict[str, Callable[[], bytes]] = {
                    "photocen": lambda b=chosen_bytes, s=spec: imaging.render(b, s),
                    "original": lambda d=source, s=spec: imaging.render(d, s),
                }
                if pyvips is not None:
                    contenders["pyvips"] = lambda d=source, w=tw, h=th, f=fmt: vips_render(
                        pyvips, d, w, h, f
                    )
                for name, fn in contenders.items():  # warm-up (and the outputs to score)
                    outputs[name] = fn()
                for _ in range(repeat):
                    for name, fn in contenders.items():
                        ms, _ = timed(fn)
                        times[name].append(ms)
                row: dict[str, Any] = {
                    "source": f"{sw}x{sh}",
                    "target": f"{tw}x{th}",
                    "format": fmt,
                    "ladder_copy": chosen.key,
                }
                for name in contenders:
                    row[f"{name}_ms"] = statistics.median(times[name])
                    row[f"{name}_psnr"] = psnr(outputs[name], reference)
                    row[f"{name}_bytes"] = len(outputs[name])
                rows.append(row)
                print_row(row)
    return rows


def print_row(row: dict[str, Any]) -> None:
    line = (
        f"  {row['source']:>9} → {row['target']:>9} {row['format']:4} "
        f"photocen {row['photocen_ms']:7.1f} ms {row['photocen_psnr']:5.2f} dB "
        f"[{row['ladder_copy']:>9}]  from-original {row['original_ms']:7.1f} ms "
        f"{row['original_psnr']:5.2f} dB"
    )
    if "pyvips_ms" in row:
        line += (
            f"  pyvips {row['pyvips_ms']:7.1f} ms {row['pyvips_psnr']:5.2f} dB"
            f"  ratio {row['photocen_ms'] / row['pyvips_ms']:.2f}"
            f" (from-original {row['original_ms'] / row['pyvips_ms']:.2f})"
        )
    print(line, flush=True)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows or "pyvips_ms" not in rows[0]:
        return {}
    summary: dict[str, Any] = {}
    for name in ("photocen", "original"):
        ratios = [r[f"{name}_ms"] / r["pyvips_ms"] for r in rows]
        equal = [r[f"{name}_psnr"] >= r["pyvips_psnr"] - 0.5 for r in rows]
        summary[name] = {
            "median_ratio": statistics.median(ratios),
            "max_ratio": max(ratios),
            "cells_above_1": sum(r > 1.0 for r in ratios),
            "cells_at_equal_quality": f"{sum(equal)}/{len(rows)}",
        }
    return summary


# ---------------------------------------------------------------- cached-hit latency
def run_latency(requests: int) -> dict[str, Any]:
    from devstack.stack import free_port

    with tempfile.TemporaryDirectory() as tmp:
        state_path = Path(tmp) / "local.json"
        env = {
            **os.environ,
            "PHOTOCEN_PORT": str(free_port()),
            "PHOTOCEN_STATE_FILE": str(state_path),
            # Thousands of requests a minute: the plan whose per-minute limit allows them
            # (the limits themselves still run: every request is counted).
            "PHOTOCEN_DEMO_PLAN": "partner",
        }
        env.pop("AWS_ENDPOINT_URL", None)
        stack = subprocess.Popen(
            [sys.executable, "-m", "devstack"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while not state_path.exists():
                if stack.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the local stack did not start")
                time.sleep(0.1)
            state = json.loads(state_path.read_text())
            grant_credits(state_path, state["account_id"], 10 * requests + 1000)
            return measure(state, requests)
        finally:
            stack.send_signal(signal.SIGTERM)  # the stack stops cleanly on TERM
            try:
                stack.wait(timeout=20)
            except subprocess.TimeoutExpired:
                stack.kill()


def grant_credits(state_path: Path, account_id: str, amount: int) -> None:
    """Through the operator CLI, as a person would (``photocen admin --local grant``)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "devstack.cli",
            "admin",
            "--local",
            "grant",
            account_id,
            str(amount),
        ],
        cwd=ROOT,
        env={**os.environ, "PHOTOCEN_STATE_FILE": str(state_path)},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def measure(state: dict[str, Any], requests: int) -> dict[str, Any]:
    host, port = state["base_url"].removeprefix("http://").split(":")
    headers = {"Authorization": f"Bearer {state['token']}"}
    path = "/id/1/400/300"

    def fetch(connection: http.client.HTTPConnection) -> float:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200 or not body:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        return elapsed

    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    first = fetch(connection)  # the miss: renders and fills the caches
    for _ in range(20):  # warm-up: authorizer cache, code paths
        fetch(connection)
    latencies = [fetch(connection) for _ in range(requests)]
    connection.close()
    latencies.sort()
    sequential_rps = 1000 * len(latencies) / sum(latencies)

    def client(count: int, out: list[float]) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        out.extend(fetch(conn) for _ in range(count))
        conn.close()

    results: list[list[float]] = [[] for _ in range(4)]
    threads = [threading.Thread(target=client, args=(requests // 4, results[i])) for i in range(4)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    concurrent_rps = sum(len(r) for r in results) / (time.perf_counter() - started)
    return {
        "miss_ms": first,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, math.ceil(0.99 * len(latencies)) - 1)],
        "mean_ms": statistics.fmean(latencies),
        "rps_1_client": sequential_rps,
        "rps_4_clients": concurrent_rps,
        "requests": len(latencies),
    }


# ---------------------------------------------------------------- main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per cell (median)")
    parser.add_argument("--requests", type=int, default=400, help="cached-hit requests")
    parser.add_argument("--skip-matrix", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    print(
        f"PhotoCen delivery bench: Pillow {Image.__version__}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    report: dict[str, Any] = {}
    if not args.skip_matrix:
        rows = run_matrix(args.repeat)
        report["matrix"] = rows
        report["summary"] = summarise(rows)
        if report["summary"]:
            print("\nPhotoCen/pyvips time ratios over the matrix (lower is faster):")
            for name, label in (
                ("photocen", "photocen (served path)"),
                ("original", "from-original"),
            ):
                s = report["summary"][name]
                print(
                    f"  {label:24} median {s['median_ratio']:.2f}, max {s['max_ratio']:.2f}, "
                    f"cells > 1.0: {s['cells_above_1']}, "
                    f"equal quality: {s['cells_at_equal_quality']}"
                )
            print("  targets: median ≤ 0.80, no cell > 1.00")
    if not args.skip_latency:
        latency = run_latency(args.requests)
        report["cached_hit"] = latency
        print(
            f"\ncached hit GET /id/1/400/300 through the local gateway ({latency['requests']} "
            f"requests): p50 {latency['p50_ms']:.2f} ms, p99 {latency['p99_ms']:.2f} ms, "
            f"mean {latency['mean_ms']:.2f} ms; {latency['rps_1_client']:.0f} req/s with 1 client, "
            f"{latency['rps_4_clients']:.0f} req/s with 4; first (miss) {latency['miss_ms']:.0f} ms"
        )
        print("  target: p50 ≤ 10 ms")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "delivery.json").write_text(json.dumps(report, indent=2))
    print(f"\nfigures written to {OUT / 'delivery.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
