#!/usr/bin/env bash
# Compares the fresh `cargo check` time of two generated crates by checking both at once, one per core,
# ROUNDS times: on a shared machine the same check varies by 20% from run to run, but both crates of a
# pair meet the same conditions, so their ratio is steady to a few percent where single runs are not.
#
# Usage: benchmarks/paired-check.sh ROUNDS DIR_A DIR_B
#   each DIR as `fresh-check.sh --keep DIR` leaves it: DIR/crate (the crate) and DIR/target (its
#   dependencies already built). Prints each round's seconds and B/A; below 1 means B checks faster.
set -euo pipefail
rounds=${1:?usage: paired-check.sh ROUNDS DIR_A DIR_B}
a=${2:?usage: paired-check.sh ROUNDS DIR_A DIR_B}
b=${3:?usage: paired-check.sh ROUNDS DIR_A DIR_B}
for dir in "$a" "$b"; do
  [ -d "$dir/crate" ] && [ -d "$dir/target" ] || { echo "$dir: expected crate/ and target/ (fresh-check.sh --keep)" >&2; exit 2; }
done
seconds=$(mktemp -d)
trap 'rm -rf "$seconds"' EXIT
check() {
  local dir=$1 out=$2 start end
  start=$(date +%s.%N)
  (cd "$dir/crate" && CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0 cargo check -q)
  end=$(date +%s.%N)
  echo "$end - $start" | bc >"$out"
}
for round in $(seq "$rounds"); do
  find "$a/crate/src" "$b/crate/src" -name '*.rs' -exec touch {} +
  check "$a" "$seconds/a" &
  check "$b" "$seconds/b" &
  wait
  ta=$(cat "$seconds/a"); tb=$(cat "$seconds/b")
  echo "round $round: A ${ta}s B ${tb}s B/A $(echo "scale=3; $tb / $ta" | bc)"
done
