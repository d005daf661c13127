#!/usr/bin/env bash
# Disk conversion benchmark: Convoy vs bare qemu-img (CDI's flags, best flags) vs cp --sparse=always.
# Usage: disk-convert/bench/convert-bench.sh [--runs N] [--size-gib G]
# Work files (a 2 GiB image and its VMDKs, cached between runs) go to build/bench/disk-convert/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${CONVOY_BENCH_WORK:-$root/build/bench/disk-convert}"
mkdir -p "$work"
cd "$root"
mvn -B -q -o -pl disk-convert -am install -DskipTests
mvn -B -q -o -pl disk-convert dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
classpath="$root/disk-convert/target/classes:$(cat "$work/classpath.txt")"
exec python3 "$root/disk-convert/bench/convert-bench.py" --work "$work" --classpath "$classpath" \
  --bench-java "$root/disk-convert/bench/ConvertBench.java" "$@"
