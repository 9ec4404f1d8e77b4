#!/usr/bin/python3
"""elman bench against PyTorch (and oneDNN's RNN primitives at the large shape) on the speed targets' configurations
(docs/performance.md, "Speed targets").

Prints a markdown table; each ratio is the other side's time / elman's time (above 1: elman faster).
Run with Debian's torch (python3-torch 1.13), the same thread count on every side:
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/compare.py --elman build/elman --threads 1 --large
--large adds B=64 T=100 I=512 H=512 (median of 3 after 1 warm-up), its oneDNN figure from build/bench/onednn_rnn
(--onednn) and each side's peak memory (max RSS of a fresh process running forward+backward once).
Otherwise every side reports the median of --repeat runs after --warmup untimed ones; elman's figures come
from the last line of `elman bench --json`.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch

TORCH_MODES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CELLS = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}


def median_ms(run, repeat, warmup):
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def torch_layer(c, repeat, warmup):
    """fwd_ms (eval, no_grad) and fwd_bwd_ms (every gradient, the input's included, as elman computes)."""
    layer = TORCH_MODES[c["mode"]](c["input"], c["hidden"]).eval()
    x = torch.rand(c["steps"], c["batch"], c["input"]) * 2 - 1
    grad = torch.rand(c["steps"], c["batch"], c["hidden"]) * 2 - 1

    def fwd():
        with torch.no_grad():
            layer(x)

    xg = x.clone().requires_grad_(True)

    def fwd_bwd():
        layer.zero_grad(set_to_none=False)
        xg.grad = None
        out, _ = layer(xg)
        out.backward(grad)

    return {"fwd_ms": median_ms(fwd, repeat, warmup), "fwd_bwd_ms": median_ms(fwd_bwd, repeat, warmup)}


class Forecaster(torch.nn.Module):
    def __init__(self, mode, input_size, hidden, head):
        super().__init__()
        self.rnn = TORCH_MODES[mode](input_size, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, head)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


def torch_train_step(c, repeat, warmup):
    model = Forecaster(c["mode"], c["input"], c["hidden"], c["head"])
    optimizer = torch.optim.Adam(model.parameters())
    x = torch.rand(c["batch"], c["steps"], c["input"]) * 2 - 1
    y = torch.rand(c["batch"], c["head"]) * 2 - 1

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()

    return {"train_step_ms": median_ms(step, repeat, warmup)}


def torch_stream(c, repeat, warmup):
    cell = CELLS[c["mode"]](c["input"], c["hidden"]).eval()
    xs = [torch.rand(1, c["input"]) * 2 - 1 for _ in range(c["steps"])]

    def run():
        with torch.no_grad():
            h = torch.zeros(1, c["hidden"])
            state = (h, torch.zeros(1, c["hidden"])) if c["mode"] == "lstm" else h
            for x in xs:
                state = cell(x, state)

    return {"ns_per_step": median_ms(run, repeat, warmup) * 1e6 / c["steps"]}


def elman_bench(exe, c, threads, repeat, warmup):
    args = [exe, "bench", "--mode", c["mode"], "--batch", str(c["batch"]), "--steps", str(c["steps"]), "--input",
            str(c["input"]), "--hidden", str(c["hidden"]), "--threads", str(threads), "--repeat", str(repeat),
            "--warmup", str(warmup), "--json"]
    if "head" in c:
        args += ["--head", str(c["head"]), "--optimizer", "adam"]
    if c.get("stream"):
        args += ["--stream"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1]), " ".join(args[1:])


def onednn_forward(exe, c, threads, repeat, warmup):
    args = [exe, "--mode", c["mode"], "--batch", str(c["batch"]), "--steps", str(c["steps"]), "--input",
            str(c["input"]), "--hidden", str(c["hidden"]), "--repeat", str(repeat), "--warmup", str(warmup), "--json"]
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    out = subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def vm_hwm_mib():
    """This process's peak resident memory (Linux VmHWM, which starts afresh at exec), in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def torch_peak_rss_mib(mode, threads, run):
    """Peak memory of a fresh Python process that imports torch and, with run, does one forward+backward."""
    args = [sys.executable, os.path.abspath(__file__), "--threads", str(threads), "--torch-peak-rss", mode]
    if not run:
        args.append("--import-only")
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def configurations(large):
    configs = []
    if large:
        configs += [dict(mode=m, batch=64, steps=100, input=512, hidden=512, figures=["fwd_ms", "fwd_bwd_ms"],
                         repeat=3, warmup=1, large=True) for m in ("rnn", "lstm", "gru")]
    configs += [dict(mode=m, batch=1, steps=397, input=1, hidden=5, figures=["fwd_ms", "fwd_bwd_ms"])
                for m in ("rnn", "lstm")]
    configs += [dict(mode=m, batch=32, steps=24, input=1, hidden=64, head=24, figures=["train_step_ms"])
                for m in ("rnn", "lstm", "gru")]
    configs += [dict(mode="lstm", batch=1, steps=1000, input=1, hidden=64, stream=True, figures=["ns_per_step"])]
    return configs


def describe(c):
    text = f"{c['mode'].upper()} B={c['batch']} T={c['steps']} I={c['input']} H={c['hidden']}"
    if "head" in c:
        text += f" head {c['head']} Adam"
    if c.get("stream"):
        text = f"streaming {c['mode'].upper()} H={c['hidden']} I={c['input']}, {c['steps']} steps, one call per step"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--elman", default="build/elman", help="path of the elman executable")
    parser.add_argument("--onednn", default="build/bench/onednn_rnn", help="path of bench/onednn_rnn's executable")
    parser.add_argument("--threads", type=int, default=1, help="threads for every side (torch.set_num_threads)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--large", action="store_true", help="add B=64 T=100 I=512 H=512, oneDNN and peak memory")
    parser.add_argument("--torch-peak-rss", help=argparse.SUPPRESS)  # child process of the memory figure
    parser.add_argument("--import-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    torch.set_num_threads(options.threads)
    torch.manual_seed(0)
    if options.torch_peak_rss:  # one forward+backward at the large shape, as torch_layer runs it
        if not options.import_only:
            torch_layer(dict(mode=options.torch_peak_rss, batch=64, steps=100, input=512, hidden=512), 1, 0)
        return print(vm_hwm_mib())

    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s) on every side; "
          "ratio = the other side's time / elman's time\n")
    print("| configuration | figure | PyTorch | oneDNN | elman | PyTorch / elman | oneDNN / elman |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    memory = []
    for c in configurations(options.large):
        repeat, warmup = c.get("repeat", options.repeat), c.get("warmup", options.warmup)
        if "head" in c:
            theirs = torch_train_step(c, repeat, warmup)
        elif c.get("stream"):
            theirs = torch_stream(c, repeat, warmup)
        else:
            theirs = torch_layer(c, repeat, warmup)
        ours, _ = elman_bench(options.elman, c, options.threads, repeat, warmup)
        onednn = onednn_forward(options.onednn, c, options.threads, repeat, warmup) if c.get("large") else {}
        for figure in c["figures"]:
            other = f"{onednn[figure]:.4g}" if figure in onednn else ""
            other_ratio = f"{onednn[figure] / ours[figure]:.2f}×" if figure in onednn else ""
            print(f"| {describe(c)} | {figure} | {theirs[figure]:.4g} | {other} | {ours[figure]:.4g} | "
                  f"{theirs[figure] / ours[figure]:.2f}× | {other_ratio} |", flush=True)
        if c.get("large"):
            once = c | dict(repeat=1, warmup=0)
            memory.append((describe(c), torch_peak_rss_mib(c["mode"], options.threads, True),
                           torch_peak_rss_mib(c["mode"], options.threads, False),
                           elman_bench(options.elman, once, options.threads, 1, 0)[0]["peak_rss_mib"]))
    if memory:
        print("\nPeak memory (VmHWM, the peak RSS) of a fresh process running forward+backward once (elman: "
              "`elman bench --repeat 1 --warmup 0`, which also runs one forward; PyTorch: the same layer call as "
              "above)\n")
        print("| configuration | PyTorch (MiB) | of which `import torch` alone | elman (MiB) | PyTorch / elman |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, theirs, baseline, ours in memory:
            print(f"| {name} | {theirs:.0f} | {baseline:.0f} | {ours:.0f} | {theirs / ours:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
