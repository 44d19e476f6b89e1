"""Writes the SynIB authors' fixed PID-XOR matrices as CSV: the six projections and the
rotations of their entangled study.

Their code (github.com/kkontras/SynIB) draws these once and shares them across run seeds:
- scripts/analysis/Xor_PID3Main_MaskSynIB_Search.py, `PID4BlockDataset.__init__`: under
  `torch.manual_seed(999)`, P_u0, P_u1, P_r0, P_r1, P_s0, P_s1 = torch.randn(32, 4) * 0.5, in
  that order;
- scripts/analysis/rebuttal_entangled_xor.py, `get_rotation` with rot_seed 0 (every config of the
  study): modality m's generator is seeded 7700 + m; `full` (rotation, and tanh(Q x)) is the Q of
  the QR of torch.randn(32, 32, float64) with its columns' signs set by diag(R), cast to float32;
  `partial` pairs the blocks [unique 0-5, redundant 6-11, synergy 12-17, noise 18-31] by
  torch.randperm(4) and puts such a Q of each pair's coordinates on those coordinates.
This script repeats only those draws (no other code of theirs), so that `pid-xor` can run on the
authors' task instance (docs/METHOD.md, "The grid beside the authors' numbers").

Output: `matrix,row,column,value` lines, each matrix's entries in row-major order, values as the
float32 torch returned, printed with 9 significant digits (which round-trips).

Usage: python3 scripts/pid_xor_authors_matrices.py > Sources/Datasets/Resources/pid-xor-authors-matrices.csv
"""
import sys

import torch


def canonical_orthogonal(a):
    q, r = torch.linalg.qr(a)
    return q * torch.sign(torch.diagonal(r)).unsqueeze(0)


def full_rotation(dim, seed):
    g = torch.Generator().manual_seed(seed)
    return canonical_orthogonal(torch.randn(dim, dim, generator=g, dtype=torch.float64)).to(torch.float32)


def partial_rotation(dim, seed, blocks):
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(4, generator=g).tolist()
    q = torch.eye(dim, dtype=torch.float32)
    for a, b in [[perm[0], perm[1]], [perm[2], perm[3]]]:
        idx = torch.cat([blocks[a], blocks[b]])
        k = idx.numel()
        small = canonical_orthogonal(torch.randn(k, k, generator=g, dtype=torch.float64)).to(torch.float32)
        q[idx.unsqueeze(1), idx.unsqueeze(0)] = small
    return q


dim, latent, scale = 32, 4, 0.5
matrices = []
torch.manual_seed(999)
for name in ["P_u0", "P_u1", "P_r0", "P_r1", "P_s0", "P_s1"]:
    matrices.append((name, torch.randn(dim, latent) * scale))
blocks = [torch.arange(0, 6), torch.arange(6, 12), torch.arange(12, 18), torch.arange(18, dim)]
for m in (0, 1):
    matrices.append((f"Q_rotation{m}", full_rotation(dim, 7700 + m)))
for m in (0, 1):
    matrices.append((f"Q_partial{m}", partial_rotation(dim, 7700 + m, blocks)))

out = sys.stdout
out.write(f"# torch {torch.__version__}; written by scripts/pid_xor_authors_matrices.py\n")
out.write("matrix,row,column,value\n")
for name, p in matrices:
    for i in range(p.shape[0]):
        for j in range(p.shape[1]):
            out.write(f"{name},{i},{j},{p[i, j].item():.9g}\n")
