#!/usr/bin/env python3
"""PyTorch peer of `bench speed --model pid-xor`: the same model and training step, timed.

The PID-XOR reference model (docs/METHOD.md, "PID-XOR"): encoders 32→H→H (ReLU), fusion 2H→128→128→2,
unimodal heads H→H→2 on detached latents, Adam (lr 3e-4, weight decay 1e-5). Objectives:
  vanilla       CE(f(z), y) + Σ_m CE(u_m(sg z_m), y)
  synib-oracle  + 10 · Σ_m KL(softmax f(z with x_m's synergy block 12..18 replaced by N(0,1)) ‖ uniform)
  synib-random  + 10 · Σ_m KL(... x_m's coordinates replaced with probability 0.5 by N(0,1) ...)
(input-level corruption: the corrupted x_m is re-encoded; 1 + 2 forward passes, one backward).

Prints one JSON line with ms_per_step. Benchmark peer only (CI never runs it); install with
`pip install torch` (see Benchmarks/README.md).
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp(widths, activate_last):
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2 or activate_last:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class FusionModel(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.encoders = nn.ModuleList([mlp([32, hidden, hidden], True) for _ in range(2)])
        self.fusion = mlp([2 * hidden, 128, 128, 2], False)
        self.unimodal = nn.ModuleList([mlp([hidden, hidden, 2], False) for _ in range(2)])


def kl_to_uniform(logits):
    logq = F.log_softmax(logits, dim=1)
    return (logq.exp() * (logq + math.log(logits.shape[1]))).sum(1).mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--objective", default="vanilla", choices=["vanilla", "synib-oracle", "synib-random"])
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = FusionModel(args.hidden)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-5)
    x = [torch.randn(args.batch, 32), torch.randn(args.batch, 32)]
    y = torch.randint(0, 2, (args.batch,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        z = [model.encoders[m](x[m]) for m in range(2)]
        loss = F.cross_entropy(model.fusion(torch.cat(z, 1)), y)
        loss = loss + sum(F.cross_entropy(model.unimodal[m](z[m].detach()), y) for m in range(2))
        if args.objective != "vanilla":
            for m in range(2):
                if args.objective == "synib-oracle":
                    mask = torch.zeros_like(x[m], dtype=torch.bool)
                    mask[:, 12:18] = True
                else:
                    mask = torch.rand_like(x[m]) < 0.5
                corrupted = torch.where(mask, torch.randn_like(x[m]), x[m])
                zc = list(z)
                zc[m] = model.encoders[m](corrupted)
                loss = loss + 10 * kl_to_uniform(model.fusion(torch.cat(zc, 1)))
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    ms = (time.perf_counter() - start) * 1000 / args.steps
    print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "objective": args.objective,
                      "hidden": args.hidden, "batch": args.batch, "threads": args.threads,
                      "ms_per_step": ms, "samples_per_s": args.batch / (ms / 1000)}, sort_keys=True))


if __name__ == "__main__":
    main()
