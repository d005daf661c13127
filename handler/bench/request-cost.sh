#!/usr/bin/env bash
# Per-request cost of one named object with many objects stored (default 3000): the plain fabric8 mock vs
# Convoy's local API server, side by side in one run.
# Usage: handler/bench/request-cost.sh [stored objects]    (SKIP_BUILD=1 skips the Maven build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -o -pl handler -am install -DskipTests >/dev/null 2>&1 || mvn -B -q -pl handler -am install -DskipTests
  mvn -B -q -o -pl handler dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
cp="$root/handler/target/test-classes:$root/handler/target/classes:$(cat handler/target/bench.classpath)"
exec java -Xmx1g -cp "$cp" -Dconvoy.root="$root" \
  -Djava.util.logging.config.file="$root/operator/src/test/resources/logging.properties" \
  dev.convoy.handler.local.api.RequestCostBenchmark "${1:-3000}"
