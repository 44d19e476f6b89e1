# Two entry points: `make paper` (the paper grid) and `make test` (the test suite).
# Both install missing system packages first (Debian/Ubuntu, apt-get update before install).

SYSTEM_PACKAGES := libopenblas-dev libsqlite3-dev zlib1g-dev libssl-dev pkg-config
SWIFT_RELEASE   := -c release -Xswiftc -enable-testing
SUDO            := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test test-slurm test-browser paper

deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

build: deps
	swift build $(SWIFT_RELEASE)

# Tests run in parallel (Swift Testing's default; faster on 2 cores than --no-parallel, and they
# share the smoke reference store safely, see docs/ROBUSTNESS.md, "Concurrent use of a store"),
# then the live Slurm test and the browser test.
test: deps
	swift test $(SWIFT_RELEASE)
	$(MAKE) --no-print-directory test-slurm
	$(MAKE) --no-print-directory test-browser

# The browser test (Tests/browser/browser-test.sh): installs Debian's chromium with apt when it
# is missing (as root or with passwordless sudo), renders an HTML report of a fixture store
# headless and checks it: no console errors, the expected tables and figures, non-overlapping
# axis labels, a screenshot that is not blank. Says "skipped" when no browser can be installed.
test-browser:
	@bin=$$(swift build $(SWIFT_RELEASE) --show-bin-path) && Tests/browser/browser-test.sh "$$bin/bench"

# The live Slurm test (Tests/slurm/live-slurm-test.sh): installs slurmd, slurmctld, slurm-client
# and munge, starts a two-node cluster on this machine (network namespaces; one node on localhost
# where namespaces cannot be had) in a temporary directory, runs `bench slurm --submit` on the
# smoke grid, kills one array task and reruns, and stops the daemons again. Runs when slurmctld is
# installed or installable with apt and we are root (or have passwordless sudo); else skipped.
test-slurm:
	@if { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; } && ! command -v slurmctld >/dev/null 2>&1 \
	    && ! apt-cache show slurmctld >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq; \
	fi; \
	if { command -v slurmctld >/dev/null 2>&1 || apt-cache show slurmctld >/dev/null 2>&1; } \
	    && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  Tests/slurm/live-slurm-test.sh; \
	else \
	  echo "test-slurm: skipped (slurmctld is not installable here, or neither root nor passwordless sudo)"; \
	fi

# The paper grid and its ablations: build (same flags as `make test`, so the build is shared),
# run each grid into results/bench.sqlite (resumable; cells shared between the grids run once)
# and write its results folder results/NAME/ (report.md, .html, .json, .csv, .tex with every
# table, the SVG figures and provenance.json, the only file naming the code version), then
# results/index.html: each grid's answering figure and links to its folder.
PAPER_GRIDS := paper xor irony ablation pid protocols entangled

paper: deps
	swift build $(SWIFT_RELEASE)
	@bin=$$(swift build $(SWIFT_RELEASE) --show-bin-path); \
	for g in $(PAPER_GRIDS); do \
	  $$bin/bench --grid $$g --out results/$$g/report.md > /dev/null || exit $$?; \
	done; \
	$$bin/bench report $$(for g in $(PAPER_GRIDS); do printf -- '--grid %s ' $$g; done) --format html --out results/index.html || exit $$?; \
	cat results/paper/report.md
