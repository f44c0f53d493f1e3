#!/usr/bin/env bash
# How the CI example's gate (examples/ci/scalebench-compare.yml) does on
# this machine: N trials, each measuring a base and a head in turn for
# ROUNDS rounds with the example's FLAGS, then compare on the pooled rounds
# with its THRESHOLDS. The base is synthetic with serial fraction F0 and the
# head F1: with F1 = F0 a flag is a false alarm, with F1 > F0 it is the
# change the gate should catch. Prints each trial's headline and how many
# were flagged. LOCK names a file to flock around each trial; ROUNDS
# overrides the example's; KEEP keeps the files in that folder.
#
#   scripts/ci-gate.sh 5 0.10 0.15
#   scripts/ci-gate.sh 5 0.10 0.10
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: scripts/ci-gate.sh N F0 F1}
f0=${2:?usage: scripts/ci-gate.sh N F0 F1}
f1=${3:?usage: scripts/ci-gate.sh N F0 F1}
yml=examples/ci/scalebench-compare.yml
flags=$(sed -n 's/^ *FLAGS: //p' "$yml")
rounds=${ROUNDS:-$(sed -n 's/^ *ROUNDS: "\(.*\)"/\1/p' "$yml")}
thresholds=$(sed -n 's/^ *THRESHOLDS: //p' "$yml")
make -s build
out=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out"
flagged=0
trial() {
	local i=$1 r sides=()
	for r in $(seq 1 "$rounds"); do
		# shellcheck disable=SC2086
		bin/scalebench run synthetic --serial-fraction "$f0" $flags -o "$out/base-$i-$r.json" >/dev/null 2>&1
		# shellcheck disable=SC2086
		bin/scalebench run synthetic --serial-fraction "$f1" $flags -o "$out/head-$i-$r.json" >/dev/null 2>&1
		sides+=(--base "$out/base-$i-$r.json" --new "$out/head-$i-$r.json")
	done
	# shellcheck disable=SC2086
	bin/scalebench compare "${sides[@]}" --ignore serial-fraction $thresholds --fail-on shape >"$out/c-$i.txt" 2>&1
}
[ -n "${LOCK:-}" ] && exec 9>"$LOCK"
for i in $(seq 1 "$n"); do
	status=pass
	[ -n "${LOCK:-}" ] && flock 9
	trial "$i" || status=FLAGGED
	[ -n "${LOCK:-}" ] && flock -u 9
	[ "$status" = FLAGGED ] && flagged=$((flagged + 1))
	f=$(sed -n 's/^│ Amdahl f *│\(.*\)│ *[^│]*│[^│]*│$/\1/p' "$out/c-$i.txt" | head -1 | tr -s ' ' ' ' || true)
	printf 'trial %2d  %-7s  %s | f:%s\n' "$i" "$status" "$(sed -n 's/^verdict: //p' "$out/c-$i.txt" | head -1)" "$f"
done
echo "flagged $flagged of $n trials (serial fraction $f0 in base, $f1 in head; $rounds rounds of: run synthetic $flags)"
