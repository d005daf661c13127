#!/usr/bin/env bash
# The operator's scale benchmark (operator/bench/scale.sh) twice in one invocation, same N, same operator,
# same class path: against the plain fabric8 mock API server, then against Convoy's local API server
# (the one `convoy runtime up` runs). Prints both reports and a side-by-side summary.
# Usage: handler/bench/scale-local.sh [N]    (default 1000; SKIP_BUILD=1 skips the Maven build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-1000}"
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -o -pl handler -am install -DskipTests >/dev/null 2>&1 || mvn -B -q -pl handler -am install -DskipTests
  mvn -B -q -o -pl operator,handler test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
# The operator's dependencies first, so that both JVMs pick the same SLF4J provider as scale.sh does.
cp="$root/operator/target/test-classes:$root/operator/target/classes:$root/handler/target/test-classes"
cp="$cp:$root/handler/target/classes:$(cat operator/target/bench.classpath):$(cat handler/target/bench.classpath)"
out="$root/build/bench"
mkdir -p "$out"
run() { # $1: label, rest: extra JVM options
  local label="$1"; shift
  java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -cp "$cp" ${BENCH_JAVA_OPTS:-} "$@" \
    -Dconvoy.root="$root" \
    -Djava.util.logging.config.file="$root/operator/src/test/resources/logging.properties" \
    dev.convoy.operator.bench.ScaleBenchmark "$n" | tee "$out/scale-$label.txt"
  cp "$out/operator.log" "$out/operator-$label.log"
}
run fabric8
run local -Dbench.apiServer=dev.convoy.handler.bench.LocalApiBenchServer
field() { # $1: label, $2: line pattern, $3: sed expression extracting the value
  grep -m1 "$2" "$out/scale-$1.txt" | sed -E "$3"
}
echo
echo "Side by side (N=$n, same operator JVM -Xmx512m):"
printf '  %-32s %-32s %s\n' "" "fabric8 mock" "Convoy local API server"
for row in \
  "end state (VMs/VMIs/pods)|end state|s/^ *end state +([0-9]+) VMs.*, ([0-9]+) VMIs.*, ([0-9]+) launcher.*/\1 \/ \2 \/ \3 consistent/" \
  "creating the VMs|creating the VMs|s/.* ([0-9.]+ s).*/\1/" \
  "create -> consistent|create -> all Running|s/.*consistent +([0-9.]+ s).*/\1/" \
  "operator heap live after GC|heap, live|s/.*GC +([0-9]+ MiB).*/\1/" \
  "operator heap peak|peak sampled|s/.*\) +([0-9]+ MiB).*/\1/" \
  "CPU operator JVM|CPU: operator|s/.*operator JVM ([0-9.]+ s).*/\1/" \
  "CPU API server+fakes+driver JVM|CPU: operator|s/.*driver JVM ([0-9.]+ s).*/\1/" \
  "load average at the end|load average|s/.*end: ([0-9.]+).*/\1/"; do
  IFS='|' read -r name pattern expr <<<"$row"
  printf '  %-32s %-32s %s\n' "$name" "$(field fabric8 "$pattern" "$expr")" "$(field local "$pattern" "$expr")"
done
