#!/usr/bin/env python3
"""Writes the feature folder of docs/EXTENDING.md ("Use your own features"), committed as
Tests/Fixtures/features/xor3 and trained by the tests (numpy 2.x; deterministic):

    python3 Tests/Fixtures/features/make_feature_folder.py [OUT_DIR]

Three modalities: `audio` (N x 8, float32) and `video` (N x 8, float64, in an .npz) each carry
one random bit; the label is their XOR, so neither alone predicts it (synergy). `text`
(N x 4 x 3, float32, gzip-compressed .npy) is noise. `tags.npy` marks every example as
synergistic (the XOR holds for all of them). No valid/: 10 % of train is held out.
"""
import gzip, json, os, sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "xor3")
rng = np.random.default_rng(18)

def write_split(name, n):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    a, b = rng.integers(0, 2, n), rng.integers(0, 2, n)
    audio = rng.normal(size=(n, 8)).astype(np.float32)
    audio[:, 0] += 2.0 * (2 * a - 1)
    video = rng.normal(size=(n, 8))  # float64
    video[:, 0] += 2.0 * (2 * b - 1)
    text = rng.normal(size=(n, 4, 3)).astype(np.float32)
    np.save(os.path.join(d, "audio.npy"), audio)
    np.savez(os.path.join(d, "video.npz"), video=video)
    with gzip.GzipFile(os.path.join(d, "text.npy.gz"), "wb", mtime=0) as f:
        np.save(f, text)
    np.save(os.path.join(d, "labels.npy"), (a ^ b).astype(np.int64))
    np.save(os.path.join(d, "tags.npy"), np.ones(n, dtype=bool))

os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "dataset.json"), "w") as f:
    json.dump({"name": "xor3", "modalities": ["audio", "video", "text"],
               "description": "Two one-bit modalities whose XOR is the label, plus a noise sequence",
               "class_names": ["same", "different"], "tags_subset": "xor"}, f, indent=2)
    f.write("\n")
write_split("train", 300)
write_split("test", 200)
