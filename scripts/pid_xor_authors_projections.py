"""Writes the SynIB authors' six PID-XOR projection matrices as CSV.

Their generator (scripts/analysis/Xor_PID3Main_MaskSynIB_Search.py in github.com/kkontras/SynIB,
`PID4BlockDataset.__init__`) draws, under `torch.manual_seed(999)` and for dim 32, latent 4:
P_u0, P_u1, P_r0, P_r1, P_s0, P_s1 = torch.randn(32, 4) * 0.5, in that order, shared by every
run seed. This script repeats only that draw (no other code of theirs), so that `pid-xor` can
run on the authors' task instance (docs/METHOD.md, "The data instance").

Output: one line per matrix entry, `matrix,row,column,value` (matrix 0-5 in the order above,
value as the float32 torch returned, printed with 9 significant digits, which round-trips).

Usage: python3 scripts/pid_xor_authors_projections.py > Sources/Datasets/Resources/pid-xor-authors-projections.csv
"""
import sys

import torch

torch.manual_seed(999)
dim, latent, scale = 32, 4, 0.5
names = ["u0", "u1", "r0", "r1", "s0", "s1"]
out = sys.stdout
out.write(f"# torch {torch.__version__}: torch.manual_seed(999); P = torch.randn({dim}, {latent}) * {scale} for {', '.join(names)}\n")
out.write("matrix,row,column,value\n")
for m, _ in enumerate(names):
    p = torch.randn(dim, latent) * scale
    for i in range(dim):
        for j in range(latent):
            out.write(f"{m},{i},{j},{p[i, j].item():.9g}\n")
