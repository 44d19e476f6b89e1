#!/usr/bin/env python3
"""Reference values for the Swift statistics (Sources/Reports/Statistics), computed once with
SciPy and NumPy and committed as statistics.json. Rerun: python3 make_statistics_fixtures.py"""
import json

import numpy as np
from scipy import stats

rng = np.random.default_rng(20261130)
out = {"generator": "make_statistics_fixtures.py", "scipy": __import__("scipy").__version__, "numpy": np.__version__}

# Exact McNemar = two-sided exact binomial test of b successes in b + c trials at p = 1/2.
pairs = [(0, 1), (0, 5), (3, 3), (10, 2), (2, 10), (7, 19), (45, 60), (1200, 1000), (15000, 15400), (0, 60), (30, 1)]
out["mcnemar"] = [{"b": b, "c": c, "p": stats.binomtest(b, b + c, 0.5).pvalue} for b, c in pairs]

# Holm's step-down adjustment, written out as its definition (statsmodels is not installed).
def holm(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted.tolist()

families = [[0.01, 0.04, 0.03, 0.005], [0.2, 0.5, 0.001], rng.uniform(0, 0.1, 7).tolist(), [0.04]]
out["holm"] = [{"p": f, "adjusted": holm(f)} for f in families]

# Stratified bootstrap with a fixed resampling: two strata of per-example differences in
# {-1, 0, 1}; each replicate resamples every stratum's examples within the stratum.
strata = [rng.choice([-1, 0, 0, 1, 1], size=12).tolist(), rng.choice([-1, 0, 1], size=9).tolist()]
replicates = 60
indices = [[rng.integers(0, len(s), size=len(s)).tolist() for s in strata] for _ in range(replicates)]
means = [float(np.mean([np.mean(np.asarray(s)[idx]) for s, idx in zip(strata, rep)])) for rep in indices]
out["stratified_bootstrap"] = {
    "strata": strata,
    "estimate": float(np.mean([np.mean(s) for s in strata])),
    "indices": indices,
    "replicates": means,
    "percentiles": np.percentile(means, [2.5, 97.5]).tolist(),
}

# NumPy's default (linear) percentiles of unsorted samples.
samples = rng.normal(size=37).tolist()
out["percentile"] = {"samples": samples, "q": [0.0, 0.025, 0.5, 0.975, 1.0],
                     "values": np.percentile(samples, [0, 2.5, 50, 97.5, 100]).tolist()}

# Paired permutation (sign-flip) test over seeds, exact: SciPy's one-sample permutation test.
def signflip(d):
    r = stats.permutation_test((np.asarray(d),), np.mean, permutation_type="samples",
                               n_resamples=np.inf, alternative="two-sided")
    return float(r.pvalue)

seed_sets = [[0.02, 0.03, 0.01], [0.05, -0.01, 0.02, 0.04, 0.03], [-0.02, -0.03], [0.01, -0.01, 0.02, -0.02, 0.005, 0.0],
             rng.normal(0.01, 0.02, 10).tolist()]
out["sign_flip"] = [{"differences": d, "p": signflip(d)} for d in seed_sets]

with open("statistics.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
