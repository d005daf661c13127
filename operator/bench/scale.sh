#!/usr/bin/env bash
# Scale benchmark: N VirtualMachines (default 1000, runStrategy Always) created at once against the fabric8 mock API
# server; prints the time until every VM, VMI and launcher pod is consistent, and the operator JVM's heap.
# Usage: operator/bench/scale.sh [N]     (from anywhere; builds what it needs, offline once dependencies are present)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -o -pl operator -am install -DskipTests >/dev/null 2>&1 || mvn -B -q -pl operator -am install -DskipTests
mvn -B -q -o -pl operator test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="$root/operator/target/test-classes:$root/operator/target/classes:$(cat operator/target/bench.classpath)"
# Two common-pool workers: with parallelism 1 (2 cores) CompletableFuture starts a thread per task.
exec java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -cp "$cp" ${BENCH_JAVA_OPTS:-} \
  -Dconvoy.root="$root" \
  -Djava.util.logging.config.file="$root/operator/src/test/resources/logging.properties" \
  dev.convoy.operator.bench.ScaleBenchmark "${1:-1000}"
