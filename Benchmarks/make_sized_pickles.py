#!/usr/bin/env python3
"""Writes MultiBench pickles of the real files' sizes and shapes, filled with random numbers, for
timing and memory measurements at real size (Benchmarks/README.md, "Real size"):

  mosi_raw.pkl   MOSI      1284 / 229 / 686 examples; vision 35, audio 74, text 300; labels: sentiment in [-3, 3]
  humor.pkl      UR-FUNNY  8074 / 1034 / 1058;        vision 371, audio 81, text 300; labels 0/1
  sarcasm.pkl    MUStARD   414 / 138 / 138;           vision 371, audio 81, text 300; labels 0/1

Each split is a dict with `vision`, `audio`, `text` (float32, N × 50 × D, zero-padded at the front:
each example keeps between 10 and 50 real steps), `labels` (N × 1) and `id`, as docs/METHOD.md,
"MultiBench affective tasks", describes the real files. The numbers carry no signal: these files
measure time and memory only, never accuracy.

Usage: python3 Benchmarks/make_sized_pickles.py DIR   (then: bench train --data DIR --require-real ...)
"""
import os
import pickle
import sys

import numpy as np

STEPS = 50
BENCHMARKS = {
    "mosi_raw.pkl": dict(sizes=(1284, 229, 686), widths=dict(vision=35, audio=74, text=300), sentiment=True),
    "humor.pkl": dict(sizes=(8074, 1034, 1058), widths=dict(vision=371, audio=81, text=300), sentiment=False),
    "sarcasm.pkl": dict(sizes=(414, 138, 138), widths=dict(vision=371, audio=81, text=300), sentiment=False),
}


def split(rng, name, n, widths, sentiment):
    lengths = rng.integers(10, STEPS + 1, size=n)
    padding = np.arange(STEPS)[None, :] < (STEPS - lengths)[:, None]
    out = {}
    for modality, d in widths.items():
        x = rng.standard_normal((n, STEPS, d), dtype=np.float32)
        x[padding] = 0
        out[modality] = x
    if sentiment:
        out["labels"] = rng.uniform(-3, 3, size=(n, 1)).astype(np.float32)
    else:
        out["labels"] = (rng.permutation(n) % 2).reshape(n, 1).astype(np.int64)
    out["id"] = np.array([f"{name}_{i}" for i in range(n)])
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_sized_pickles.py DIR")
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(0)
    for file, b in BENCHMARKS.items():
        data = {name: split(rng, name, n, b["widths"], b["sentiment"])
                for name, n in zip(("train", "valid", "test"), b["sizes"])}
        path = os.path.join(directory, file)
        with open(path, "wb") as f:
            pickle.dump(data, f, protocol=4)
        print(f"{path}: " + ", ".join(f"{k} {v['text'].shape[0]}" for k, v in data.items()))


if __name__ == "__main__":
    main()
