# Two entry points: `make paper` (the paper grid) and `make test` (the test suite).
# Both install missing system packages first (Debian/Ubuntu, apt-get update before install).

SYSTEM_PACKAGES := libopenblas-dev libsqlite3-dev zlib1g-dev pkg-config
SWIFT_RELEASE   := -c release -Xswiftc -enable-testing
SUDO            := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test paper

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

test: deps
	swift test $(SWIFT_RELEASE)

# The paper grid: build (same flags as `make test`, so the build is shared), run the grid into
# results/bench.sqlite (resumable), write results/paper.md and print it.
paper: deps
	swift build $(SWIFT_RELEASE)
	$$(swift build $(SWIFT_RELEASE) --show-bin-path)/bench --grid paper --out results/paper.md
