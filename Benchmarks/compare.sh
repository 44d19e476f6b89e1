#!/usr/bin/env bash
# Side-by-side training-step benchmark: `bench speed --model pid-xor` against the PyTorch peer
# (Benchmarks/peers/pytorch_step.py), both single-threaded, interleaved A B A B … after a
# warm-up, for H ∈ {256, 1024}, batch 64, objectives vanilla and synib-oracle. Prints the
# medians, the PyTorch/ours ratio, cblas_sgemm GFLOP/s at n = 1024 (measured in every pair) and
# the fraction of it each step reaches (FLOPs counted from the layer shapes by `bench speed`).
#
# Usage: Benchmarks/compare.sh [pairs]      (default 5 pairs; needs `pip install torch`)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-5}
swift build -c release -Xswiftc -enable-testing --product bench >/dev/null
bench=$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/bench
python3 -c "import torch" 2>/dev/null || { echo "compare.sh: PyTorch is not installed (pip install torch)" >&2; exit 1; }

field() { python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['$1'])"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

sgemms=()
printf '| objective | H | ours ms/step | PyTorch ms/step | PyTorch / ours | ours GFLOP/s | of sgemm |\n'
printf '|---|---|---|---|---|---|---|\n'
for objective in vanilla synib-oracle; do
  for h in 256 1024; do
    steps=$(( h == 256 ? 200 : 30 ))
    "$bench" speed --model pid-xor --objective "$objective" --hidden "$h" --steps 5 >/dev/null            # warm-up
    python3 Benchmarks/peers/pytorch_step.py --objective "$objective" --hidden "$h" --steps 5 >/dev/null
    ours=(); theirs=(); gflops=(); ceiling=()
    for _ in $(seq "$pairs"); do
      # The sgemm ceiling is measured inside every pair too, so the fraction compares like with
      # like on a machine whose speed drifts.
      ceiling+=("$("$bench" speed --model sgemm --hidden 1024 --steps 20 --warmup 3 | field gflops)")
      line=$("$bench" speed --model pid-xor --objective "$objective" --hidden "$h" --steps "$steps")
      ours+=("$(echo "$line" | field ms_per_step)"); gflops+=("$(echo "$line" | field gflops)")
      theirs+=("$(python3 Benchmarks/peers/pytorch_step.py --objective "$objective" --hidden "$h" --steps "$steps" | field ms_per_step)")
    done
    a=$(median "${ours[@]}"); b=$(median "${theirs[@]}"); g=$(median "${gflops[@]}"); sgemm=$(median "${ceiling[@]}")
    sgemms+=("${ceiling[@]}")
    python3 -c "print(f'| $objective | $h | {$a:.2f} | {$b:.2f} | {$b/$a:.2f}× | {$g:.1f} | {$g/$sgemm*100:.0f} % |')"
  done
done
printf '\ncblas_sgemm n = 1024, 1 thread: %.1f GFLOP/s (median of all %d runs; each row divides by the median of its own)\n' \
  "$(median "${sgemms[@]}")" "${#sgemms[@]}"
