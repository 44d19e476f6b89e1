#!/usr/bin/env python3
"""Writes the malformed and malicious input corpus in Tests/Fixtures/malformed/ (numpy 1.x/2.x).

    python3 Tests/Fixtures/make_malformed.py

Every file is deterministic and committed. `expected.json` maps each file name to how the
tests read it (`via`: inspect = `bench inspect`'s DataInspector; multibench, hateful, cremad =
the dataset loaders) and the field the error must name. Every file must give one DataError
naming the file and that field — never a crash, never unbounded memory, never code execution.
The malicious pickles would create MARKER if anything in them were executed.
See docs/ROBUSTNESS.md.
"""
import gzip, io, json, os, pickle, struct, zipfile, zlib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "malformed")
MARKER = "/tmp/synib-malformed-marker"
expected = {}


def put(name, data, field, via="inspect"):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    expected[name] = {"via": via, "field": field}


def npy_header(header, version=(1, 0)):
    """A .npy preamble + header dict text, padded like numpy's."""
    body = header.encode("latin1")
    lenbytes = 2 if version[0] == 1 else 4
    hlen = len(body) + 1
    pad = (64 - (6 + 2 + lenbytes + hlen) % 64) % 64
    total = hlen + pad
    out = b"\x93NUMPY" + bytes(version)
    out += struct.pack("<H" if lenbytes == 2 else "<I", total)
    return out + body + b" " * pad + b"\n"


def npy_bytes(arr):
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return buf.getvalue()


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, data)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    f4 = np.arange(6, dtype="<f4").reshape(2, 3)
    good = npy_bytes(f4)

    # --- .npy headers that lie ---
    put("npy_shape_lies.npy", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }") + b"\0" * 24, "data")
    put("npy_dtype_lies.npy", npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }") + f4.tobytes(), "data")
    put("npy_shape_overflow.npy", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }"), "shape")
    put("npy_shape_product_overflow.npy", npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16), }"), "shape")
    put("npy_dim_beyond_int.npy", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 2), }"), "header")
    put("npy_negative_dim.npy", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3), }") + f4.tobytes(), "shape")
    put("npy_truncated_data.npy", good[:-5], "data")
    put("npy_truncated_header.npy", good[:40], "header")
    put("npy_bad_magic.npy", b"\x93NUMPZ" + good[6:], "magic")
    put("npy_bad_version.npy", good[:6] + b"\x09\x00" + good[8:], "version")
    put("npy_object_dtype.npy", npy_header("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }") + pickle.dumps([1, 2]), "descr")
    put("npy_structured_dtype.npy", npy_header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }") + b"\0" * 8, "descr")
    put("npy_complex_dtype.npy", npy_header("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }") + b"\0" * 32, "descr")
    put("npy_header_not_dict.npy", npy_header("[1, 2, 3]"), "header")
    put("npy_header_no_shape.npy", npy_header("{'descr': '<f4', 'fortran_order': False, }") + f4.tobytes(), "shape")
    put("npy_header_unterminated.npy", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3"), "header")
    put("npy_header_length_huge.npy", b"\x93NUMPY\x02\x00" + struct.pack("<I", 0x7FFFFFFF) + b"{", "header length")
    put("npy_header_nested.npy", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(" * 5000 + ")" * 5000 + "}"), "header")
    put("npy_empty.npy", b"", "magic")

    # --- gzip ---
    put("gz_truncated.npy.gz", gz(good)[:-12], "gzip")
    bad = bytearray(gz(good)); bad[-6] ^= 0xFF
    put("gz_bad_crc.npy.gz", bytes(bad), "gzip")
    put("gz_trailing_junk.npy.gz", gz(good) + b"junk-after-the-stream", "gzip")
    put("gz_not_gzip.npy.gz", good, "gzip")
    # Decompression bomb: a header promising 2^34 float32 (64 GiB) over ~4 MiB of zeros (~4 KiB
    # compressed). Refused from the header, before any allocation: the bound is 1032 × file size.
    bomb = npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (17179869184,), }") + b"\0" * (4 << 20)
    put("gz_bomb.npy.gz", gz(bomb), "data")

    # --- npz ---
    z = bytearray(zip_bytes([("x.npy", good)]))
    # Declared uncompressed size 0xFFFFFFF0 (~4 GiB) in the central directory and local header.
    cd = z.rfind(b"PK\x01\x02")
    z[cd + 24:cd + 28] = struct.pack("<I", 0xFFFFFFF0)
    z[22:26] = struct.pack("<I", 0xFFFFFFF0)
    put("npz_declared_size_bomb.npz", bytes(z), "x")
    # A real deflate bomb: 64 MiB of zeros in a member (~64 KiB compressed), header claims it all.
    big = npy_header("{'descr': '|u1', 'fortran_order': False, 'shape': (67108864,), }") + b"\0" * (64 << 20)
    zb = bytearray(zip_bytes([("x.npy", big)], zipfile.ZIP_DEFLATED))
    cd = zb.rfind(b"PK\x01\x02")
    zb[cd + 24:cd + 28] = struct.pack("<I", 0xFFFFFFF0)
    zb[22:26] = struct.pack("<I", 0xFFFFFFF0)
    put("npz_deflate_bomb.npz", bytes(zb), "x")
    put("npz_path_traversal.npz", zip_bytes([("../../evil.npy", good)]), "../../evil")
    put("npz_absolute_path.npz", zip_bytes([("/tmp/evil.npy", good)]), "/tmp/evil")
    put("npz_truncated.npz", zip_bytes([("x.npy", good)])[:-30], "zip")
    zc = bytearray(zip_bytes([("x.npy", good)]))
    zc[40 + len("x.npy")] ^= 0xFF  # a data byte of the stored member
    put("npz_bad_crc.npz", bytes(zc), "x")
    put("npz_not_zip.npz", b"this is not a zip file at all" * 4, "zip")
    put("npz_member_bad_npy.npz", zip_bytes([("x.npy", good[:30])]), "x")

    # --- pickles: forbidden globals (would create MARKER if executed) ---
    cmd = ("touch " + MARKER).encode()
    put("pkl_os_system.pkl", b"\x80\x02cos\nsystem\nq\x00X" + struct.pack("<I", len(cmd)) + cmd + b"\x85R.", "GLOBAL")
    put("pkl_posix_system_proto0.pkl", b"cposix\nsystem\n(S'" + cmd + b"'\ntR.", "GLOBAL")
    expr = ("open('" + MARKER + "', 'w')").encode()
    put("pkl_builtins_eval.pkl", b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c" + bytes([len(expr)]) + expr + b"\x85R.", "GLOBAL")
    argv = [b"touch", MARKER.encode()]
    lst = b"]" + b"(" + b"".join(b"\x8c" + bytes([len(a)]) + a for a in argv) + b"e"
    put("pkl_subprocess_popen.pkl", b"\x80\x04\x8c\nsubprocess\x8c\x05Popen\x93" + lst + b"\x85R.", "GLOBAL")
    put("pkl_reduce_non_global.pkl", b"\x80\x02]N\x85R.", "REDUCE")
    put("pkl_reduce_set_of_dict.pkl", b"\x80\x02c__builtin__\nset\n}\x85R.", "__builtin__.set")
    put("pkl_object_construction.pkl", b"\x80\x02c__builtin__\nset\n)\x81.", "object construction")
    put("pkl_inst_opcode.pkl", b"(ios\nsystem\nS'" + cmd + b"'\n.", "object construction")
    # Recursion deeper than the bound: 100 000 nested lists.
    n = 100_000
    put("pkl_too_deep.pkl", b"\x80\x02" + b"]" * n + b"a" * (n - 1) + b".", "nesting")
    dag = []
    for _ in range(40):
        dag = [dag, dag]
    put("pkl_dag_bomb.pkl", pickle.dumps(dag, protocol=2), "size")
    put("pkl_self_reference.pkl", b"\x80\x02]q\x00h\x00a.", "nesting")
    put("pkl_huge_unicode8.pkl", b"\x80\x04\x8d" + struct.pack("<Q", 1 << 62) + b"abc.", "BINUNICODE8")
    put("pkl_huge_binbytes.pkl", b"\x80\x03B" + struct.pack("<I", 0xFFFFFFFF) + b"abc.", "BINBYTES")
    put("pkl_huge_long4.pkl", b"\x80\x02\x8b" + struct.pack("<I", 0x7FFFFFFF) + b"\x01.", "LONG4")
    put("pkl_truncated.pkl", pickle.dumps({"a": [1, 2, 3]}, protocol=4)[:-3], "STOP")
    put("pkl_memo_missing.pkl", b"\x80\x02h\x07.", "BINGET")
    put("pkl_bad_protocol.pkl", b"\x80\x09N.", "PROTO")
    arr = pickle.dumps(np.zeros((2, 2), "<f4"), protocol=2)
    i = arr.find(b"K\x02K\x02\x86")
    lied = arr[:i] + b"M\xe8\x03M\xe8\x03\x86" + arr[i + 5:]   # shape (1000, 1000), 16 bytes of data
    put("pkl_array_shape_lies.pkl", lied, "numpy.ndarray")
    put("pkl_object_array_global.pkl", pickle.dumps(np.array([None, 1], dtype=object), protocol=2).replace(b"cnumpy\ndtype\n", b"cos\nsystem\n"), "GLOBAL")

    # --- MultiBench dicts ---
    def split(n=4, nan=None, drop=None):
        d = {"vision": np.ones((n, 3, 2), "<f4"), "audio": np.ones((n, 3, 2), "<f4"),
             "text": np.ones((n, 3, 4), "<f4"), "labels": (np.arange(n) % 2).astype("<f4").reshape(n, 1),
             "id": np.array([f"id{i}" for i in range(n)])}
        if nan is not None:
            d["text"][1, 2, 3] = nan
        if drop:
            del d[drop]
        return d
    mb = lambda d: pickle.dumps(d, protocol=4)
    put("mb_missing_split.pkl", mb({"train": split(), "valid": split()}), "test", "multibench")
    put("mb_missing_modality.pkl", mb({"train": split(), "valid": split(), "test": split(drop="vision")}), "test/vision", "multibench")
    put("mb_missing_labels.pkl", mb({"train": split(drop="labels"), "valid": split(), "test": split()}), "train/labels", "multibench")
    put("mb_nan_text.pkl", mb({"train": split(nan=float("nan")), "valid": split(), "test": split()}), "train/text", "multibench")
    put("mb_inf_text.pkl", mb({"train": split(), "valid": split(nan=float("inf")), "test": split()}), "valid/text", "multibench")
    wrong = split(); wrong["vision"] = np.ones((4, 6), "<f4")
    put("mb_wrong_rank.pkl", mb({"train": wrong, "valid": split(), "test": split()}), "train/vision", "multibench")
    frac = split(); frac["labels"] = np.array([[0.5], [1], [0], [1]], "<f4")
    put("mb_fractional_label.pkl", mb({"train": split(), "valid": split(), "test": frac}), "test/labels", "multibench")
    put("mb_not_a_dict.pkl", mb([1, 2, 3]), "train", "multibench")

    # --- npz feature dumps (Hateful Memes, CREMA-D) ---
    def npz(arrays):
        return zip_bytes([(k + ".npy", npy_bytes(v)) for k, v in arrays.items()])
    hm = lambda **kw: npz({**{"image": np.ones((4, 8), "<f4"), "text": np.ones((4, 8), "<f4"),
                              "label": np.array([0, 1, 0, 1]), "id": np.arange(4)}, **kw})
    put("hm_label_out_of_range.npz", hm(label=np.array([0, 1, 2, 1])), "labels", "hateful")
    put("hm_nan_image.npz", hm(image=np.array([[1.0] * 8, [np.nan] * 8, [1.0] * 8, [1.0] * 8], "<f4")), "image", "hateful")
    put("hm_missing_text.npz", npz({"image": np.ones((4, 8), "<f4"), "label": np.array([0, 1, 0, 1])}), "text", "hateful")
    put("hm_text_rank.npz", hm(text=np.ones((4, 2, 8), "<f4")), "text", "hateful")
    cr = lambda **kw: npz({**{"audio": np.ones((4, 8), "<f4"), "video": np.ones((4, 8), "<f4"),
                              "emotion": np.array([0, 1, 2, 3]), "id": np.arange(4)}, **kw})
    put("cremad_emotion_out_of_range.npz", cr(emotion=np.array([0, 1, 9, 3])), "labels", "cremad")
    put("cremad_unknown_emotion_code.npz", cr(emotion=np.array(["ANG", "XXX", "SAD", "HAP"])), "emotion", "cremad")
    put("cremad_inf_audio.npz", cr(audio=np.array([[1.0] * 8, [1.0] * 8, [np.inf] * 8, [1.0] * 8], "<f4")), "audio", "cremad")
    put("cremad_fractional_emotion.npz", cr(emotion=np.array([0.0, 1.5, 2.0, 3.0])), "emotion", "cremad")

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(expected)} files in {OUT}")


if __name__ == "__main__":
    main()
