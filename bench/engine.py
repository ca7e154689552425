"""``make bench-engine``: the procedural engine's time per 512x512 picture, p50 over varied
prompts and seeds, for the plain scene, each style preset, each quality and each purpose.

The baseline, measured in the same run on the same pictures: encoding the picture as the
inference output does (PNG, compress_level 1). Ratios, not milliseconds, compare across
machines.

    python bench/engine.py [--edge 512] [--seeds 4]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.engines.procedural import STYLE_PRESETS, render  # noqa: E402

PROMPTS = (
    "mountain lake with a city and forest at sunset",
    "a red bicycle on a city street at dusk",
    "a fox in a snowy forest",
    "two puppies on a beach",
    "an astronaut in space",
    "a cat in a cozy room",
)


def p50_ms(work: Callable[[str, int], object], seeds: int) -> float:
    work(PROMPTS[0], 0)  # warm-up
    timings = []
    for seed in range(seeds):
        for prompt in PROMPTS:
            started = time.perf_counter()
            work(prompt, seed)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edge", type=int, default=512)
    parser.add_argument("--seeds", type=int, default=4)
    args = parser.parse_args()
    edge = args.edge

    pictures = {(p, s): render(p, s, edge, edge) for p in PROMPTS for s in range(args.seeds)}

    def encode(prompt: str, seed: int) -> object:
        buffer = io.BytesIO()
        pictures.get((prompt, seed), pictures[(PROMPTS[0], 0)]).save(
            buffer, format="PNG", compress_level=1
        )
        return buffer

    baseline = p50_ms(encode, args.seeds)
    cases: dict[str, dict[str, str]] = {"plain": {}}
    cases |= {f"style {s}": {"style": s} for s in STYLE_PRESETS if s != "auto"}
    cases |= {f"quality {q}": {"quality": q} for q in ("hd", "ultra")}
    cases |= {f"purpose {p}": {"purpose": p} for p in ("product", "logo")}
    print(f"procedural engine, {edge}x{edge}, p50 over {len(PROMPTS) * args.seeds} renders")
    print(f"  baseline: PNG encode of the picture, {baseline:.1f} ms")
    for name, options in cases.items():
        ms = p50_ms(lambda p, s, o=options: render(p, s, edge, edge, **o), args.seeds)
        print(f"  {name:<24} {ms:7.1f} ms = {ms / baseline:5.2f}x baseline")


if __name__ == "__main__":
    main()
