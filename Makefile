# Siteward — two commands do everything:
#   make run    set up, build, create a demo workspace and serve it
#   make test   set up and run every check
# Both work on a fresh Debian machine with Go, Node and gcc; as root they
# install the Debian packages they need.

GO        ?= go
TAGS      := sqlite_fts5
DESKTOP_TAGS := desktop,production,webkit2_41,$(TAGS)
BIN       := build/bin
DATA      ?= data/demo
ADDR      ?= 127.0.0.1:8080
SIZE      ?= small
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X siteward/backend/server.Version=$(VERSION)
APT_PKGS  := chromium libwebkit2gtk-4.1-dev libgtk-3-dev xvfb xauth poppler-utils pkg-config imagemagick
ARTIFACTS := test-artifacts

export CGO_ENABLED=1
# SQLite without its memory statistics, which take a global mutex around
# every allocation (SQLite's recommended options; docs/decisions.md). Set
# the same when running go test or go build by hand to measure what ships.
export CGO_CFLAGS ?= -O2 -g -DSQLITE_DEFAULT_MEMSTATUS=0

.PHONY: run test deps apt npm frontend build desktop demo serve vet depcheck gotest fronttest selftest browsertest bench clean

run: deps frontend build
	@if [ ! -f "$(DATA)/siteward.db" ]; then $(BIN)/siteward-server demo --data "$(DATA)" --size $(SIZE); fi
	$(BIN)/siteward-server serve --data "$(DATA)" --addr $(ADDR)

test: deps vet depcheck gotest fronttest frontend build desktop selftest browsertest
	@echo "make test: all checks passed"

deps: apt npm

# Debian packages: installed only when missing, and only as root.
apt:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

npm: frontend/node_modules/.installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend: npm
	cd frontend && npm run build

# The plain binary: `serve` and the tools, no GTK needed.
build:
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN)/siteward-server .

# The desktop app.
desktop: frontend
	$(GO) build -tags $(DESKTOP_TAGS) -ldflags "$(LDFLAGS)" -o $(BIN)/siteward .

vet:
	$(GO) vet -tags $(TAGS) ./...
	@test -z "$$(gofmt -l app backend frontend/embed.go main.go)" || { gofmt -l app backend frontend/embed.go main.go; echo "gofmt needed"; exit 1; }

depcheck:
	bash .ci/depcheck.sh

gotest:
	$(GO) test -race -tags $(TAGS) -count=1 ./...

fronttest: npm
	cd frontend && npm run check && npm test

# The desktop window under Xvfb on a small demo workspace: loads the
# workspace, POSTs through the AssetServer handler, exits 0 only if the round
# trip worked; saves a screenshot of the window in $(ARTIFACTS)/desktop.
selftest: desktop build
	bash .ci/desktop-selftest.sh $(BIN)/siteward $(BIN)/siteward-server $(ARTIFACTS)/desktop

browsertest: frontend build
	cd frontend && SITEWARD_BIN=$(CURDIR)/$(BIN)/siteward-server ARTIFACTS=$(CURDIR)/$(ARTIFACTS)/browser npm run e2e

bench:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./backend/...

clean:
	rm -rf $(BIN) $(ARTIFACTS)
