#!/usr/bin/env python3
"""PyTorch peer of `bench speed --model multibench`: the same model, data sizes and epoch, timed.

The MOSI model (docs/METHOD.md, "MultiBench affective tasks"): per modality a linear projection
D → width, sinusoidal positions, `nn.TransformerEncoder` (post-norm unless --norm-first, ReLU,
dropout 0.1, batch first, key-padding mask), the last valid step as z_m, LayerNorm on z_m;
fusion concat(2 · width) → 64 → ReLU → 2 with dropout 0.1; unimodal heads width → 64 → 2 on
detached latents; Adam (lr 1e-3, weight decay 1e-5), batch 32. Objectives:
  vanilla       CE(f(z), y) + Σ_m CE(u_m(sg z_m), y)
  synib-random  + λ · Σ_m KL(softmax f(z with z_m's coordinates replaced with probability p by
                the same coordinate of another row of the batch) ‖ uniform), λ 0.1, p 0.3
Data: N(0, 1) sequences of 50 steps (vision 35-d, text 300-d), zero-padded at the front to
between 25 and 50 real steps, of the sizes given (default MOSI's 1284 / 229 / 686).

One epoch = one pass over the training split in shuffled mini-batches plus the prediction of the
validation split, as the Swift Trainer counts it; the test split is predicted once at the end. Prints
one JSON line with s_per_epoch (wall) and cpu_s_per_epoch (this process's CPU time, which a machine
shared with other jobs inflates far less than wall time), both (epochs + test) / --epochs. Benchmark peer only (CI never runs it); needs `pip install torch` (Benchmarks/README.md).
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SHAPES = {"harness": dict(layers=2, heads=5, feed_forward=160, width=40),
          "multibench": dict(layers=5, heads=5, feed_forward=2048, width=40)}


def sinusoidal(steps, width):
    table = torch.zeros(steps, width)
    for t in range(steps):
        for i in range(0, width, 2):
            angle = t / math.pow(10_000, i / width)
            table[t, i] = math.sin(angle)
            if i + 1 < width:
                table[t, i + 1] = math.cos(angle)
    return table


class Encoder(nn.Module):
    def __init__(self, d_in, width, layers, heads, feed_forward, norm_first, steps):
        super().__init__()
        self.projection = nn.Linear(d_in, width)
        layer = nn.TransformerEncoderLayer(width, heads, feed_forward, dropout=0.1, batch_first=True,
                                           norm_first=norm_first)
        self.transformer = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.register_buffer("positions", sinusoidal(steps, width))
        self.norm = nn.LayerNorm(width)

    def forward(self, x, padding):
        h = self.transformer(self.projection(x) + self.positions, src_key_padding_mask=padding)
        return self.norm(h[:, -1])  # front padding: the last step is the last valid one


class Model(nn.Module):
    def __init__(self, widths, shape, norm_first, steps):
        super().__init__()
        w = shape["width"]
        self.encoders = nn.ModuleList([Encoder(d, w, shape["layers"], shape["heads"], shape["feed_forward"],
                                               norm_first, steps) for d in widths])
        self.fusion = nn.Sequential(nn.Linear(2 * w, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 2))
        self.unimodal = nn.ModuleList([nn.Sequential(nn.Linear(w, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 2))
                                       for _ in widths])


def split(n, widths, steps, generator):
    lengths = torch.randint(steps // 2, steps + 1, (n,), generator=generator)
    padding = torch.arange(steps)[None, :] < (steps - lengths)[:, None]
    xs = [torch.randn(n, steps, d, generator=generator).masked_fill(padding[:, :, None], 0) for d in widths]
    return xs, padding, torch.arange(n) % 2


def kl_to_uniform(logits):
    logq = F.log_softmax(logits, dim=1)
    return (logq.exp() * (logq + math.log(logits.shape[1]))).sum(1).mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--objective", default="vanilla", choices=["vanilla", "synib-random"])
    parser.add_argument("--shape", default="harness", choices=sorted(SHAPES))
    parser.add_argument("--layers", type=int)
    parser.add_argument("--heads", type=int)
    parser.add_argument("--feed-forward", type=int)
    parser.add_argument("--width", type=int)
    parser.add_argument("--norm-first", action="store_true")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--sizes", default="1284,229,686")
    parser.add_argument("--features", default="35,300")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    shape = dict(SHAPES[args.shape])
    for key in ("layers", "heads", "feed_forward", "width"):
        if getattr(args, key) is not None:
            shape[key] = getattr(args, key)
    sizes = [int(s) for s in args.sizes.split(",")]
    widths = [int(s) for s in args.features.split(",")]
    generator = torch.Generator().manual_seed(0)
    train, valid, test = (split(n, widths, args.steps, generator) for n in sizes)
    model = Model(widths, shape, args.norm_first, args.steps)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)

    def epoch():
        model.train()
        xs, padding, y = train
        order = torch.randperm(len(y))
        for begin in range(0, len(y), args.batch):
            rows = order[begin:begin + args.batch]
            optimizer.zero_grad(set_to_none=True)
            z = [model.encoders[m](xs[m][rows], padding[rows]) for m in range(2)]
            loss = F.cross_entropy(model.fusion(torch.cat(z, 1)), y[rows])
            loss = loss + sum(F.cross_entropy(model.unimodal[m](z[m].detach()), y[rows]) for m in range(2))
            if args.objective == "synib-random":
                for m in range(2):
                    n = len(rows)
                    mask = torch.rand_like(z[m]) < 0.3
                    other = torch.roll(torch.randperm(n), 1)
                    zc = list(z)
                    zc[m] = torch.where(mask, z[m].detach()[other], z[m])
                    loss = loss + 0.1 * kl_to_uniform(model.fusion(torch.cat(zc, 1)))
            loss.backward()
            optimizer.step()
        predict(valid)

    def predict(data):
        model.eval()
        with torch.no_grad():
            xs, padding, y = data
            return model.fusion(torch.cat([model.encoders[m](xs[m], padding) for m in range(2)], 1)).argmax(1)

    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.epochs):
        epoch()
    predict(test)
    seconds = (time.perf_counter() - start) / args.epochs
    cpu_seconds = (time.process_time() - cpu) / args.epochs
    print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "model": "multibench", "objective": args.objective,
                      "batch": args.batch, "epochs": args.epochs, "threads": args.threads, "sizes": sizes,
                      "features": widths, "norm_first": args.norm_first, **shape, "s_per_epoch": seconds,
                      "cpu_s_per_epoch": cpu_seconds},
                     sort_keys=True))


if __name__ == "__main__":
    main()
