#!/usr/bin/env bash
# How well a measurement holds still: runs one scalebench command N times
# back to back and prints, per run, the serial fraction f fitted with its
# 95% interval, the verdict and the time it took, then the spread of f.
# With NOISE set (a share such as 50%), a neighbour keeps that share of one
# CPU busy in 200 ms bursts meanwhile (cmd/noise).
#
#   scripts/stability.sh 10 run synthetic --serial-fraction 0.1 --size 100000 --workers 1,2 --oversubscribe 0
#   NOISE=50% scripts/stability.sh 10 run synthetic --serial-fraction 0.1 --size 100000 --workers 1,2 --oversubscribe 0
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: scripts/stability.sh N run WORKLOAD... [flags]}
shift
make -s build
go build -o bin/noise ./cmd/noise
out=$(mktemp -d)
trap 'kill $noise 2>/dev/null || true; rm -rf "$out"' EXIT
noise=
if [ -n "${NOISE:-}" ]; then
	bin/noise --cpus 1 --share "$NOISE" --burst 200ms &
	noise=$!
fi
fs=()
for i in $(seq 1 "$n"); do
	start=$(date +%s%N)
	bin/scalebench "$@" -o "$out/run-$i.json" >"$out/run-$i.txt" 2>/dev/null || true
	took=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN {printf "%.1f", ns / 1e9}')
	f=$(sed -n 's/.*serial fraction f = \([0-9.]*\) (95% CI \([0-9.]*\)–\([0-9.]*\)).*/\1 \2 \3/p' "$out/run-$i.txt" | head -1)
	verdict=$(sed -n 's/^  verdict: //p' "$out/run-$i.txt" | head -1)
	printf 'run %2d  %5s s  f %-22s  %s\n' "$i" "$took" "${f:-none}" "$verdict"
	[ -n "$f" ] && fs+=("${f%% *}")
done
if [ ${#fs[@]} -gt 0 ]; then
	printf '%s\n' "${fs[@]}" | sort -g | awk '{v[NR]=$1} END {printf "f over %d runs: min %.3f, max %.3f, spread %.3f\n", NR, v[1], v[NR], v[NR]-v[1]}'
fi
