# scalebench: make bench runs the default suite and writes a report;
# make test runs every test.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/scalebench

.PHONY: all build bench test lint perf clean deps

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/scalebench

# The default suite: quick enough for a laptop, every lesson on one page.
bench: build
	$(BIN) run pi synthetic --reps 5 --warmup 1

test: lint
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

perf:
	$(GO) test -run '^$$' -bench . -benchtime 1s ./...

deps:
	bash scripts/install-deps.sh

clean:
	rm -rf bin
