#!/usr/bin/python3
"""elman's forecasting recipe written in PyTorch, for comparison with `elman backtest` (docs/accuracy.md).

Protocol B on the bundled series: one training on the rows before the first origin (log, then standardisation
with those rows' mean and deviation; windows of 24 months, each step the value and the one-hot month of year; a
GRU with a direct 12-step head on its last hidden state; MSE, Adam, gradient norm clipped at 1.0, shuffled batches,
a fixed number of epochs), then a forecast of the 12 rows after each of the 25 origins from the 24 rows before it.
Prints the pooled MAPE per seed, and of ensembles of consecutive seeds whose forecasts are averaged in the
transformed scale, as `elman train --members` does.

  /usr/bin/python3 scripts/torch_forecaster.py                # GRU 32, 60 epochs, seeds 1..5
  /usr/bin/python3 scripts/torch_forecaster.py --hidden 64 --members 3

Needs torch and numpy (Debian: python3-torch).
"""
import argparse
import csv
import os

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    values = np.array([float(r[1]) for r in rows])
    months = np.array([int(r[0].split("/")[0]) - 1 for r in rows])
    return values, months


def train_and_forecast(values, months, seed, a):
    """Forecasts (transformed scale) from every origin, shape (origins, horizon), and the scaler."""
    torch.manual_seed(seed)
    first = a.first_origin
    logs = np.log(values)
    mu, sd = logs[:first].mean(), logs[:first].std()
    z = (logs - mu) / sd

    def steps(start, end):
        x = np.zeros((end - start, 13), np.float32)
        x[:, 0] = z[start:end]
        x[np.arange(end - start), 1 + months[start:end]] = 1.0
        return x

    starts = range(0, first - a.window - a.horizon + 1)
    inputs = torch.tensor(np.array([steps(s, s + a.window) for s in starts]))
    targets = torch.tensor(np.array([z[s + a.window:s + a.window + a.horizon] for s in starts]), dtype=torch.float32)
    gru = torch.nn.GRU(13, a.hidden, batch_first=True)
    head = torch.nn.Linear(a.hidden, a.horizon)
    params = list(gru.parameters()) + list(head.parameters())
    adam = torch.optim.Adam(params, lr=a.lr)
    for _ in range(a.epochs):
        order = torch.randperm(len(inputs))
        for i in range(0, len(inputs), a.batch):
            idx = order[i:i + a.batch]
            out, _ = gru(inputs[idx])
            loss = ((head(out[:, -1]) - targets[idx]) ** 2).mean()
            adam.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            adam.step()
    with torch.no_grad():
        x = torch.tensor(np.array([steps(o - a.window, o) for o in range(first, first + a.origins)]))
        out, _ = gru(x)
        return head(out[:, -1]).numpy().astype(np.float64), (mu, sd)


def pooled_mape(values, forecasts, scaler, a):
    mu, sd = scaler
    errors = []
    for k, origin in enumerate(range(a.first_origin, a.first_origin + a.origins)):
        actual = values[origin:origin + a.horizon]
        errors.extend(np.abs(np.exp(forecasts[k] * sd + mu) - actual) / np.abs(actual))
    return 100.0 * float(np.mean(errors))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", default=os.path.join(ROOT, "data", "electric.csv"))
    parser.add_argument("--first-origin", type=int, default=361)
    parser.add_argument("--origins", type=int, default=25)
    parser.add_argument("--horizon", type=int, default=12)
    parser.add_argument("--window", type=int, default=24)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-3)
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4, 5])
    parser.add_argument("--members", type=int, default=1, help="also score ensembles of this many consecutive seeds")
    a = parser.parse_args()
    torch.set_num_threads(1)
    values, months = load(a.csv)
    runs = {}
    for seed in a.seeds:
        forecasts, scaler = train_and_forecast(values, months, seed, a)
        runs[seed] = forecasts
        print(f"seed {seed}: MAPE {pooled_mape(values, forecasts, scaler, a):.3f}", flush=True)
    singles = [pooled_mape(values, runs[s], scaler, a) for s in a.seeds]
    print(f"GRU {a.hidden}, {a.epochs} epochs, one network: mean {np.mean(singles):.3f}, "
          f"range {min(singles):.3f}..{max(singles):.3f}")
    if a.members > 1:
        ensembles = [pooled_mape(values, np.mean([runs[s + j] for j in range(a.members)], axis=0), scaler, a)
                     for s in a.seeds if all(s + j in runs for j in range(a.members))]
        print(f"ensembles of {a.members}: " + " / ".join(f"{m:.3f}" for m in ensembles) +
              f", mean {np.mean(ensembles):.3f}")


if __name__ == "__main__":
    main()
