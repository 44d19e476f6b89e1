#!/usr/bin/env bash
# Live test of `bench slurm` against a real Slurm cluster of two compute nodes on this machine.
#
# Installs Debian's slurmd slurmctld slurm-client munge (and sqlite3, for the comparison) when
# missing and builds a throw-away cluster in a temporary directory:
#   - three network namespaces joined by a bridge: a head node (slurmctld, and every client command:
#     sbatch, squeue, scontrol, `bench slurm --submit`) and `node1`, `node2`, each running its own
#     slurmd with its own address, spool, log and pid file, and — through a UTS namespace — its
#     own host name, which `bench run` records with every cell it runs;
#   - one munged (its socket is a file, and the namespaces share the file system) and one shared
#     directory for the job directory, the stores and the feature cache;
#   - proctrack/linuxproc, task/none, select/cons_tres; the machine's CPUs split between the nodes.
# Then:
#   1. `bench slurm --grid smoke --tasks 4 --submit`, waits (bounded) for the array and the merge
#      job, and asserts that array tasks ran on both nodes (the controller's BatchHost of every
#      task, and the host each shard store recorded for its cells) and that the merged store
#      equals a local `bench run --grid smoke`: same keys, statuses, metrics and predictions
#      (sqlite3 dump) and the same JSON report;
#   2. failure semantics: a second store; one array task is killed (SIGKILL to the batch script
#      and its children, on whichever node it runs) once it has finished a cell → the merge job
#      keeps that cell, fails and lists the missing cells; a second `bench slurm --submit`
#      schedules only those and completes the grid (equal to the local run).
# Where network namespaces cannot be had (no CAP_NET_ADMIN, no `ip` or `nsenter`) the test says
# "skipped: two nodes …" and runs the same rounds on a single node on localhost instead.
# The daemons it started are stopped by pid, the namespaces deleted and the temporary directory
# removed on any exit.
#
# Usage: Tests/slurm/live-slurm-test.sh   (BENCH=/path/to/bench to use a given binary;
#        SLURM_TEST_TIMEOUT=seconds per wait, default 600; SLURM_TEST_NODES=1 forces one node;
#        KEEP=1 keeps the temporary directory)
set -euo pipefail
cd "$(dirname "$0")/../.."
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
namespaces=()
tag=$$                # namespace names are global: unique per run, so concurrent runs do not meet
head_ns="" node_ns=()
# The command prefix that enters network namespace $1 (nothing for ""): nsenter rather than
# `ip netns exec`, which would mount a fresh /sys without the cgroup file system that slurmd's
# initialisation needs. Daemons start as `"${prefix[@]}" daemon … &`, a simple command, so that
# $! is the daemon's own pid (nsenter and unshare exec, a shell function would not).
ns_prefix() { prefix=(); if [ -n "$1" ]; then prefix=(nsenter --net="/run/netns/$1"); fi; }
# Runs a client command where the controller is reachable (the head namespace with two nodes).
client() { local prefix; ns_prefix "$head_ns"; "${prefix[@]}" "$@"; }
cleanup() {
  local status=$?
  set +e
  if [ -f "$tmp/slurm.conf" ] && [ ${#pids[@]} -gt 0 ]; then
    client scancel --quiet --user=root >/dev/null 2>&1
    sleep 1
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  # Whatever still runs in our namespaces (a stray slurmstepd or bench) was started by this test.
  for ns in "${namespaces[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns delete "$ns" 2>/dev/null
  done
  if [ "$status" -ne 0 ]; then
    for log in slurmctld.log slurmd-*.log munged.log work/job-a/merge.log work/job-b/merge.log; do
      for f in "$tmp"/$log; do [ -f "$f" ] && { echo "--- ${f#"$tmp"/} (tail)"; tail -n 20 "$f"; }; done
    done
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
  say "daemons stopped, namespaces deleted; exit status $status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two nodes: namespaces head, node1, node2 on a bridge inside head (nothing is added to the
# machine's own network, so fixed addresses and Slurm's default ports cannot collide with it).
# Sets $why and returns 1 when namespaces cannot be had.
why=""
two_node_network() {
  command -v ip >/dev/null 2>&1 || { why="no 'ip' command (Debian's iproute2)"; return 1; }
  command -v nsenter >/dev/null 2>&1 || { why="no 'nsenter' command (util-linux)"; return 1; }
  ip netns add "sbh$tag" 2>"$tmp/ip.err" || { why="ip netns add: $(cat "$tmp/ip.err")"; return 1; }
  namespaces+=("sbh$tag")
  head_ns="sbh$tag"
  {
    ip -n "$head_ns" link set lo up &&
    ip -n "$head_ns" link add br0 type bridge &&
    ip -n "$head_ns" addr add 10.77.0.1/24 dev br0 &&
    ip -n "$head_ns" link set br0 up
  } 2>"$tmp/ip.err" || { why="bridge in a namespace: $(cat "$tmp/ip.err")"; return 1; }
  for i in 1 2; do
    ip netns add "sbn$i$tag" 2>"$tmp/ip.err" || { why="ip netns add: $(cat "$tmp/ip.err")"; return 1; }
    namespaces+=("sbn$i$tag")
    node_ns+=("sbn$i$tag")
    {
      ip -n "$head_ns" link add "veth$i" type veth peer name eth0 netns "sbn$i$tag" &&
      ip -n "$head_ns" link set "veth$i" master br0 up &&
      ip -n "sbn$i$tag" link set lo up &&
      ip -n "sbn$i$tag" addr add "10.77.0.$((i + 1))/24" dev eth0 &&
      ip -n "sbn$i$tag" link set eth0 up
    } 2>"$tmp/ip.err" || { why="veth pair: $(cat "$tmp/ip.err")"; return 1; }
  done
  unshare --uts true 2>"$tmp/ip.err" || { why="unshare --uts: $(cat "$tmp/ip.err")"; return 1; }
}

nodes=${SLURM_TEST_NODES:-2}
case "$nodes" in
  1) why="SLURM_TEST_NODES=1" ;;
  2) ;;
  *) fail "SLURM_TEST_NODES must be 1 or 2, got '$nodes'" ;;
esac
if [ "$nodes" = 2 ] && ! two_node_network; then
  say "skipped: two nodes (network namespaces cannot be had: $why); running the same rounds on one node"
  for ns in "${namespaces[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
  namespaces=() head_ns="" node_ns=() nodes=1
fi

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(free -m | awk '/^Mem:/ { print $2 }') * 9 / 10 ))
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/munge" "$tmp/work"
chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
if [ "$nodes" = 2 ]; then
  # The machine's CPUs and memory split between the nodes, so both get array tasks at once.
  node_cpus=$(( cpus / 2 > 0 ? cpus / 2 : 1 ))
  node_memory=$(( memory / 2 ))
  node_names=(node1 node2)
  controller="$host(10.77.0.1)"
  node_lines="NodeName=node1 NodeAddr=10.77.0.2 CPUs=$node_cpus RealMemory=$node_memory State=UNKNOWN
NodeName=node2 NodeAddr=10.77.0.3 CPUs=$node_cpus RealMemory=$node_memory State=UNKNOWN"
  ports="SlurmctldPort=6817
SlurmdPort=6818"
else
  node_names=("$host")
  controller="$host(127.0.0.1)"
  node_lines="NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN"
  ports="SlurmctldPort=16817
SlurmdPort=16818"
fi
for n in "${node_names[@]}"; do mkdir -p "$tmp/spool/$n"; done
partition_nodes=$(IFS=,; echo "${node_names[*]}")
cat > "$tmp/slurm.conf" <<CONF
ClusterName=benchtest
SlurmctldHost=$controller
$ports
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
SlurmdSpoolDir=$tmp/spool/%n
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd-%n.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd-%n.log
$node_lines
PartitionName=debug Nodes=$partition_nodes Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" --log-file="$tmp/munged.log" \
  >>"$tmp/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$tmp/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$tmp/munge/munge.socket" ] || fail "munged did not start"
ns_prefix "$head_ns"
"${prefix[@]}" slurmctld -D -i -f "$tmp/slurm.conf" >>"$tmp/slurmctld.log" 2>&1 &
pids+=($!)
if [ "$nodes" = 2 ]; then
  # Each slurmd in its node's network namespace and under its node's host name, so it finds its
  # NodeName itself and the jobs it starts see that name (`exec` chains keep $! the daemon's pid).
  for i in 1 2; do
    ns_prefix "${node_ns[$((i - 1))]}"
    "${prefix[@]}" unshare --uts \
      bash -c "hostname node$i && exec slurmd -D -f '$tmp/slurm.conf'" >>"$tmp/slurmd-node$i.log" 2>&1 &
    pids+=($!)
  done
else
  slurmd -D -N "$host" -f "$tmp/slurm.conf" >>"$tmp/slurmd-$host.log" 2>&1 &
  pids+=($!)
fi
deadline=$(( $(date +%s) + 120 ))
until [ "$(client sinfo -h -N -o '%N %T' 2>/dev/null | awk '$2 == "idle"' | wc -l)" = "${#node_names[@]}" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "nodes not idle after 120 s: $(client sinfo -h -N -o '%N %T %E' 2>&1)"
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a daemon (pid $pid) exited"; done
  sleep 0.5
done
say "cluster up: node(s) ${node_names[*]} idle ($(client sinfo -h -N -o '%N:%c CPUs' | tr '\n' ' '))"

# --- helpers --------------------------------------------------------------------------------
work="$tmp/work"
cache="$work/cache"
tasks=4
cd "$work"

# Waits until none of the given jobs is pending or running (bounded).
wait_jobs() {
  local deadline=$(( $(date +%s) + timeout ))
  while [ -n "$(client squeue -h -j "$1" -o %i 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "jobs $1 still queued or running after ${timeout} s: $(client squeue -j "$1" 2>&1)"
    sleep 1
  done
}
# A field of job $2 (an array task: ID_TASK) from the controller's memory (no accounting daemon).
job_field() { client scontrol -o show job "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
job_state() { job_field JobState "$1"; }
# Submits a round: bench slurm --submit; sets $array and $merge to the job ids.
submit() {
  local out
  out=$(client "$bench" slurm --grid smoke --tasks "$tasks" --submit --out "$1" --store "$2" --cache "$cache")
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
say "round A: bench slurm --grid smoke --tasks $tasks --submit"
submit "$work/job-a" "$work/a.sqlite"
wait_jobs "$array,$merge"
state=$(job_state "$merge")
[ "$state" = COMPLETED ] || fail "merge job $merge: $state (see merge.log)"
grep -q "grid smoke: 20 of 20 cells done" "$work/job-a/merge.log" || fail "merge.log does not report 20 of 20 cells done"
[ -s "$work/job-a/report.md" ] || fail "no report.md"
# Where the tasks ran, twice over: the node the controller gave each task, and the host name
# `bench run` recorded with each cell it ran in that task's shard store (the main store was
# empty, so every done row of shard i was computed by task i).
used=""
for ((i = 0; i < tasks; i++)); do
  [ -f "$work/job-a/shard-$i.log" ] || fail "no log of array task $i"
  [ "$(job_state "${array}_$i")" = COMPLETED ] || fail "array task $i: $(job_state "${array}_$i")"
  node=$(job_field BatchHost "${array}_$i")
  recorded=$(sqlite3 "$work/job-a/shard-$i.sqlite" "SELECT DISTINCT host FROM cell WHERE status = 'done'")
  [ "$recorded" = "$node" ] || fail "array task $i ran on $node by the controller, but its shard store records host(s) '$recorded'"
  say "  array task $i: node $node, $(sqlite3 "$work/job-a/shard-$i.sqlite" "SELECT count(*) FROM cell WHERE status = 'done'") cells (recorded host $recorded)"
  used="$used $node"
done
for n in "${node_names[@]}"; do
  case " $used " in *" $n "*) ;; *) fail "no array task ran on node $n (tasks ran on:$used)";; esac
done
say "round A: cells per recorded host in the merged store: $(sqlite3 "$work/a.sqlite" "SELECT host || '=' || count(*) FROM cell WHERE status = 'done' GROUP BY host ORDER BY host" | tr '\n' ' ')"
same_as_local "$work/a.sqlite"
say "round A: merged store equals the local run (20 cells, same keys, metrics, predictions, report)"

# --- 2. a killed array task, then a second round ------------------------------------------------
say "round B: array task 1 killed once it has finished a cell"
submit "$work/job-b" "$work/b.sqlite"
# Killed mid-way, once its shard store holds a done cell, so the merge must keep what a killed task
# finished. A task's 5–7 cells can take as little as 0.1 s each, less than an scontrol round trip
# on a loaded machine, so the moment a done cell appears the test takes the shard store's write
# lock (a local call of milliseconds): the task cannot record another cell until it is killed.
deadline=$(( $(date +%s) + timeout ))
shard1="$work/job-b/shard-1.sqlite"
polls=0
until [ "$(sqlite3 -cmd '.timeout 2000' "file:$shard1?mode=ro" "SELECT count(*) FROM cell WHERE status = 'done'" 2>/dev/null || echo 0)" -gt 0 ] 2>/dev/null; do
  polls=$(( polls + 1 ))
  if (( polls % 20 == 0 )); then
    state=$(job_state "${array}_1")
    [ "$state" = PENDING ] || [ "$state" = RUNNING ] || fail "array task 1 is $state before it could be killed"
    [ "$(date +%s)" -lt "$deadline" ] || fail "array task 1 finished no cell in ${timeout} s"
  fi
  sleep 0.02
done
printf 'BEGIN IMMEDIATE;\n.shell sleep 60\n' | sqlite3 -cmd '.timeout 10000' "$shard1" & locker=$!
# SIGKILL to the batch script and everything it started, as when a node's process dies: no
# chance to mark its running cells interrupted.
client scancel --signal=KILL --full "${array}_1" || true
until state=$(job_state "${array}_1"); [ "$state" != PENDING ] && [ "$state" != RUNNING ] && [ "$state" != COMPLETING ]; do
  sleep 0.1
done
pkill -P "$locker" 2>/dev/null || true; kill "$locker" 2>/dev/null || true
wait "$locker" 2>/dev/null || true
killed_on=$(job_field BatchHost "${array}_1")
wait_jobs "$array,$merge"
state=$(job_state "${array}_1")
[ "$state" = FAILED ] || [ "$state" = CANCELLED ] || fail "killed array task 1: $state, expected FAILED or CANCELLED"
# Nothing the killed task finished is lost: every cell done in its shard store is done in the main store.
kept=$(sqlite3 "$shard1" "SELECT count(*) FROM cell WHERE status = 'done'")
lost=$(sqlite3 "$work/b.sqlite" "ATTACH '$shard1' AS shard;
  SELECT count(*) FROM shard.cell s WHERE s.status = 'done'
    AND NOT EXISTS (SELECT 1 FROM main.cell m WHERE m.key = s.key AND m.status = 'done')")
[ "$kept" -gt 0 ] || fail "the shard store of the killed task holds no done cell"
[ "$lost" = 0 ] || fail "$lost cell(s) done by the killed task are not done in the main store after the merge"
say "round B: array task 1 killed on $killed_on ($state) after finishing $kept cell(s), all kept by the merge"
state=$(job_state "$merge")
[ "$state" = FAILED ] || fail "merge job $merge after a killed task: $state, expected FAILED (missing cells)"
missing=$(grep -c "^  missing " "$work/job-b/merge.log" || true)
[ "$missing" -gt 0 ] || fail "merge.log lists no missing cells"
done_b=$(sqlite3 "$work/b.sqlite" "SELECT count(*) FROM cell WHERE status = 'done'")
[ $(( done_b + missing )) = 20 ] || fail "done ($done_b) + missing ($missing) != 20"
grep -q "grid smoke: $done_b of 20 cells done" "$work/job-b/merge.log" || fail "merge.log does not report $done_b of 20 done"
say "round B: merge job FAILED as expected, $missing missing cell(s) listed, $done_b done"
out=$("$bench" slurm --grid smoke --tasks "$tasks" --out "$work/job-b" --store "$work/b.sqlite" --cache "$cache" 2>&1)
echo "$out" | grep -q "^grid smoke: $missing of 20 cells to run ($done_b already done" || fail "a rerun would not schedule exactly the missing cells: $out"
[ "$(grep -cv '^#' "$work/job-b/cells.txt")" = "$missing" ] || fail "cells.txt does not list exactly the $missing missing cells"
say "round B2: resubmitting only the missing cells"
submit "$work/job-b" "$work/b.sqlite"
wait_jobs "$array,$merge"
state=$(job_state "$merge")
[ "$state" = COMPLETED ] || fail "second merge job $merge: $state"
same_as_local "$work/b.sqlite"
rerun_tasks=$(( $(sed -n 's/^#SBATCH --array=0-//p' "$work/job-b/array.sbatch") + 1 ))
rerun_nodes=$(for ((i = 0; i < rerun_tasks; i++)); do job_field BatchHost "${array}_$i"; done | sort | uniq -c | awk '{ printf "%s%s: %s", sep, $2, $1; sep = ", " }')
say "round B2: $rerun_tasks task(s) completed (tasks per node: $rerun_nodes); merged store equals the local run"
if [ "$nodes" = 2 ]; then
  say "PASS on two nodes ($(( $(date +%s) - t0 )) s)"
else
  say "PASS on one node; two nodes skipped: $why ($(( $(date +%s) - t0 )) s)"
fi
