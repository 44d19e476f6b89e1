#!/usr/bin/env bash
# libFuzzer targets for the Datasets readers (see Fuzz/README.md and docs/ROBUSTNESS.md).
#
#   Fuzz/fuzz.sh build                  build Fuzz/.work/bin/{npy,gzip,npz,pickle}
#   Fuzz/fuzz.sh run TARGET [SECONDS]   fuzz one target (default 60 s) from the fixture seed corpus
#   Fuzz/fuzz.sh all [SECONDS]          build, then fuzz every target in turn
#
# Each target is compiled by swiftc with -sanitize=fuzzer,address from the reader sources
# (Sources/Datasets: ByteIO, DataError, NpyFormat, Gzip, NpzArchive, PickleReader,
# DataInspector, plus ZIPFoundation) and an @_cdecl("LLVMFuzzerTestOneInput") entry point in
# Fuzz/targets/. Inputs that crash are written to Fuzz/.work/crashes/TARGET/ and make the run
# fail; copy them into Fuzz/regressions/TARGET/ (replayed first on every run) once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK="$ROOT/Fuzz/.work"
TARGETS="npy gzip npz pickle"
# Leak reports off, in libFuzzer and at exit: ZIPFoundation leaks the 30-byte C path string of
# every Archive it opens (FileManager.fileSystemRepresentation, never freed), which LeakSanitizer
# would report as a crash of the npz target. Memory errors and crashes are what is looked for.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
SRC=Sources/Datasets

zipfoundation() {
  for d in .build-robust .build .build-harness .build-datasets; do
    if [ -d "$d/checkouts/ZIPFoundation/Sources/ZIPFoundation" ]; then echo "$d/checkouts/ZIPFoundation"; return; fi
  done
  swift package resolve >/dev/null
  echo ".build/checkouts/ZIPFoundation"
}

probe() {  # swiftc -sanitize=fuzzer needs libclang_rt.fuzzer (shipped with the Swift toolchain; else Debian's compiler-rt)
  mkdir -p "$WORK/probe"
  printf '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }\n' > "$WORK/probe/p.swift"
  if swiftc -sanitize=fuzzer,address -parse-as-library "$WORK/probe/p.swift" -o "$WORK/probe/p" >/dev/null 2>&1; then return; fi
  echo "fuzz: swiftc -sanitize=fuzzer does not link; installing clang's runtime (libclang-rt-dev)" >&2
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y libclang-rt-dev || true
  swiftc -sanitize=fuzzer,address -parse-as-library "$WORK/probe/p.swift" -o "$WORK/probe/p" \
    || { echo "fuzz: swiftc -sanitize=fuzzer,address does not work on this machine" >&2; exit 1; }
}

build() {
  command -v swiftc >/dev/null || { echo "swiftc not found" >&2; exit 1; }
  mkdir -p "$WORK/bin"
  probe
  local zf; zf=$(zipfoundation)
  echo "fuzz: building ZIPFoundation" >&2
  (cd "$WORK/bin" && swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ZIPFoundation \
     -emit-library -static -emit-module -I "$ROOT/$zf/Sources/CZLib" -Xcc -D_GNU_SOURCE=1 \
     "$ROOT/$zf"/Sources/ZIPFoundation/*.swift -o libZIPFoundation.a 2> >(grep -v "Cannot export local symbol" >&2))
  for t in $TARGETS; do
    echo "fuzz: building $t" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library -O -gline-tables-only -module-name Datasets \
      -I "$SRC/../CZlibShim" -I "$zf/Sources/CZLib" -I "$WORK/bin" -L "$WORK/bin" -lZIPFoundation -lz \
      "$SRC/ByteIO.swift" "$SRC/DataError.swift" "$SRC/NpyFormat.swift" "$SRC/Gzip.swift" \
      "$SRC/NpzArchive.swift" "$SRC/PickleReader.swift" "$SRC/DataInspector.swift" \
      "Fuzz/targets/$t.swift" -o "$WORK/bin/$t" 2> >(grep -v "Cannot export local symbol" >&2)
  done
}

seed() {  # fills $WORK/corpus/$1 from the fixtures (once)
  local t=$1 dir="$WORK/corpus/$1"
  mkdir -p "$dir"
  local F=Tests/Fixtures
  case $t in
    npy) cp -n $F/npy/*.npy $F/bad/*.npy $F/malformed/npy_*.npy "$dir"/ ;;
    gzip) cp -n $F/gz/*.gz $F/bad/*.gz $F/malformed/gz_*.gz "$dir"/ ;;
    npz) cp -n $F/npz/*.npz $F/malformed/npz_*.npz $F/malformed/hm_*.npz $F/malformed/cremad_*.npz "$dir"/ ;;
    pickle) cp -n $F/pickle/*.pkl $F/data/*.pkl $F/malformed/pkl_*.pkl $F/malformed/mb_*.pkl "$dir"/ ;;
  esac
  find "Fuzz/regressions/$t" -type f ! -name '.*' -exec cp -n {} "$dir"/ \; 2>/dev/null || true
}

run() {
  local t=$1 secs=${2:-60}
  [ -x "$WORK/bin/$t" ] || build
  seed "$t"
  mkdir -p "$WORK/crashes/$t"
  # Known crashers first: each must now run cleanly.
  local known; known=$(find "Fuzz/regressions/$t" -type f ! -name '.*' 2>/dev/null | sort)
  if [ -n "$known" ]; then
    # shellcheck disable=SC2086
    "$WORK/bin/$t" -rss_limit_mb=2048 -detect_leaks=0 $known >/dev/null 2>&1 || { echo "fuzz $t: a regression input fails" >&2; exit 1; }
  fi
  local log="$WORK/$t.log"
  set +e
  "$WORK/bin/$t" "$WORK/corpus/$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=20 -detect_leaks=0 \
    -print_final_stats=1 -artifact_prefix="$WORK/crashes/$t/" >"$log" 2>&1
  local rc=$?
  set -e
  local runs; runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" || echo "?")
  local crashes; crashes=$(ls "$WORK/crashes/$t" | wc -l)
  echo "fuzz $t: $runs executions in ${secs}s, $crashes crashing inputs (exit $rc; log $log)"
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then tail -40 "$log" >&2; return 1; fi
}

case "${1:-all}" in
  build) build ;;
  run) run "${2:?target: npy gzip npz pickle}" "${3:-60}" ;;
  all) build; status=0; for t in $TARGETS; do run "$t" "${2:-60}" || status=1; done; exit $status ;;
  *) echo "usage: $0 build | run TARGET [SECONDS] | all [SECONDS]" >&2; exit 64 ;;
esac
