#!/usr/bin/env bash
# Checks the predictions from task times where they can be checked on
# this machine (docs/predict.md):
#
#   1. waitrows, whose rows wait rather than compute, under block,
#      interleave and dynamic (chunks of 6) on 1, 2, 4, … 64 workers, on
#      goroutines and in worker processes: every worker count runs for
#      real on 2 CPUs;
#   2. pi, det and rowgrid, which compute, on 1 and 2 workers.
#
# then prints the error tables and checks them (go run ./cmd/predictcheck):
# the median absolute error of each schedule at most 10%, the fastest
# schedule predicted the one measured at every worker count, the error at
# two workers at most 10%, every prediction within min(P, parallelism).
#
# Timing needs a quiet machine: before each run the script waits until
# the load average over a minute is below MAXLOAD (0.5), at most WAIT
# seconds (600), and says under what load the run started. waitrows keeps
# every pass (--disturbed keep): its passes need almost no CPU, and the
# ledger would call a neighbour's use of the CPUs a disturbance.
#
#   scripts/validate-predict.sh            # both, into results/runs/predict/
#   OUT=/tmp/p scripts/validate-predict.sh
#   ONLY=waitrows scripts/validate-predict.sh   # or ONLY=cpu
#   ONLY=waitrows EXECUTORS=goroutines scripts/validate-predict.sh
#   ONLY=cpu WORKLOADS=pi scripts/validate-predict.sh
#   CPU_DISTURBED=keep ONLY=cpu scripts/validate-predict.sh
#
# On a machine whose other processes keep a CPU busy, every pass of two
# CPU-bound workers is disturbed and given up, and pi, det and rowgrid
# get no point at P=2; CPU_DISTURBED=keep keeps those passes (the tables
# then say how much the others used, and the prediction, made as if each
# worker had a CPU, is expected to be faster than the measurement).
#
# Each run holding the measuring lock of a shared machine may be kept
# short this way: flock /tmp/measure.lock scripts/validate-predict.sh …
set -euo pipefail

OUT=${OUT:-results/runs/predict}
MAXLOAD=${MAXLOAD:-0.5}
WAIT=${WAIT:-600}
ONLY=${ONLY:-}
EXECUTORS=${EXECUTORS:-goroutines,processes}
WORKLOADS=${WORKLOADS:-pi det rowgrid}
CPU_DISTURBED=${CPU_DISTURBED:-}
BIN=bin/scalebench

load() { cut -d' ' -f1 /proc/loadavg; }

# quiet waits for the load average to fall below MAXLOAD, then says what
# it is.
quiet() {
	local waited=0
	while awk -v l="$(load)" -v m="$MAXLOAD" 'BEGIN { exit !(l >= m) }'; do
		if [ "$waited" -ge "$WAIT" ]; then
			echo "validate-predict: the load average is still $(load) after ${WAIT}s; measuring all the same" >&2
			break
		fi
		sleep 10
		waited=$((waited + 10))
	done
	echo "validate-predict: load average $(cat /proc/loadavg | cut -d' ' -f1-3) at $(date -u +%H:%M:%SZ)" >&2
}

make build >/dev/null
mkdir -p "$OUT"
files=()
if [ "$ONLY" != cpu ]; then
	quiet
	"$BIN" run waitrows --executor "$EXECUTORS" --schedule block,interleave,dynamic --chunk 6 \
		--workers 1:64:x2 --oversubscribe 0 --reps 5 --max-reps 5 --disturbed keep -o "$OUT/waitrows.json" >/dev/null
	files+=("$OUT/waitrows.json")
fi
if [ "$ONLY" != waitrows ]; then
	for w in $WORKLOADS; do
		quiet
		"$BIN" run "$w" --workers 1,2 --oversubscribe 0 ${CPU_DISTURBED:+--disturbed "$CPU_DISTURBED"} \
			-o "$OUT/$w.json" >/dev/null
		files+=("$OUT/$w.json")
	done
fi
go run ./cmd/predictcheck "${files[@]}"
