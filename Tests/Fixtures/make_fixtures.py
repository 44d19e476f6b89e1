#!/usr/bin/env python3
"""Writes the small data files the Datasets tests read (numpy 2.x; run from anywhere).

    python3 Tests/Fixtures/make_fixtures.py

Every file is deterministic; `expected.json` records, for each array fixture, the dtype,
shape and flattened values numpy sees, so the Swift tests need no Python. The generated
files are committed. With `--check-swift DIR` it instead reads the `.npy` files the Swift
writer produced into DIR (see DatasetsTests/NpyTests.swift) and checks numpy reads them as
the same arrays.
"""
import gzip, io, json, os, pickle, struct, sys, zlib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE
expected = {}

def record(name, arr):
    arr = np.asarray(arr)
    if arr.dtype.kind in "US":
        values = [str(x) if arr.dtype.kind == "U" else x.decode() for x in arr.ravel(order="C")]
    elif arr.dtype.kind == "b":
        values = [bool(x) for x in arr.ravel(order="C")]
    elif arr.dtype.kind in "iu":
        values = [int(x) for x in arr.ravel(order="C")]
    else:  # repr strings: exact, and independent of any JSON parser's float handling
        values = [repr(float(x)) for x in arr.ravel(order="C")]
    expected[name] = {"dtype": arr.dtype.str, "shape": list(arr.shape), "values": values}

def path(*p):
    full = os.path.join(OUT, *p)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full

def base(dtype, shape=(2, 3)):
    n = int(np.prod(shape))
    if np.dtype(dtype).kind == "b":
        return (np.arange(n) % 3 == 0).reshape(shape).astype(dtype)
    if np.dtype(dtype).kind == "u":
        return (np.arange(n) * 37 % 256).reshape(shape).astype(dtype)
    if np.dtype(dtype).kind == "i":
        return ((np.arange(n) - n // 2) * 1000003).reshape(shape).astype(dtype)
    return ((np.arange(n) - 2.25) * 0.3).reshape(shape).astype(dtype)

# ---- .npy: every dtype, both byte orders, versions 1/2/3, Fortran order, scalars, strings
npy = {}
for code in ["<f4", "<f8", "<i4", "<i8", "|u1", "|b1", ">f4", ">f8", ">i4", ">i8"]:
    tag = code.replace("<", "le_").replace(">", "be_").replace("|", "")
    npy[f"{tag}.npy"] = base(code)
npy["f4_3d.npy"] = base("<f4", (2, 3, 4))
npy["fortran_f4.npy"] = np.asfortranarray(base("<f4", (3, 4)))
npy["fortran_i8_3d.npy"] = np.asfortranarray(base("<i8", (2, 3, 4)))
npy["scalar_f8.npy"] = np.array(3.5, dtype="<f8")
npy["empty_f4.npy"] = np.zeros((0, 3), dtype="<f4")
npy["strings_U.npy"] = np.array(["a", "bc", "déf", ""], dtype="<U3")
for name, arr in npy.items():
    np.save(path("npy", name), arr)
    record("npy/" + name, arr)
for version in [(1, 0), (2, 0), (3, 0)]:
    name = f"version_{version[0]}.npy"
    arr = base("<f4", (4, 5))
    with open(path("npy", name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version)
    record("npy/" + name, arr)
np.save(path("npy", "object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)

# ---- gzip
arr = base("<f4", (5, 7))
buf = io.BytesIO(); np.save(buf, arr); raw = buf.getvalue()
with open(path("gz", "f4.npy.gz"), "wb") as f:
    f.write(gzip.compress(raw, mtime=0))
record("gz/f4.npy.gz", arr)
with open(path("gz", "multi_member.npy.gz"), "wb") as f:  # two gzip members, one stream
    f.write(gzip.compress(raw[:100], mtime=0) + gzip.compress(raw[100:], mtime=0))
record("gz/multi_member.npy.gz", arr)

# ---- .npz, stored and deflated (numpy writes Zip64 extra fields)
members = {"a": base("<f4", (3, 4)), "labels": np.array([0, 1, 1, 0], dtype="<i8"),
           "ids": np.array(["x1", "x22", "x333"]), "flags": base("|b1", (5,))}
np.savez(path("npz", "stored.npz"), **members)
np.savez_compressed(path("npz", "deflated.npz"), **members)
for k, v in members.items():
    record(f"npz/stored.npz/{k}", v)
    record(f"npz/deflated.npz/{k}", v)

# ---- pickles, protocols 2-5, numpy arrays as numpy 2.x pickles them
shared = [1, 2, 3]
payload = {
    "none": None, "true": True, "false": False,
    "ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**62, -2**63],
    "floats": [0.0, -1.5, 1e300, float("inf")],
    "str": "héllo ✓", "bytes": b"\x00\x01\xff", "tuple": (1, "two", 3.0), "empty_tuple": (),
    "set": {7}, "frozenset": frozenset({"k"}),
    "shared_a": shared, "shared_b": shared,
    "nested": {"inner": {"deep": [[1], [2, [3]]]}},
    "f4": base("<f4", (2, 3)), "f8": base("<f8", (4,)), "i8": base("<i8", (2, 2)),
    "u1": base("|u1", (3,)), "b1": base("|b1", (4,)), "be_f4": base(">f4", (2, 2)),
    "fortran": np.asfortranarray(base("<f4", (3, 2))),
    "ustr": np.array(["id_1", "id_22"]), "objstr": np.array(["p", "qq"], dtype=object),
    "scalar_f4": np.float32(1.5), "scalar_i8": np.int64(-7),
}
for proto in [2, 3, 4, 5]:
    with open(path("pickle", f"protocol{proto}.pkl"), "wb") as f:
        pickle.dump(payload, f, protocol=proto)
for k in ["f4", "f8", "i8", "u1", "b1", "be_f4", "fortran", "ustr", "scalar_f4", "scalar_i8"]:
    record(f"pickle/{k}", payload[k])

class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))
with open(path("pickle", "forbidden_global.pkl"), "wb") as f:
    f.write(pickle.dumps({"x": Evil()}, protocol=4))  # dumping never calls os.system
deep = []
for _ in range(300):
    deep = [deep]
with open(path("pickle", "too_deep.pkl"), "wb") as f:
    pickle.dump(deep, f, protocol=4)

# ---- bad inputs
good = raw
with open(path("bad", "wrong_magic.npy"), "wb") as f: f.write(b"\x93NUMPZ" + good[6:])
with open(path("bad", "truncated.npy"), "wb") as f: f.write(good[:len(good) - 10])
hdr = b"{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }"
hdr += b" " * (64 - (10 + len(hdr) + 1) % 64) + b"\n"
with open(path("bad", "shape_too_large.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr + b"\x00" * 64)
gz = gzip.compress(good, mtime=0)
with open(path("bad", "truncated.npy.gz"), "wb") as f: f.write(gz[: len(gz) // 2])
bad_crc = bytearray(gz); bad_crc[-8] ^= 0xFF   # first byte of the CRC-32 trailer
with open(path("bad", "bad_crc.npy.gz"), "wb") as f: f.write(bytes(bad_crc))

# ---- miniature real-format files (same layout as the real ones, tiny sizes)
rng = np.random.default_rng(7)
def seq(n, t, d, lengths):
    x = np.zeros((n, t, d), dtype=np.float32)
    for i, L in enumerate(lengths):
        if L > 0:
            x[i, t - L:] = rng.normal(size=(L, d)).astype(np.float32)
    return x
def multibench(sizes, dv, da, dt, label_fn, zero_text_index):
    out = {}
    for split, n in sizes.items():
        lengths = [(3 + i * 7) % 50 + 1 for i in range(n)]
        text = seq(n, 50, dt, lengths)
        if split == "train":
            text[zero_text_index] = 0.0  # dropped by the preprocessing
        audio = seq(n, 50, da, lengths); audio[0, -1, 0] = -np.inf
        out[split] = {"vision": seq(n, 50, dv, lengths), "audio": audio, "text": text,
                      "labels": label_fn(n), "id": np.array([f"{split}_{i}" for i in range(n)])}
    return out
mosi = multibench({"train": 6, "valid": 3, "test": 4}, 20, 5, 12,
                  lambda n: rng.uniform(-3, 3, size=(n, 1)).astype(np.float32), 2)
with open(path("data", "mosi_data.pkl"), "wb") as f: pickle.dump(mosi, f, protocol=4)
for split in mosi:
    record(f"data/mosi_data.pkl/{split}/labels", mosi[split]["labels"])
    record(f"data/mosi_data.pkl/{split}/text", mosi[split]["text"])
    record(f"data/mosi_data.pkl/{split}/vision", mosi[split]["vision"])
sarcasm = multibench({"train": 5, "valid": 3, "test": 3}, 6, 4, 10,
                     lambda n: (np.arange(n) % 2).reshape(n, 1), 0)
with open(path("data", "sarcasm.pkl"), "wb") as f: pickle.dump(sarcasm, f, protocol=2)
for split, n in {"train": 8, "dev_unseen": 4, "test_seen": 4}.items():
    np.savez(path("data", "hateful_memes", f"{split}.npz"),
             image=rng.normal(size=(n, 3, 16)).astype(np.float32),
             text=rng.normal(size=(n, 16)).astype(np.float32),
             label=(np.arange(n) % 2).astype(np.int64), id=np.arange(n) + 100)
for split, n in {"train": 24, "valid": 12, "test": 12}.items():
    np.savez_compressed(path("data", "cremad", f"{split}.npz"),
                        audio=rng.normal(size=(n, 8)).astype(np.float32),
                        video=rng.normal(size=(n, 10)).astype(np.float32),
                        emotion=(np.arange(n) % 6).astype(np.int64),
                        id=np.array([f"clip{i}" for i in range(n)]))

with open(path("expected.json"), "w") as f:
    json.dump(expected, f, indent=0, sort_keys=True, allow_nan=True)

def check_swift(directory):
    """Reads every .npy the Swift writer produced and compares with the numpy original."""
    bad = 0
    for name in sorted(os.listdir(directory)):
        theirs = np.load(os.path.join(directory, name))
        ours = np.load(path("npy", name)) if os.path.exists(path("npy", name)) else None
        same = ours is not None and ours.shape == theirs.shape and np.array_equal(ours, theirs) \
            and ours.dtype.newbyteorder("<") == theirs.dtype.newbyteorder("<")
        print(("ok  " if same else "BAD ") + name)
        bad += not same
    sys.exit(1 if bad else 0)

if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--check-swift":
    check_swift(sys.argv[2])
print("fixtures written to", OUT)
