#!/usr/bin/env python3
"""The accuracy study behind elman's forecasting defaults (docs/accuracy.md).

Runs `elman train` + `elman forecast` and `elman backtest` for each configuration on splits of a monthly series and
prints one markdown row per configuration. Only the standard library is needed.

  scripts/accuracy_study.py --protocol dev   # choose defaults: rows before 2015-02 only (never the test rows)
  scripts/accuracy_study.py --protocol test  # Protocols A and B of docs/accuracy.md, for the chosen defaults
  scripts/accuracy_study.py --protocol synthetic  # generated series with known trend, season and noise
  scripts/accuracy_study.py --protocol files --dir DIR  # every CSV in DIR (scripts/public_series.py writes five)

Protocol A: train on rows 0..372, forecast 24, MAPE against rows 373..396 (one call per seed).
Protocol B: `elman backtest --origins 25 --horizon 12` on all 397 rows (origins 361..385), pooled MAPE; the
forecaster is trained once per seed (`--refit once`) unless the configuration names --refit (the default of
`elman backtest` is `--refit every`: configuration "selection auto, refit every").
The dev protocols are the same shifted 24 rows earlier (dev: A on rows 0..348 → 349..372; B on rows 0..372, origins
337..361) and 48 rows earlier (dev2), so the rows that A and B score are never seen while choosing.
"""
import argparse
import csv
import glob
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELMAN = os.path.join(ROOT, "build", "elman")
DATA = os.path.join(ROOT, "data", "electric.csv")
ENV = dict(os.environ, OMP_NUM_THREADS="1")

# The network's options are compared with --selection network (the choice against Holt-Winters would blur them);
# the selection rules are compared last.
NETWORK = ["--selection", "network"]
CONFIGS = {
    "network only": NETWORK,
    "cosine lr (network only)": NETWORK + ["--cosine-lr"],
    "cosine lr, window 36 (network only)": NETWORK + ["--cosine-lr", "--window", "36"],
    "cosine lr, hidden 48 (network only)": NETWORK + ["--cosine-lr", "--hidden", "48"],
    "3 members (network only)": NETWORK + ["--members", "3"],
    "3 members, constant lr (network only)": NETWORK + ["--members", "3", "--constant-lr"],
    "constant lr (network only)": NETWORK + ["--constant-lr"],
    "cosine lr, epochs 80 (network only)": NETWORK + ["--cosine-lr", "--epochs", "80"],
    "hidden 32": NETWORK + ["--hidden", "32"],
    "hidden 64": NETWORK + ["--hidden", "64"],
    "epochs 40": NETWORK + ["--epochs", "40"],
    "epochs 80": NETWORK + ["--epochs", "80"],
    "lstm": NETWORK + ["--cell", "lstm"],
    "rnn": NETWORK + ["--cell", "rnn"],
    "window 12": NETWORK + ["--window", "12"],
    "window 36": NETWORK + ["--window", "36"],
    "no month": NETWORK + ["--calendar", "none"],
    "standard only (no log)": NETWORK + ["--transform", "standard"],
    "recursive": NETWORK + ["--strategy", "recursive"],
    "lr 1e-2": NETWORK + ["--lr", "0.01"],
    "batch 32": NETWORK + ["--batch-size", "32"],
    "tutorial (min-max, window 12, recursive, no month)": NETWORK + ["--transform", "min_max", "--window", "12",
                                                                     "--strategy", "recursive", "--calendar", "none"],
    "window 36, hidden 32 (network only)": NETWORK + ["--window", "36", "--hidden", "32"],
    "window 36, hidden 32, selection auto": ["--window", "36", "--hidden", "32"],
    "window 36, hidden 32, selection mean": ["--window", "36", "--hidden", "32", "--selection", "mean"],
    "3 members, hidden 64 (network only)": NETWORK + ["--members", "3", "--hidden", "64"],
    "window level all (network only)": NETWORK + ["--window-level", "all"],
    "window level alternate (network only)": NETWORK + ["--window-level", "alternate"],
    "window level alternate, 2 members (network only)": NETWORK + ["--window-level", "alternate", "--members", "2"],
    "window level alternate, 4 members (network only)": NETWORK + ["--window-level", "alternate", "--members", "4"],
    "window level alternate, selection auto, refit every": ["--window-level", "alternate", "--selection", "auto",
                                                            "--refit", "every"],
    "window level alternate, network only, refit every": NETWORK + ["--window-level", "alternate", "--refit",
                                                                    "every"],
    "2 layers (network only)": NETWORK + ["--layers", "2"],
    "5 members (network only)": NETWORK + ["--members", "5"],
    "8 members (network only)": NETWORK + ["--members", "8"],
    "hidden 48 (network only)": NETWORK + ["--hidden", "48"],
    "fork 12 (network only)": NETWORK + ["--fork-from", "12"],
    "fork 12, network only, refit every": NETWORK + ["--fork-from", "12", "--refit", "every"],
    "fork 12, selection auto, refit every": ["--fork-from", "12", "--selection", "auto", "--refit", "every"],
    "selection auto": ["--selection", "auto"],
    "selection auto, refit every": ["--selection", "auto", "--refit", "every"],
    "network only, refit every": NETWORK + ["--refit", "every"],
    "selection auto, validation 2 horizons": ["--selection", "auto", "--validation", "2H"],
    "selection auto, validation 3 horizons": ["--selection", "auto", "--validation", "3H"],
    "selection mean": ["--selection", "mean"],
    "selection hw": ["--selection", "hw"],
}


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def with_horizon(args, horizon):
    """Options given in horizons ("3H") become rows."""
    return [str(int(a[:-1]) * horizon) if a.endswith("H") and a[:-1].isdigit() else a for a in args]


def run(args):
    out = subprocess.run([ELMAN] + args, env=ENV, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"elman {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout


def mape(actual, forecast):
    return 100.0 * sum(abs(a - f) / abs(a) for a, f in zip(actual, forecast)) / len(actual)


def without_refit(extra):
    """--refit is the backtest's; one origin makes no difference."""
    out = list(extra)
    while "--refit" in out:
        i = out.index("--refit")
        del out[i:i + 2]
    return out


def protocol_a(rows, train_end, horizon, extra, seeds, tmp):
    """Train on rows [0, train_end), forecast `horizon`; MAPE per seed and training seconds."""
    extra = without_refit(extra)
    header, body = rows[0], rows[1:]
    train_csv = os.path.join(tmp, "train.csv")
    write_rows(train_csv, [header] + body[:train_end])
    actual = [float(r[1]) for r in body[train_end:train_end + horizon]]
    scores, seconds = [], []
    for seed in seeds:
        model, forecast = os.path.join(tmp, "m.safetensors"), os.path.join(tmp, "f.csv")
        out = run(["train", train_csv, "-o", model, "-q", "--seed", str(seed), "--horizon", str(horizon)] +
                  with_horizon(extra, horizon))
        seconds += [float(l.split(" in ")[-1].split(" s")[0]) for l in out.splitlines() if l.startswith("trained on")]
        run(["forecast", model, train_csv, "--horizon", str(horizon), "-o", forecast])
        scores.append(mape(actual, [float(r[1]) for r in read_rows(forecast)[1:]]))
    return scores, seconds


def refit(extra):
    """The study trains the forecaster once per seed before the first origin (`--refit once`, 12 times cheaper)
    unless the configuration says otherwise; `elman backtest` itself refits at every origin by default."""
    return [] if "--refit" in extra else ["--refit", "once"]


def protocol_b(rows, end, extra, seeds, tmp):
    path = os.path.join(tmp, "b.csv")
    write_rows(path, rows[:end + 1])
    out = run(["backtest", path, "--origins", "25", "--horizon", "12", "--seeds", str(len(seeds)), "--seed",
               str(seeds[0]), "--json"] + refit(extra) + with_horizon(extra, 12))
    table = json.loads(out.splitlines()[-1])
    return {m["name"]: m for m in table["methods"]}


def synthetic_series(kind, seed, n=240):
    """Monthly series with known parts: level 100, a trend, a season of amplitude 10 %, noise."""
    rng = random.Random(seed)
    trend, season_amp, noise, mult = {
        "trend+season": (0.15, 0.10, 0.02, True),
        "season+noise": (0.0, 0.10, 0.04, True),
        "additive season": (0.1, 0.0, 0.03, False),
        "damped trend": (0.3, 0.08, 0.02, True),
    }[kind]
    rows, level = [["date", "value"]], 100.0
    for t in range(n):
        if kind == "damped trend":
            level += trend * (0.98 ** t)
        else:
            level += trend
        s = math.sin(2 * math.pi * (t % 12) / 12) + 0.5 * math.cos(4 * math.pi * (t % 12) / 12)
        value = level * (1 + season_amp * s) if mult else level + 8 * s
        value *= math.exp(rng.gauss(0, noise))
        rows.append([f"{t % 12 + 1}/1/{2000 + t // 12}", f"{value:.4f}"])
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--protocol", choices=["dev", "dev2", "test", "synthetic", "files"], default="dev")
    parser.add_argument("--dir", help="with --protocol files: the folder of CSV files")
    parser.add_argument("--configs", nargs="*", default=None, help="names of CONFIGS (default: all for dev)")
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    args = parser.parse_args()
    rows = read_rows(DATA)
    names = args.configs or (list(CONFIGS) if args.protocol.startswith("dev") else ["selection auto, refit every"])
    with tempfile.TemporaryDirectory() as tmp:
        if args.protocol == "synthetic":
            print("| series | config | elman MAPE (mean of seeds) | best HW MAPE | ratio | HW by AICc | ratio | snaive |")
            print("| --- | --- | --- | --- | --- | --- | --- | --- |")
            for kind in ["trend+season", "season+noise", "additive season", "damped trend"]:
                for s in (11, 12, 13, 14):
                    series = synthetic_series(kind, s)
                    for name in names:
                        b = protocol_b(series, len(series) - 1, CONFIGS[name], args.seeds, tmp)
                        elman = b[f"elman (mean of {len(args.seeds)} seeds)"]["mape"] if len(args.seeds) > 1 else \
                            b[f"elman (seed {args.seeds[0]})"]["mape"]
                        hw, aicc = b["hw (best in hindsight)"]["mape"], b["hw"]["mape"]
                        print(f"| {kind} #{s} | {name} | {elman:.3f} | {hw:.3f} | {elman / hw:.3f} | {aicc:.3f} | "
                              f"{elman / aicc:.3f} | {b['snaive']['mape']:.3f} |", flush=True)
            return
        if args.protocol == "files":
            files_protocol(args, names, tmp)
            return
        shift = {"dev": 24, "dev2": 48, "test": 0}[args.protocol]
        print("| config | A MAPE per seed | A mean | B MAPE per seed | B mean | B cov80 | train s (median) |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name in names:
            a, seconds = protocol_a(rows, 373 - shift, 24, CONFIGS[name], args.seeds, tmp)
            b = protocol_b(rows, 397 - shift, CONFIGS[name], args.seeds, tmp)
            per_seed = [b[f"elman (seed {s})"] for s in args.seeds]
            cover = statistics.mean(m["coverage"].get("80", float("nan")) for m in per_seed)
            print(f"| {name} | {' / '.join(f'{x:.2f}' for x in a)} | {statistics.mean(a):.3f} | "
                  f"{' / '.join(format(m['mape'], '.2f') for m in per_seed)} | "
                  f"{statistics.mean(m['mape'] for m in per_seed):.3f} | {100 * cover:.1f} | "
                  f"{statistics.median(seconds):.2f} |", flush=True)
        print(f"\nbaselines on B: " + ", ".join(f"{k} {v['mape']:.3f}" for k, v in b.items() if not k.startswith("elman")))


def files_protocol(args, names, tmp):
    """Each CSV of --dir, backtested like Protocol B (25 origins, 12 steps) and like Protocol A (one origin, 24
    steps): elman's MAPE (mean of the seeds) against the best Holt-Winters variant in hindsight."""
    if not args.dir:
        sys.exit("--protocol files: expected --dir DIR")
    print("| series | protocol | config | elman MAPE (mean of seeds) | best HW MAPE | ratio | HW by AICc | ratio | "
          "snaive |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sorted(glob.glob(os.path.join(args.dir, "*.csv"))):
        for protocol, origins, horizon in (("B", 25, 12), ("A", 1, 24)):
            for name in names:
                out = subprocess.run([ELMAN, "backtest", path, "--origins", str(origins), "--horizon", str(horizon),
                                      "--seeds", str(len(args.seeds)), "--seed", str(args.seeds[0]), "--json"] +
                                     refit(CONFIGS[name]) + with_horizon(CONFIGS[name], horizon), env=ENV,
                                     capture_output=True, text=True)
                label = f"| {os.path.basename(path)[:-4]} | {protocol} | {name} |"
                if out.returncode != 0:
                    print(f"{label} {out.stderr.strip().splitlines()[-1]} | | | | | |", flush=True)
                    continue
                b = {m["name"]: m for m in json.loads(out.stdout.splitlines()[-1])["methods"]}
                elman = b[f"elman (mean of {len(args.seeds)} seeds)" if len(args.seeds) > 1 else
                          f"elman (seed {args.seeds[0]})"]["mape"]
                hw, aicc = b["hw (best in hindsight)"]["mape"], b["hw"]["mape"]
                print(f"{label} {elman:.3f} | {hw:.3f} | {elman / hw:.3f} | {aicc:.3f} | {elman / aicc:.3f} | "
                      f"{b['snaive']['mape']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
