#!/usr/bin/env python3
"""Protocol B's origins with `elman train` options that `elman backtest` cannot express (docs/accuracy.md).

`elman backtest` trains the forecaster for the horizon it scores. This study trains with any `elman train` options
(a longer head, say) and scores 12 steps forecast by `elman forecast` from each of the 25 origins, MAPE pooled over
the 300 errors, per seed 1, 2, 3. Only the standard library is needed.

  scripts/origin_study.py --shift 24 48 --config "head 12=--horizon 12" --config "head 24=--horizon 24"
  scripts/origin_study.py --shift 24 --refit every --config "auto, head 24=--selection auto --horizon 24"

--shift moves Protocol B back by that many rows (24: dev, 48: dev2; 0: the test rows, for the record only).
Without --selection in a configuration, the network alone is trained (--selection network).
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELMAN = os.path.join(ROOT, "build", "elman")
DATA = os.path.join(ROOT, "data", "electric.csv")
ORIGINS, STEPS = 25, 12


def write_rows(path, header, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header] + rows)


def run(args):
    out = subprocess.run([ELMAN] + args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"elman {' '.join(args)} failed: {out.stderr.strip()}")


def mape(actual, forecast):
    return 100.0 * sum(abs(a - f) / abs(a) for a, f in zip(actual, forecast)) / len(actual)


def score(body, header, shift, options, refit_every, seed, tmp):
    """Pooled MAPE of one seed over the origins of Protocol B moved back `shift` rows."""
    first = len(body) - shift - (ORIGINS - 1) - STEPS
    model, forecast = os.path.join(tmp, "m.safetensors"), os.path.join(tmp, "f.csv")
    selection = [] if "--selection" in options else ["--selection", "network"]
    actual, predicted = [], []
    for origin in range(first, first + ORIGINS):
        history = os.path.join(tmp, f"h{origin}.csv")
        write_rows(history, header, body[:origin])
        if refit_every or origin == first:
            run(["train", history, "-o", model, "-q", "--seed", str(seed)] + selection + options)
        run(["forecast", model, history, "--horizon", str(STEPS), "-o", forecast])
        with open(forecast, newline="") as f:
            predicted += [float(r[1]) for r in list(csv.reader(f))[1:]]
        actual += [float(r[1]) for r in body[origin:origin + STEPS]]
    return mape(actual, predicted)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shift", type=int, nargs="+", default=[24, 48])
    parser.add_argument("--refit", choices=["once", "every"], default="once")
    parser.add_argument("--config", action="append", required=True, help="NAME=elman train options")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    with open(DATA, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    print("| config | shift | MAPE per seed | mean |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for config in args.config:
            name, _, options = config.partition("=")
            for shift in args.shift:
                scores = [score(body, header, shift, options.split(), args.refit == "every", s, tmp)
                          for s in args.seeds]
                print(f"| {name} | {shift} | {' / '.join(f'{x:.3f}' for x in scores)} | "
                      f"{statistics.mean(scores):.3f} |", flush=True)


if __name__ == "__main__":
    main()
