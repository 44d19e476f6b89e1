#!/usr/bin/env bash
# The browser test of the HTML report (`make test-browser`; see Tests/browser/check_page.py).
#
#   Tests/browser/browser-test.sh BENCH_BINARY
#
# 1. Finds a headless browser (chromium); when missing, installs Debian's `chromium` with apt
#    (apt-get update first) as root or with passwordless sudo. When none can be installed, it
#    prints "browser-test: SKIPPED (...)" with the reason and exits 0.
# 2. Runs the smoke grid into a fresh store, then writes the index page of the smoke, xor and
#    irony grids and their results folders (`bench report --format html --out DIR/index.html`;
#    xor and irony are not run, so their tables show "—" and their figures "no data yet" — what
#    matters here is the pages, their tables, figures and labels).
# 3. Loads the index, each grid's page, and results/index.html when it exists, in headless
#    chromium offline and checks each with check_page.py: no console errors or failed loads, the
#    expected number of tables and figures, a figure as the first thing on the page (within the
#    first screen), semantic table headers, x-axis tick labels that do not overlap (measured by
#    the browser), screenshots in light and dark mode that are not blank and differ.
set -euo pipefail

bench="${1:?usage: browser-test.sh BENCH_BINARY}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

skip() { echo "browser-test: SKIPPED ($1)"; exit 0; }

find_browser() {
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}

# Installs Debian packages (apt-get update first) as root or with passwordless sudo, or skips.
apt_install() {
  local sudo
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"
  else skip "$* not installed, and neither root nor passwordless sudo to install it"; fi
  command -v apt-get >/dev/null 2>&1 || skip "$* not installed and no apt-get to install it"
  echo "browser-test: installing $* with apt-get"
  $sudo apt-get update -qq || skip "apt-get update failed"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || skip "apt-get install $* failed (no such package in the configured sources?)"
}

command -v python3 >/dev/null 2>&1 || apt_install python3
browser="$(find_browser || true)"
if [ -z "$browser" ]; then
  apt_install chromium
  browser="$(find_browser || true)"
  [ -n "$browser" ] || skip "chromium was installed but no chromium binary is on PATH"
fi
echo "browser-test: using $("$browser" --version 2>/dev/null | head -1)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A real report: the smoke grid run into a fresh store.
"$bench" run --grid smoke --store "$work/store.sqlite" --cache "$work/cache" >"$work/run.log" 2>&1 \
  || { cat "$work/run.log"; echo "browser-test: FAILED (the smoke grid did not run)"; exit 1; }
"$bench" report --grid smoke --grid xor --grid irony --format html --store "$work/store.sqlite" \
  --out "$work/page/index.html" 2>"$work/report.log" \
  || { cat "$work/report.log"; echo "browser-test: FAILED (bench report --format html)"; exit 1; }
grep -q "^wrote $work/page/index.html" "$work/report.log" \
  || { cat "$work/report.log"; echo "browser-test: FAILED (bench report did not say which files it wrote)"; exit 1; }

# Expected counts per grid page, independently of the page: one table per dataset label of the
# grid's JSON report (its "rows"), plus one paired-comparisons table where some dataset has the
# reference row (vanilla) and another objective, plus a PID-cards table per dataset with cards;
# figures: the answering forest plot when some objective is compared with vanilla on a dataset's
# primary synergy subset, the figures declared for the grid (xor: xor-lambda and xor-fraction;
# irony: irony-f1, + irony-f1-cremad when CREMA-D's files are present), one per-epoch curve
# figure per dataset whose rows carry stored training curves, and one mask–oracle figure per
# dataset whose rows carry the per-epoch mask–oracle overlap.
for g in smoke xor irony; do
  "$bench" report --grid "$g" --format json --store "$work/store.sqlite" >"$work/$g.json"
done
counts() {
  python3 - "$work" "$1" <<'EOF'
import json, sys
work, g = sys.argv[1], sys.argv[2]
doc = json.load(open(f"{work}/{g}.json"))
rows = doc["rows"]
datasets = {}
for r in rows:
    datasets.setdefault(r["dataset"], set()).add(r["objective"])
tables = len(datasets)
if any("vanilla" in o and len(o) > 1 for o in datasets.values()):
    tables += 1
tables += len({r["dataset"] for r in rows if r.get("dataset_pid")})
primary = {r["dataset"]: r.get("synergy_subset") for r in rows}
forest = any(c["metric"] == primary.get(c["dataset"]) for c in doc["comparisons"])
declared = {"smoke": 0, "xor": 2, "irony": 1 + any(r["dataset"].startswith("cremad-irony") for r in rows)}[g]
figures = int(forest) + declared + len({r["dataset"] for r in rows if r.get("curves")}) \
    + len({r["dataset"] for r in rows if (r.get("masks") or {}).get("mask_oracle_overlap")})
print(tables, figures, int(forest or declared > 0))
EOF
}

status=0
headlines=0
for g in smoke xor irony; do
  read -r tables figures headline < <(counts "$g")
  headlines=$((headlines + headline))
  python3 "$here/check_page.py" --browser "$browser" --page "$work/page/$g/report.html" \
    --tables "$tables" --figures "$figures" --figure-first --work "$work/check-$g" || status=1
done
# The index: each grid's answering figure and links, no tables, a figure first.
python3 "$here/check_page.py" --browser "$browser" --page "$work/page/index.html" \
  --tables 0 --figures "$headlines" --figure-first --work "$work/check-index" || status=1
if [ -f "$repo/results/index.html" ]; then
  python3 "$here/check_page.py" --browser "$browser" --page "$repo/results/index.html" --tables 0 --figure-first \
    --work "$work/check-results" || status=1
else
  echo "browser-test: results/index.html not present (make paper writes it); checked the smoke pages only"
fi
if [ "$status" = 0 ]; then echo "browser-test: PASSED"; else echo "browser-test: FAILED"; fi
exit "$status"
