#!/usr/bin/env bash
# Puts Python's multiprocessing.Pool and scalebench's own executors on the
# same axes: the Monte Carlo π example run through --cmd, and the built-in
# pi workload at the same number of points on the goroutines and processes
# executors, then one report of both result files.
#
#   examples/python/compare.sh            (from the repository root)
#
# Environment: BIN (default bin/scalebench), PYTHON (default /usr/bin/python3,
# Debian's, which has numpy and scipy even where pyenv shadows python3),
# SIZE (points, default 4000000), WORKERS (default 1,2,4), REPS (default 5),
# EXECUTORS (default goroutines,processes), OUT (default results).
set -euo pipefail
BIN=${BIN:-bin/scalebench}
PYTHON=${PYTHON:-/usr/bin/python3}
SIZE=${SIZE:-4000000}
WORKERS=${WORKERS:-1,2,4}
REPS=${REPS:-5}
EXECUTORS=${EXECUTORS:-goroutines,processes}
OUT=${OUT:-results}
here=$(dirname "$0")

if ! "$PYTHON" -c 'import multiprocessing' 2>/dev/null; then
	echo "compare-python: $PYTHON not found; set PYTHON" >&2
	exit 1
fi
mkdir -p "$OUT/runs" "$OUT/report"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
py="$OUT/runs/$stamp-python-pi.json"
go="$OUT/runs/$stamp-pi.json"

"$BIN" run --cmd "$PYTHON $here/pi.py --workers {workers} --size {size}" \
	--serial-cmd "$PYTHON $here/pi.py --serial --size {size}" \
	--name python-pi --size "$SIZE" --verify-regexp '\((\d+) of' \
	--workers "$WORKERS" --oversubscribe 0 --reps "$REPS" --warmup 1 -o "$py"
"$BIN" run pi --size "$SIZE" --executor "$EXECUTORS" \
	--workers "$WORKERS" --oversubscribe 0 --reps "$REPS" --warmup 1 -o "$go"
"$BIN" report "$py" "$go" -o "$OUT/report/compare-python"
echo "compare-python: report in $OUT/report/compare-python" >&2
