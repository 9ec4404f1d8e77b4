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
  /usr/bin/python3 scripts/torch_forecaster.py --first-origin 337 --seeds 1 2 3 4 5 6 7 8 9 --members 3 --ema 0.98

Variants of the recipe, each off by default (docs/accuracy.md, "Variants in PyTorch"): --skip K adds a linear map
from the window's last K values to the head's output (an autoregressive highway, as in LSTNet); --ema D forecasts
with an exponential moving average of the weights (decay D per step); --swa K with the mean of the weights after
each of the last K epochs; --dropout P drops the last hidden state's units while training; --tau T weights each
window's loss by exp((i - N) / T), the newest most; --seasonal-difference trains on the difference from the value
one season (12 rows) before each target and adds it back; --partial also trains on the newest windows, whose horizon
runs past the training rows, with the missing steps masked in the loss; --jitter S adds Gaussian noise of deviation
S to the input values of every batch.

Needs torch and numpy (Debian: python3-torch).
"""
import argparse
import copy
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


class Network(torch.nn.Module):
    """GRU, then a Linear head on the last hidden state; optionally a linear map from the window's last values."""

    def __init__(self, a):
        super().__init__()
        self.a = a
        self.gru = torch.nn.GRU(13, a.hidden, batch_first=True)
        self.head = torch.nn.Linear(a.hidden, a.horizon)
        if a.skip:
            self.skip = torch.nn.Linear(a.skip, a.horizon)
            torch.nn.init.zeros_(self.skip.weight)
            torch.nn.init.zeros_(self.skip.bias)

    def forward(self, x):
        out, _ = self.gru(x)
        if self.a.fork and self.training:  # the head at every step from the fork-th on: (batch, steps, horizon)
            return self.head(out[:, self.a.fork - 1:])
        last = torch.nn.functional.dropout(out[:, -1], self.a.dropout, self.training) if self.a.dropout else out[:, -1]
        y = self.head(last)
        return y + self.skip(x[:, -self.a.skip:, 0]) if self.a.skip else y


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

    def base(ends):  # the values one season before each target, for --seasonal-difference
        return np.array([z[e - 12:e - 12 + a.horizon] for e in ends]) if a.seasonal_difference else 0.0

    # --partial: also the newest windows, whose horizon runs past the training rows, their missing steps masked.
    starts = range(0, first - a.window - (1 if a.partial else a.horizon) + 1)
    inputs = torch.tensor(np.array([steps(s, s + a.window) for s in starts]))
    present = np.array([[s + a.window + h < first for h in range(a.horizon)] for s in starts])
    targets = np.array([np.resize(z[s + a.window:min(first, s + a.window + a.horizon)], a.horizon) for s in starts])
    targets = np.where(present, targets - base([s + a.window for s in starts]), 0.0)
    targets = torch.tensor(targets, dtype=torch.float32)
    mask = torch.tensor(present, dtype=torch.float32)
    if a.fork:  # forking sequences: every step t >= fork - 1 of a window forecasts the horizon after it
        forks = range(a.fork - 1, a.window)
        targets = torch.tensor(np.array([[z[s + t + 1:s + t + 1 + a.horizon] for t in forks] for s in starts]),
                               dtype=torch.float32)
        mask = torch.ones_like(targets)
    weights = torch.exp((torch.arange(len(inputs), dtype=torch.float32) - len(inputs)) / a.tau) if a.tau else None
    net = Network(a)
    params = list(net.parameters())
    adam = torch.optim.Adam(params, lr=a.lr)
    ema = copy.deepcopy(net) if a.ema else None
    swa, swa_count = None, 0
    for epoch in range(a.epochs):
        order = torch.randperm(len(inputs))
        for i in range(0, len(inputs), a.batch):
            idx = order[i:i + a.batch]
            x = inputs[idx]
            if a.jitter:  # Gaussian noise on the value channel of the inputs, fresh for every batch
                x = x.clone()
                x[:, :, 0] += a.jitter * torch.randn(x.shape[0], x.shape[1])
            errors = (net(x) - targets[idx]) ** 2 * mask[idx]
            if a.tau:
                loss = (errors.sum(dim=1) / mask[idx].sum(dim=1) * weights[idx]).sum() / weights[idx].sum()
            else:
                loss = errors.sum() / mask[idx].sum()
            adam.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            adam.step()
            if ema is not None:
                with torch.no_grad():
                    for averaged, p in zip(ema.parameters(), net.parameters()):
                        averaged.mul_(a.ema).add_(p, alpha=1.0 - a.ema)
        if a.swa and epoch >= a.epochs - a.swa:
            state = {k: v.clone() for k, v in net.state_dict().items()}
            swa = state if swa is None else {k: swa[k] + state[k] for k in swa}
            swa_count += 1
    if swa is not None:
        net.load_state_dict({k: v / swa_count for k, v in swa.items()})
    if ema is not None:
        net = ema
    net.eval()
    with torch.no_grad():
        origins = range(first, first + a.origins)
        x = torch.tensor(np.array([steps(o - a.window, o) for o in origins]))
        return net(x).numpy().astype(np.float64) + base(origins), (mu, sd)


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
    parser.add_argument("--skip", type=int, default=0, help="a linear map from the window's last K values (0: none)")
    parser.add_argument("--ema", type=float, default=0.0, help="forecast with the weights' moving average (decay)")
    parser.add_argument("--swa", type=int, default=0, help="forecast with the mean weights of the last K epochs")
    parser.add_argument("--dropout", type=float, default=0.0, help="dropout on the last hidden state")
    parser.add_argument("--tau", type=float, default=0.0, help="weight windows by exp((i - N) / tau) (0: equally)")
    parser.add_argument("--seasonal-difference", action="store_true", help="train on the change from a season ago")
    parser.add_argument("--fork", type=int, default=0,
                        help="forking sequences: train the head at every step from this one on (0: the last only)")
    parser.add_argument("--jitter", type=float, default=0.0, help="noise of this deviation on the input values")
    parser.add_argument("--partial", action="store_true",
                        help="also train on the newest windows, whose horizon runs past the training rows (masked)")
    a = parser.parse_args()
    torch.set_num_threads(1)
    values, months = load(a.csv)
    runs = {}
    for seed in a.seeds:
        forecasts, scaler = train_and_forecast(values, months, seed, a)
        runs[seed] = forecasts
        print(f"seed {seed}: MAPE {pooled_mape(values, forecasts, scaler, a):.3f}", flush=True)
    singles = [pooled_mape(values, runs[s], scaler, a) for s in a.seeds]
    print(f"GRU {a.hidden}, {a.epochs} epochs, one network: mean {np.mean(singles):.3f}, sd {np.std(singles):.3f}, "
          f"range {min(singles):.3f}..{max(singles):.3f}")
    if a.members > 1:
        ensembles = [pooled_mape(values, np.mean([runs[s + j] for j in range(a.members)], axis=0), scaler, a)
                     for s in a.seeds if all(s + j in runs for j in range(a.members))]
        print(f"ensembles of {a.members}: " + " / ".join(f"{m:.3f}" for m in ensembles) +
              f", mean {np.mean(ensembles):.3f}")


if __name__ == "__main__":
    main()
