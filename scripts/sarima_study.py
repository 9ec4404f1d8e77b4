#!/usr/bin/python3
"""A seasonal ARIMA as a third candidate next to the network (docs/accuracy.md, "A seasonal ARIMA").

On the bundled series, over Protocol B's 25 origins and the same origins moved back 24 rows (dev) and 48 rows
(dev2): one `elman train --selection network --horizon 12` on the rows before the first origin, one `elman forecast`
of 12 rows from each origin; statsmodels' SARIMAX fitted on the log of the rows before each origin, for several
orders with a seasonal (0,1,1)12 part; and the mean and the geometric mean of the network's and SARIMA's forecasts.
Prints each period's pooled MAPE.

  python scripts/sarima_study.py [--elman build/elman] [--seed 1]

Needs numpy, pandas and statsmodels (PyPI: pip install statsmodels).
"""
import argparse
import csv
import os
import subprocess
import tempfile
import warnings

import numpy as np
from statsmodels.tsa.statespace.sarimax import SARIMAX

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDERS = [(0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 1, 1)]
PERIODS = [("dev2", 313), ("dev", 337), ("B", 361)]


def network_forecasts(elman, lines, first, seed, folder):
    """The network's 12-step forecasts from each of the 25 origins, trained once on the rows before `first`."""
    def write(path, rows):
        with open(path, "w") as f:
            f.writelines(lines[: rows + 1])
    train, model, history, out = (os.path.join(folder, n) for n in ("train.csv", "m.st", "h.csv", "f.csv"))
    write(train, first)
    quiet = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([elman, "train", train, "-o", model, "--selection", "network", "--horizon", "12", "--seed",
                    str(seed), "-q", "--date-format", "M/D/YYYY"], **quiet)
    forecasts = {}
    for origin in range(first, first + 25):
        write(history, origin)
        subprocess.run([elman, "forecast", model, history, "--horizon", "12", "-o", out], **quiet)
        with open(out, newline="") as f:
            forecasts[origin] = np.array([float(r[1]) for r in list(csv.reader(f))[1:]])
    return forecasts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elman", default=os.path.join(ROOT, "build", "elman"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    with open(os.path.join(ROOT, "data", "electric.csv"), newline="") as f:
        lines = f.readlines()
    y = np.array([float(line.split(",")[1]) for line in lines[1:]])
    names = ["network"] + [f"SARIMA{o}(0,1,1)12" for o in ORDERS] + ["mean, " + str(ORDERS[2]), "geometric mean"]
    print("| period | " + " | ".join(names) + " |")
    print("| --- " * (len(names) + 1) + "|")
    with tempfile.TemporaryDirectory() as folder:
        for name, first in PERIODS:
            net = network_forecasts(args.elman, lines, first, args.seed, folder)
            errors = {n: [] for n in names}
            for origin in range(first, first + 25):
                actual = y[origin: origin + 12]
                fcs = {"network": net[origin]}
                for order in ORDERS:
                    fit = SARIMAX(np.log(y[:origin]), order=order, seasonal_order=(0, 1, 1, 12)).fit(disp=False)
                    fcs[f"SARIMA{order}(0,1,1)12"] = np.exp(fit.forecast(12))
                sarima = fcs[f"SARIMA{ORDERS[2]}(0,1,1)12"]
                fcs[names[-2]] = (net[origin] + sarima) / 2
                fcs[names[-1]] = np.sqrt(net[origin] * sarima)
                for n, fc in fcs.items():
                    errors[n].extend(np.abs(fc - actual) / actual * 100)
            print(f"| {name} | " + " | ".join(f"{np.mean(errors[n]):.3f}" for n in names) + " |", flush=True)


if __name__ == "__main__":
    main()
