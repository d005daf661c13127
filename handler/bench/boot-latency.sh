#!/usr/bin/env bash
# Boot latency of the local runtime vs bare libvirt: N VMs (default 10) created at once, time to the
# demo guest's ready marker, P50/P95 side by side. Needs libvirtd/virtlogd running, root, and the
# demo guest (examples/guest/build-guest.sh). Usage: handler/bench/boot-latency.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ ! -f build/guest/guest.env ]]; then
  echo "boot-latency: build/guest/guest.env is missing: run examples/guest/build-guest.sh" >&2
  exit 1
fi
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl handler -am install -DskipTests >&2
  mvn -B -q -pl handler test-compile >&2
fi
mvn -B -q -pl handler dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >&2
# A private copy of the classes: other builds in the tree (importer -am) recompile them in place.
snapshot="$(mktemp -d /tmp/convoy-bench-classes.XXXXXX)"
trap 'rm -rf "$snapshot"' EXIT
cp -r handler/target/classes "$snapshot/classes"
cp -r handler/target/test-classes "$snapshot/test-classes"
cp="$snapshot/test-classes:$snapshot/classes:$(cat handler/target/bench.classpath)"
java -Xmx512m -Dconvoy.root="$root" -cp "$cp" dev.convoy.handler.bench.BootLatencyBenchmark "$@"
