#!/usr/bin/env python3
"""Tabulates the gemm_choice runs of bench/run_gemm_choice.sh: the median GFLOP/s of every candidate and shape over
all repetitions of all rounds, and how noisy they were (the spread (max - min) / median of each cell).
Usage: bench/gemm_choice_table.py OUT_DIR   (Python 3 standard library only)"""
import json
import pathlib
import re
import statistics
import sys


def samples(out_dir):
    cells = {}
    for path in sorted(pathlib.Path(out_dir).glob("gemm_choice_*.json")):
        suffix = "-haswell" if "-haswell" in path.name else ""
        try:
            runs = json.loads(path.read_text())["benchmarks"]
        except json.JSONDecodeError:  # a run still writing its file
            print(f"skipped {path.name}: not complete", file=sys.stderr)
            continue
        for run in runs:
            if run.get("run_type") != "iteration":
                continue
            candidate, shape = run["name"].split("/", 1)
            cells.setdefault((shape, candidate + suffix), []).append(run["GFLOPs"])
    return cells


def main():
    cells = samples(sys.argv[1])
    shapes = list(dict.fromkeys(shape for shape, _ in cells))
    candidates = sorted({candidate for _, candidate in cells})
    print("| shape | " + " | ".join(candidates) + " |")
    print("| --- " * (len(candidates) + 1) + "|")
    spreads = []
    for shape in shapes:
        row = []
        best = max(statistics.median(cells[(shape, c)]) for c in candidates if (shape, c) in cells)
        for c in candidates:
            values = cells.get((shape, c))
            if not values:
                row.append("–")
                continue
            median = statistics.median(values)
            spreads.append(((max(values) - min(values)) / median, shape, c, len(values)))
            text = f"{median:.1f}"
            row.append(f"**{text}**" if median == best else text)
        print(f"| {shape} | " + " | ".join(row) + " |")
    spreads.sort()
    values = [s for s, *_ in spreads]
    print(f"\nsamples per cell: {min(s[3] for s in spreads)}..{max(s[3] for s in spreads)}; spread (max-min)/median: "
          f"median {statistics.median(values):.0%}, 90th percentile {values[int(0.9 * (len(values) - 1))]:.0%}, "
          f"max {values[-1]:.0%} ({spreads[-1][2]} {spreads[-1][1]})")


if __name__ == "__main__":
    main()
