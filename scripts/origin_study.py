#!/usr/bin/env python3
"""Protocol B's origins with `elman train` options that `elman backtest` cannot express (docs/accuracy.md).

`elman backtest` trains the forecaster for the horizon it scores. This study trains with any `elman train` options
(a longer head, say) and scores 12 steps forecast by `elman forecast` from each of the 25 origins, MAPE pooled over
the 300 errors, per seed 1, 2, 3. Only the standard library is needed.

  scripts/origin_study.py --shift 24 48 --config "head 12=--horizon 12" --config "head 24=--horizon 24"
  scripts/origin_study.py --shift 24 --refit every --config "auto, head 24=--selection auto --horizon 24"

--shift moves Protocol B back by that many rows (24: dev, 48: dev2; 0: the test rows, for the record only).
Without --selection in a configuration, the network alone is trained (--selection network).

--by-horizon splits each MAPE by the step forecast (1, 2-3, 4-6, 7-12, all; means over the seeds) and adds the
mean signed error (forecast - actual) / actual in %, and the MAPE left once that bias is taken off the errors, for
the whole period and for each origin separately (what a level known in hindsight would leave):

  scripts/origin_study.py --shift 0 24 48 72 96 120 144 --refit every --by-horizon \
      --config "network=--horizon 12" --config "hw=--selection hw --horizon 12"
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


def errors(body, header, shift, options, refit_every, seed, tmp):
    """One seed's relative errors in %, (forecast - actual) / actual, a list of STEPS per origin of Protocol B moved
    back `shift` rows."""
    first = len(body) - shift - (ORIGINS - 1) - STEPS
    model, forecast = os.path.join(tmp, "m.safetensors"), os.path.join(tmp, "f.csv")
    selection = [] if "--selection" in options else ["--selection", "network"]
    result = []
    for origin in range(first, first + ORIGINS):
        history = os.path.join(tmp, f"h{origin}.csv")
        write_rows(history, header, body[:origin])
        if refit_every or origin == first:
            run(["train", history, "-o", model, "-q", "--seed", str(seed)] + selection + options)
        run(["forecast", model, history, "--horizon", str(STEPS), "-o", forecast])
        with open(forecast, newline="") as f:
            predicted = [float(r[1]) for r in list(csv.reader(f))[1:]]
        actual = [float(r[1]) for r in body[origin:origin + STEPS]]
        result.append([100.0 * (p - a) / abs(a) for a, p in zip(actual, predicted)])
    return result


def mape(errors_per_origin, steps=range(STEPS)):
    return statistics.mean(abs(origin[i]) for origin in errors_per_origin for i in steps)


BY_HORIZON = ["step 1", "steps 2-3", "steps 4-6", "steps 7-12", "all", "bias", "without the bias",
              "without each origin's bias"]


def by_horizon(errors_per_origin):
    """The columns of BY_HORIZON for one seed's errors."""
    pooled = [e for origin in errors_per_origin for e in origin]
    bias = statistics.mean(pooled)
    return [mape(errors_per_origin, steps) for steps in ([0], [1, 2], [3, 4, 5], range(6, STEPS), range(STEPS))] + [
        bias, statistics.mean(abs(e - bias) for e in pooled),
        statistics.mean(abs(e - statistics.mean(origin)) for origin in errors_per_origin for e in origin)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shift", type=int, nargs="+", default=[24, 48])
    parser.add_argument("--refit", choices=["once", "every"], default="once")
    parser.add_argument("--config", action="append", required=True, help="NAME=elman train options")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--by-horizon", action="store_true", help="MAPE by step, and the bias (see above)")
    args = parser.parse_args()
    with open(DATA, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = BY_HORIZON if args.by_horizon else ["MAPE per seed", "mean"]
    print("| config | shift | " + " | ".join(columns) + " |")
    print("|" + " --- |" * (len(columns) + 2))
    with tempfile.TemporaryDirectory() as tmp:
        for config in args.config:
            name, _, options = config.partition("=")
            for shift in args.shift:
                runs = [errors(body, header, shift, options.split(), args.refit == "every", s, tmp)
                        for s in args.seeds]
                if args.by_horizon:
                    cells = [f"{statistics.mean(column):.2f}" for column in zip(*map(by_horizon, runs))]
                else:
                    scores = [mape(seed_errors) for seed_errors in runs]
                    cells = [" / ".join(f"{x:.3f}" for x in scores), f"{statistics.mean(scores):.3f}"]
                print(f"| {name} | {shift} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
