#!/usr/bin/env bash
# Wave-planner benchmark: 10,000 VMs, 40,000 dependency edges, 500 move groups, under a 512 MB heap.
# Usage: migration-plans/bench/run.sh   (builds the module first; prints times and peak heap vs. the goals)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/build/bench/migration-plans"
mkdir -p "$out/classes"
cd "$root"
mvn -B -q -pl migration-plans -am install -DskipTests
mvn -B -q -pl migration-plans dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=runtime
cp="$root/migration-plans/target/classes:$(cat "$out/classpath.txt")"
javac -q -d "$out/classes" -cp "$cp" "$root/migration-plans/bench/WavePlannerBenchmark.java" 2>/dev/null \
  || javac -d "$out/classes" -cp "$cp" "$root/migration-plans/bench/WavePlannerBenchmark.java"
exec java -Xmx512m -XX:+UseSerialGC -cp "$out/classes:$cp" WavePlannerBenchmark
