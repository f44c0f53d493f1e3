#!/usr/bin/env bash
# What compare flags on a real machine: N pairs of runs of one command made
# back to back, each pair compared with scalebench compare. A/A pairs
# repeat the command; with GROW set (a percentage such as 10), the second
# run of each pair has a --size that much larger, a slowdown compare should
# flag. Prints each pair's headline, then how many pairs were flagged.
#
#   scripts/aa.sh 10 --size-base 2000000 -- run pi --workers 1,2 --oversubscribe 0
#   GROW=10 scripts/aa.sh 10 --size-base 2000000 -- run pi --workers 1,2 --oversubscribe 0 -- --max-slowdown 5%
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: scripts/aa.sh N --size-base SIZE -- run WORKLOAD [flags] [-- compare flags]}
[ "$2" = --size-base ] || { echo "aa.sh: want --size-base SIZE after N" >&2; exit 2; }
size=$3
shift 4
run=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do run+=("$1"); shift; done
[ $# -gt 0 ] && shift
compare=("$@")
make -s build
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
grown=$(( size + size * ${GROW:-0} / 100 ))
flagged=0
for i in $(seq 1 "$n"); do
	bin/scalebench "${run[@]}" --size "$size" -o "$out/base-$i.json" >/dev/null 2>&1
	bin/scalebench "${run[@]}" --size "$grown" -o "$out/new-$i.json" >/dev/null 2>&1
	if bin/scalebench compare "${compare[@]}" --fail-on time "$out/base-$i.json" "$out/new-$i.json" >"$out/c-$i.txt" 2>&1; then
		status=pass
	else
		status=FLAGGED
		flagged=$((flagged + 1))
	fi
	printf 'pair %2d  %-7s  %s\n' "$i" "$status" "$(sed -n 's/^verdict: //p' "$out/c-$i.txt")"
done
echo "flagged $flagged of $n pairs (size $size vs $grown)"
