# scalebench: make bench runs the default suite and writes a report;
# make test runs every test.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/scalebench/scalebench/internal/cli.version=$(VERSION)
BIN     := bin/scalebench

.PHONY: all build bench bench-mpi compare-python lessons test lint perf perf-procs bench-seeds fuzz clean deps

# The default suite and where make bench writes it: strong scaling of
# workloads that each teach one lesson at full size, contention on a shared
# counter at the quick size (its contended passes are slow), and weak
# scaling of synthetic.
SUITE   ?= pi powern autocorr2d det fft2 sleep
STAMP   := $(shell date -u +%Y%m%dT%H%M%SZ)
RUN     := results/runs/bench-$(STAMP).json
LOCK    := results/runs/bench-$(STAMP)-counter.json
WEAK    := results/runs/bench-$(STAMP)-weak.json
# CPUS plans the suite as if the machine had that many logical CPUs
# (make bench CPUS=64); empty means the CPUs this process may use.
CPUS    ?=
PLAN    := $(if $(CPUS),--cpus $(CPUS))

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/scalebench

# The default suite: quick enough for a laptop, every lesson on one page.
# Each series runs 3 to 5 rounds: past the third only while a speedup's
# interval is wider than ±2% (see docs/measuring.md).
ROUNDS  ?= --reps 3 --max-reps 5 --precision 2% --warmup 1
# The report is written even when a point failed, so that it can be seen;
# make still fails then.
bench: build
	@mkdir -p results/runs
	@status=0; \
	echo "$(BIN) run $(SUITE) $(ROUNDS) $(PLAN) -o $(RUN)"; \
	$(BIN) run $(SUITE) $(ROUNDS) $(PLAN) -o $(RUN) || status=$$?; \
	echo "$(BIN) run counter --size quick $(ROUNDS) $(PLAN) -o $(LOCK)"; \
	$(BIN) run counter --size quick $(ROUNDS) $(PLAN) -o $(LOCK) || status=$$?; \
	echo "$(BIN) run synthetic --mode weak --size quick $(ROUNDS) $(PLAN) -o $(WEAK)"; \
	$(BIN) run synthetic --mode weak --size quick $(ROUNDS) $(PLAN) -o $(WEAK) || status=$$?; \
	$(BIN) report $(RUN) $(LOCK) $(WEAK) -o results/report --slides || status=$$?; \
	echo "open $(CURDIR)/results/report/index.html"; \
	exit $$status

# The lessons of the seed documents tested on this machine, as a slide
# deck with a verdict per claim (quick sizes: a few minutes on 2 CPUs).
lessons: build
	$(BIN) lessons --quick -o results/lessons
	@echo "open $(CURDIR)/results/lessons/slides.html"

# π by the midpoint rule in MPI on 1, 2 and 4 ranks, each sample a fresh
# mpirun; needs mpicc and mpirun (make deps).
bench-mpi: build
	$(MAKE) -C examples/mpi
	mkdir -p results/runs results/report
	$(BIN) run --cmd 'mpirun --oversubscribe --allow-run-as-root -np {workers} examples/mpi/pi' \
		--serial-cmd examples/mpi/pi --name pi-mpi --verify-output \
		--workers 1,2,4 --oversubscribe 0 --reps 5 --warmup 1 -o results/runs/pi-mpi.json
	$(BIN) report results/runs/pi-mpi.json -o results/report/pi-mpi
	@echo "open $(CURDIR)/results/report/pi-mpi/index.html"

# Python's multiprocessing.Pool next to the goroutines and processes
# executors on the same π problem; needs /usr/bin/python3.
compare-python: build
	examples/python/compare.sh

# The race detector makes sync.Pool drop items and slows the heaviest
# kernels, so the workloads' allocation and heavy-kernel tests skip under
# -race; the second pass runs exactly those without it. Then every
# benchmark runs once, so that none can break unseen.
test: lint
	$(GO) test -race -count=1 -timeout 20m ./...
	$(GO) test -count=1 -run '^(TestKernelsReuseBuffers|TestCatalogKernels|TestCatalogVerifies|TestBenchSeedsPrintsOnlyMeasured)$$' ./workloads/
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Every Go benchmark: among them the seed kernels and the efficiency at
# two workers of pi, powern and autocorr2d at full size.
perf:
	$(GO) test -run '^$$' -bench . -benchtime 1s ./...

# Round trip, start-up and memory of the process executors alone.
perf-procs:
	$(GO) test -run '^$$' -bench 'RoundTrip|Startup|PeakRSS' ./workloads/executor

# Serial kernels at the sizes of the seed documents' Python examples (and
# fft2 with gonum's FFT, the tests' oracle), then the seed's Python code
# itself, in CPU time, when $(PYTHON) has numpy and scipy: 30 matrices of
# 100×100 through numpy's fft2 and scipy's correlate2d (the direct method,
# like BenchmarkSeedAutocorr2dDirect).
PYTHON   ?= /usr/bin/python3
SEED_PY  := import numpy as np; from scipy.signal import correlate2d; m = [np.random.randint(0, 100, (100, 100)) for _ in range(30)]
bench-seeds:
	$(GO) test -run '^$$' -bench 'Seed|FFT2Gonum' -benchtime 2s -count 3 ./workloads
	@if $(PYTHON) -c 'import numpy, scipy' 2>/dev/null; then \
		echo "$(PYTHON) -m timeit -p -n 100 -r 7 -s '$(SEED_PY)' '[np.fft.fft2(a) for a in m]'"; \
		$(PYTHON) -m timeit -p -n 100 -r 7 -s '$(SEED_PY)' '[np.fft.fft2(a) for a in m]' || exit 1; \
		echo "$(PYTHON) -m timeit -p -n 1 -r 3 -s '$(SEED_PY)' '[correlate2d(a, a) for a in m]'"; \
		$(PYTHON) -m timeit -p -n 1 -r 3 -s '$(SEED_PY)' '[correlate2d(a, a) for a in m]' || exit 1; \
	else echo "bench-seeds: no Python times measured: $(PYTHON) has no numpy or scipy"; fi

fuzz:
	for f in FuzzDecodeCSV FuzzDecodeGoBench FuzzDecodeHyperfine FuzzDecodeResult FuzzRead; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 20s ./results/importer/ || exit 1; done
	for f in FuzzFitAmdahl FuzzFitUSL FuzzAnalyze FuzzMannWhitneyU; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 20s ./scaling/ || exit 1; done
	$(GO) test -run '^$$' -fuzz '^FuzzWireMessage$$' -fuzztime 20s ./workloads/executor/
	$(GO) test -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime 20s ./workloads/command/
	$(GO) test -run '^$$' -fuzz '^FuzzClean$$' -fuzztime 20s ./internal/safetext/

deps:
	bash scripts/install-deps.sh

clean:
	rm -rf bin
