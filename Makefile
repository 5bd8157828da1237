# Salesops — the two commands of the quick start are `make run` and `make test`.
# Both install what is missing first (Debian/Ubuntu: apt-get; as root or with sudo).

GO          ?= go
BIN         := build/salesops
DEBS        := gcc libgl1-mesa-dev xorg-dev xvfb xauth x11-apps
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
TOOLS       := $(CURDIR)/build/tools
ASOF        := 2026-11-22
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# sqlite_fts5 compiles SQLite's full-text module into go-sqlite3: the deals
# table's search uses its trigram index (a build without it falls back to LIKE).
TAGS        := sqlite_fts5

.PHONY: run test deps build vet staticcheck unit window screenshots bench fuzz clean

## deps: install the Debian packages Fyne and cgo need, when missing.
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

## build: the salesops binary in build/.
build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

## run: open the app on the default workspace (a demo company on first launch).
run: build
	./$(BIN)

## test: vet, staticcheck, every test with the race detector, and the real window under Xvfb.
test: deps vet staticcheck unit window

vet:
	$(GO) vet -tags $(TAGS) ./...

staticcheck:
	@[ -x $(TOOLS)/staticcheck ] || GOBIN=$(TOOLS) $(GO) install $(STATICCHECK)
	$(TOOLS)/staticcheck -tags $(TAGS) ./...

unit:
	$(GO) test -tags $(TAGS) -race -count=1 ./...

## window: start the real binary under Xvfb and check the window rendered.
window:
	xvfb-run -a -s "-screen 0 1366x900x24" $(GO) test -tags xvfb,$(TAGS) -count=1 -run TestWindow .

## screenshots: one PNG per tab, light and dark, of the real window on the demo workspace.
screenshots: build
	rm -rf build/screenshots build/screenshots-demo.db*
	./$(BIN) demo --db build/screenshots-demo.db --as-of $(ASOF)
	xvfb-run -a -s "-screen 0 1366x900x24" ./$(BIN) --db build/screenshots-demo.db --as-of $(ASOF) --screenshots build/screenshots
	@ls build/screenshots

## bench: the performance figures of PRODUCT.md §8 on generated data.
bench: build
	$(GO) run -tags $(TAGS) ./cmd/bench --bin $(BIN)

## fuzz: a short run of every fuzz target.
fuzz:
	@for pkg in $$($(GO) list -tags $(TAGS) ./...); do \
		for f in $$($(GO) test -tags $(TAGS) -list 'Fuzz.*' $$pkg | grep ^Fuzz); do \
			$(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$f$$" -fuzztime 20s $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf build
