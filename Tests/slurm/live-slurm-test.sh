#!/usr/bin/env bash
# Live test of `bench slurm` against a real single-node Slurm on localhost.
#
# Installs Debian's slurmd slurmctld slurm-client munge (and sqlite3, for the comparison) when
# missing, writes a throw-away cluster configuration into a temporary directory (own munge key
# and socket, own ports, proctrack/linuxproc, task/none, select/cons_tres, this machine's CPUs),
# starts munged, slurmctld and slurmd, and then:
#   1. `bench slurm --grid smoke --tasks 3 --submit`, waits (bounded) for the array and the merge
#      job, and asserts that the merged store equals a local `bench run --grid smoke`: same keys,
#      statuses, metrics and predictions (sqlite3 dump) and the same JSON report;
#   2. failure semantics: a second store, one array task cancelled (scancel) right after
#      submission → the merge job fails and lists the missing cells; a second
#      `bench slurm --submit` schedules only those and completes the grid (equal to the local run).
# The daemons it started are stopped by pid and the temporary directory removed on any exit.
#
# Usage: Tests/slurm/live-slurm-test.sh   (BENCH=/path/to/bench to use a given binary;
#        SLURM_TEST_TIMEOUT=seconds per wait, default 600; KEEP=1 keeps the temporary directory)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
t0=$(date +%s)
timeout=${SLURM_TEST_TIMEOUT:-600}
say() { printf '[live-slurm %3ds] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }
fail() { say "FAIL: $*"; exit 1; }

if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then exec sudo -n -E "$0" "$@"; fi
  fail "needs root (Slurm's daemons run as root here) or passwordless sudo"
fi

# The binary `make test` built (same flags: no rebuild), unless BENCH names one.
bench=${BENCH:-$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/bench}
[ -n "${BENCH:-}" ] || [ -x "$bench" ] || swift build -c release -Xswiftc -enable-testing
[ -x "$bench" ] || fail "no bench executable at $bench"
bench=$(readlink -f "$bench")

# --- packages -------------------------------------------------------------------------------
missing=""
for p in slurmd slurmctld slurm-client munge sqlite3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
say "packages ready ($(slurmctld -V))"

# --- temporary cluster ----------------------------------------------------------------------
tmp=$(mktemp -d /tmp/live-slurm.XXXXXX)
chmod 700 "$tmp"
pids=()
cleanup() {
  local status=$?
  set +e
  if [ -f "$tmp/slurm.conf" ] && [ ${#pids[@]} -gt 0 ]; then
    SLURM_CONF="$tmp/slurm.conf" scancel --quiet --user=root >/dev/null 2>&1
    sleep 1
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ "$status" -ne 0 ]; then
    for log in slurmctld.log slurmd.log munged.log work/job-a/merge.log work/job-b/merge.log; do
      [ -f "$tmp/$log" ] && { echo "--- $log (tail)"; tail -n 20 "$tmp/$log"; }
    done
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
  say "daemons stopped; exit status $status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(free -m | awk '/^Mem:/ { print $2 }') * 9 / 10 ))
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/munge" "$tmp/work"
chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=benchtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MinJobAge=600
KillWait=5
InactiveLimit=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" --log-file="$tmp/munged.log" \
  >>"$tmp/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$tmp/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$tmp/munge/munge.socket" ] || fail "munged did not start"
slurmctld -D -i -f "$tmp/slurm.conf" >>"$tmp/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -N "$host" -f "$tmp/slurm.conf" >>"$tmp/slurmd.log" 2>&1 &
pids+=($!)
deadline=$(( $(date +%s) + 120 ))
until [ "$(sinfo -h -n "$host" -o %T 2>/dev/null)" = idle ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "node $host not idle after 120 s: $(sinfo -h -o '%T %E' 2>&1)"
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a daemon (pid $pid) exited"; done
  sleep 0.5
done
say "cluster up: node $host idle, $cpus CPUs, ${memory} MB"

# --- helpers --------------------------------------------------------------------------------
work="$tmp/work"
cache="$work/cache"
cd "$work"

# Waits until none of the given jobs is pending or running (bounded).
wait_jobs() {
  local deadline=$(( $(date +%s) + timeout ))
  while [ -n "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "jobs $1 still queued or running after ${timeout} s: $(squeue -j "$1" 2>&1)"
    sleep 1
  done
}
# The final state of job $1 (COMPLETED, FAILED, ...), from the controller's memory (no accounting daemon).
job_state() { scontrol -o show job "$1" | tr ' ' '\n' | sed -n 's/^JobState=//p' | head -n 1; }
# Submits a round: bench slurm --submit; sets $array and $merge to the job ids.
submit() {
  local out
  out=$("$bench" slurm --grid smoke --tasks 3 --submit --out "$1" --store "$2" --cache "$cache")
  echo "$out" | sed 's/^/    /'
  array=$(echo "$out" | sed -n 's/^array job \([0-9]*\):.*/\1/p')
  merge=$(echo "$out" | sed -n 's/^merge job \([0-9]*\):.*/\1/p')
  [ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in the output of bench slurm --submit"
}
dump() {
  sqlite3 "$1" "SELECT key, grid, dataset, objective, seed, status, metrics, hex(predictions), hex(labels),
                hex(synergy_indices), provenance, hyperparameters FROM cell ORDER BY key"
}
# Asserts that store $1 holds exactly the results of the local reference run.
same_as_local() {
  local n
  n=$(sqlite3 "$1" "SELECT count(*) FROM cell WHERE status = 'done'")
  [ "$n" = 20 ] || fail "$1: $n of 20 cells done"
  dump "$1" > "$work/dump.txt"
  diff -q "$work/local.txt" "$work/dump.txt" >/dev/null || { diff "$work/local.txt" "$work/dump.txt" | head -c 2000; fail "$1 differs from the local run"; }
  # The JSON report records the command that wrote it (with its --store path): compared without it.
  "$bench" report --grid smoke --store "$1" --format json | grep -v '^  "command" : ' > "$work/report.json"
  cmp -s "$work/local.json" "$work/report.json" || fail "$1: JSON report differs from the local run's"
}

# --- reference: a local run ------------------------------------------------------------------
"$bench" run --grid smoke --store "$work/local.sqlite" --cache "$cache" 2>"$work/local.log" || { cat "$work/local.log"; fail "local run failed"; }
dump "$work/local.sqlite" > "$work/local.txt"
"$bench" report --grid smoke --store "$work/local.sqlite" --format json | grep -v '^  "command" : ' > "$work/local.json"
[ "$(wc -l < "$work/local.txt")" -ge 20 ] || fail "local run: fewer than 20 rows"
# The comparison can fail: a copy with one metric changed must differ.
sqlite3 "$work/local.sqlite" ".backup '$work/tampered.sqlite'"
sqlite3 "$work/tampered.sqlite" "UPDATE cell SET metrics = metrics || ' ' WHERE key = (SELECT min(key) FROM cell)"
dump "$work/tampered.sqlite" | cmp -s - "$work/local.txt" && fail "self-check: a changed metric went unnoticed"
say "local reference run done"

# --- 1. one round on Slurm -----------------------------------------------------------------------
say "round A: bench slurm --grid smoke --tasks 3 --submit"
submit "$work/job-a" "$work/a.sqlite"
wait_jobs "$array,$merge"
state=$(job_state "$merge")
[ "$state" = COMPLETED ] || fail "merge job $merge: $state (see merge.log)"
grep -q "grid smoke: 20 of 20 cells done" "$work/job-a/merge.log" || fail "merge.log does not report 20 of 20 cells done"
[ -s "$work/job-a/report.md" ] || fail "no report.md"
for i in 0 1 2; do [ -f "$work/job-a/shard-$i.log" ] || fail "no log of array task $i"; done
same_as_local "$work/a.sqlite"
say "round A: merged store equals the local run (20 cells, same keys, metrics, predictions, report)"

# --- 2. a cancelled array task, then a second round ------------------------------------------------
say "round B: one array task cancelled"
submit "$work/job-b" "$work/b.sqlite"
scancel "${array}_1"
wait_jobs "$array,$merge"
state=$(job_state "$merge")
[ "$state" = FAILED ] || fail "merge job $merge after a cancelled task: $state, expected FAILED (missing cells)"
missing=$(grep -c "^  missing " "$work/job-b/merge.log" || true)
[ "$missing" -gt 0 ] || fail "merge.log lists no missing cells"
done_b=$(sqlite3 "$work/b.sqlite" "SELECT count(*) FROM cell WHERE status = 'done'")
[ $(( done_b + missing )) = 20 ] || fail "done ($done_b) + missing ($missing) != 20"
grep -q "grid smoke: $done_b of 20 cells done" "$work/job-b/merge.log" || fail "merge.log does not report $done_b of 20 done"
say "round B: merge job FAILED as expected, $missing missing cell(s) listed, $done_b done"
out=$("$bench" slurm --grid smoke --tasks 3 --out "$work/job-b" --store "$work/b.sqlite" --cache "$cache")
echo "$out" | grep -q "^grid smoke: $missing of 20 cells to run ($done_b already done" || fail "a rerun would not schedule exactly the missing cells: $out"
[ "$(grep -cv '^#' "$work/job-b/cells.txt")" = "$missing" ] || fail "cells.txt does not list exactly the $missing missing cells"
say "round B2: resubmitting only the missing cells"
submit "$work/job-b" "$work/b.sqlite"
wait_jobs "$array,$merge"
state=$(job_state "$merge")
[ "$state" = COMPLETED ] || fail "second merge job $merge: $state"
same_as_local "$work/b.sqlite"
say "round B2: completed; merged store equals the local run"
say "PASS ($(( $(date +%s) - t0 )) s)"
