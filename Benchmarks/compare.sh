#!/usr/bin/env bash
# Training-step benchmarks of `bench speed --model pid-xor` (H ∈ {256, 1024}, batch 64, objectives
# vanilla and synib-oracle, one thread), interleaved A B A B … after a warm-up, medians:
#
# 1. the OpenBLAS kernels side by side: pinned (the reproducible default, Haswell), fastest (the
#    fastest family this CPU supports) and native (OpenBLAS's own detection) — what the pin costs;
# 2. against the PyTorch peer (Benchmarks/peers/pytorch_step.py) under the pin and under fastest,
#    only when PyTorch is installed (it is not a dependency: `pip install torch` yourself). Each
#    pair also times cblas_sgemm at n = 1024, and "of sgemm" divides a row's GFLOP/s by the median
#    of its own pairs' sgemm runs (the machine's speed drifts).
#
# 3. the MultiBench Transformer path (`bench speed --model multibench`, MOSI-sized data) against its
#    PyTorch peer (Benchmarks/peers/pytorch_multibench.py) at the harness shape and at MultiBench's
#    shape, vanilla and synib-random, per epoch in CPU seconds of each process (a shared machine
#    inflates wall time far more than CPU time), only when PyTorch is installed.
#
# The first lines name the CPU and the kernel each choice runs. An OPENBLAS_CORETYPE in the
# environment would override every choice, so it is removed for the measurements.
#
# Usage: Benchmarks/compare.sh [pairs]      (default 5 pairs)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-5}
swift build -c release -Xswiftc -enable-testing --product bench >/dev/null
bench=$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/bench
unset OPENBLAS_CORETYPE SYNIB_BLAS_KERNEL

field() { python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['$1'])"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
speed() { "$bench" speed --model pid-xor "$@"; }
steps_for() { echo $(( $1 == 256 ? 200 : 30 )); }

cpu=$("$bench" speed --model sgemm --hidden 64 --steps 1 --warmup 0 | field cpu)
openblas=$("$bench" speed --model sgemm --hidden 64 --steps 1 --warmup 0 | field openblas)
echo "CPU: $cpu; OpenBLAS $openblas"
kernels=(pinned fastest native)
for k in "${kernels[@]}"; do
  echo "  --blas-kernel $k runs $("$bench" speed --model sgemm --hidden 64 --steps 1 --warmup 0 --blas-kernel "$k" | field blas_kernel)"
done

echo
echo "## OpenBLAS kernels ($pairs interleaved rounds, median ms/step)"
echo
printf '| objective | H | pinned | fastest | native | pinned / fastest |\n|---|---|---|---|---|---|\n'
for objective in vanilla synib-oracle; do
  for h in 256 1024; do
    steps=$(steps_for "$h")
    declare -A ms=()
    for k in "${kernels[@]}"; do speed --objective "$objective" --hidden "$h" --steps 5 --blas-kernel "$k" >/dev/null; done
    for _ in $(seq "$pairs"); do
      for k in "${kernels[@]}"; do
        ms[$k]+=" $(speed --objective "$objective" --hidden "$h" --steps "$steps" --blas-kernel "$k" | field ms_per_step)"
      done
    done
    p=$(median ${ms[pinned]}); f=$(median ${ms[fastest]}); n=$(median ${ms[native]})
    python3 -c "print(f'| $objective | $h | {$p:.2f} | {$f:.2f} | {$n:.2f} | {$p/$f:.2f}× |')"
    unset ms
  done
done

if ! python3 -c "import torch" 2>/dev/null; then
  echo
  echo "PyTorch is not installed: the comparison with PyTorch is skipped (pip install torch to run it)."
  exit 0
fi

for kernel in pinned fastest; do
  echo
  echo "## Against PyTorch, --blas-kernel $kernel ($pairs interleaved pairs, medians)"
  echo
  sgemms=()
  printf '| objective | H | ours ms/step | PyTorch ms/step | PyTorch / ours | ours GFLOP/s | of sgemm |\n'
  printf '|---|---|---|---|---|---|---|\n'
  for objective in vanilla synib-oracle; do
    for h in 256 1024; do
      steps=$(steps_for "$h")
      speed --objective "$objective" --hidden "$h" --steps 5 --blas-kernel "$kernel" >/dev/null            # warm-up
      python3 Benchmarks/peers/pytorch_step.py --objective "$objective" --hidden "$h" --steps 5 >/dev/null
      ours=(); theirs=(); gflops=(); ceiling=()
      for _ in $(seq "$pairs"); do
        ceiling+=("$("$bench" speed --model sgemm --hidden 1024 --steps 20 --warmup 3 --blas-kernel "$kernel" | field gflops)")
        line=$(speed --objective "$objective" --hidden "$h" --steps "$steps" --blas-kernel "$kernel")
        ours+=("$(echo "$line" | field ms_per_step)"); gflops+=("$(echo "$line" | field gflops)")
        theirs+=("$(python3 Benchmarks/peers/pytorch_step.py --objective "$objective" --hidden "$h" --steps "$steps" | field ms_per_step)")
      done
      a=$(median "${ours[@]}"); b=$(median "${theirs[@]}"); g=$(median "${gflops[@]}"); sgemm=$(median "${ceiling[@]}")
      sgemms+=("${ceiling[@]}")
      python3 -c "print(f'| $objective | $h | {$a:.2f} | {$b:.2f} | {$b/$a:.2f}× | {$g:.1f} | {$g/$sgemm*100:.0f} % |')"
    done
  done
  printf '\ncblas_sgemm n = 1024, 1 thread, %s: %.1f GFLOP/s (median of all %d runs; each row divides by the median of its own)\n' \
    "$kernel" "$(median "${sgemms[@]}")" "${#sgemms[@]}"
done

echo
echo "## MultiBench Transformer path against PyTorch, --blas-kernel pinned ($pairs interleaved pairs, medians)"
echo
printf '| shape | objective | ours CPU s/epoch | PyTorch CPU s/epoch | PyTorch / ours | ours wall s/epoch | PyTorch wall s/epoch |\n'
printf '|---|---|---|---|---|---|---|\n'
for shape in harness multibench; do
  epochs=$([ "$shape" = harness ] && echo 3 || echo 1)
  for objective in vanilla synib-random; do
    ours=(); theirs=(); ours_wall=(); theirs_wall=()
    for _ in $(seq "$pairs"); do
      line=$("$bench" speed --model multibench --shape "$shape" --objective "$objective" --epochs "$epochs")
      ours+=("$(echo "$line" | field cpu_s_per_epoch)"); ours_wall+=("$(echo "$line" | field s_per_epoch)")
      line=$(python3 Benchmarks/peers/pytorch_multibench.py --shape "$shape" --objective "$objective" --epochs "$epochs")
      theirs+=("$(echo "$line" | field cpu_s_per_epoch)"); theirs_wall+=("$(echo "$line" | field s_per_epoch)")
    done
    a=$(median "${ours[@]}"); b=$(median "${theirs[@]}"); aw=$(median "${ours_wall[@]}"); bw=$(median "${theirs_wall[@]}")
    python3 -c "print(f'| $shape | $objective | {$a:.2f} | {$b:.2f} | {$b/$a:.2f}× | {$aw:.2f} | {$bw:.2f} |')"
  done
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
