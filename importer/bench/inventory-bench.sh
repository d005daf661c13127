#!/usr/bin/env bash
# Inventory benchmark: `convoy inventory` against vcsim with 10 clusters x 100 VMs (1,000 VMs).
# Prints, in one run: the end-to-end CLI time (JVM start included) and its SOAP round trips; Convoy's
# collector and a naive per-VM collector side by side in one JVM (time, round trips); and govmomi
# (VMware's Go SDK) retrieving name, config and power state of the same VMs as the reference point.
# The collectors run twice: directly, and through a relay adding 2 ms per request (round trips then cost time).
# Usage: importer/bench/inventory-bench.sh   (needs build/bin/vcsim from scripts/setup; builds the jar if missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/importer/target/convoy.jar"
out="$root/build/bench/inventory"
mkdir -p "$out"
vcsim="$root/build/bin/vcsim"
[[ -x "$vcsim" ]] || { echo "bench: $vcsim is missing; run scripts/setup" >&2; exit 1; }
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -pl importer -am install -DskipTests)

# The reference client and the bench class.
(cd "$root/importer/bench/govmomi-retrieve" && GOPATH=/usr/share/gocode GO111MODULE=off \
  GOCACHE="$root/build/go-cache" go build -o "$out/govmomi-retrieve" .)
javac -d "$out/classes" -cp "$jar" "$root/importer/bench/InventoryBench.java"

rm -f "$out/vcsim.json"
"$vcsim" -cluster 10 -vm 100 -standalone-host 0 -url-file "$out/vcsim.json" >"$out/vcsim.out" 2>"$out/vcsim.log" &
vcsim_pid=$!
trap 'kill $vcsim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [[ -s "$out/vcsim.json" ]] && break; sleep 0.1; done
[[ -s "$out/vcsim.json" ]] || { echo "bench: vcsim did not start" >&2; exit 1; }
url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$out/vcsim.json")
thumb=$(sed -n 's/.*"thumbprintSHA256":"\([^"]*\)".*/\1/p' "$out/vcsim.json")
port=${url##*:}; port=${port%%/*}
printf 'pass\n' >"$out/password"

echo "== 1,000 VMs (vcsim: 10 clusters x 100 VMs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
end_to_end() { # $1: label, $2: JVM options
  echo "-- end to end: convoy inventory -o json --out FILE, JVM start included, $1 (3 runs)"
  for i in 1 2 3; do
    start=$(date +%s%N)
    java $2 -jar "$jar" inventory "vsphere://user@127.0.0.1:$port" --thumbprint "$thumb" \
      --password-file "$out/password" -o json --out "$out/inventory.json" 2>"$out/cli.err" \
      || { cat "$out/cli.err" >&2; exit 1; }
    end=$(date +%s%N)
    summary=$(grep -o '[0-9]* VMs, [0-9]* objects in [0-9.]* s ([0-9]* SOAP round trips, [0-9]* page[s]*)' "$out/cli.err")
    printf 'run %d: %.2f s end to end; collection: %s\n' "$i" "$(echo "($end - $start)/1000000000" | bc -l)" "$summary"
  done
}
end_to_end "default JVM options" "${CONVOY_JAVA_OPTS:-}"
end_to_end "short-run JVM options (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)" "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
echo
echo "-- collectors in one JVM (same properties per VM)"
java -cp "$out/classes:$jar" InventoryBench "$port" "$thumb"
echo
echo "-- the same through a relay adding 2 ms to every request (a vCenter across a LAN/WAN link)"
java -cp "$out/classes:$jar" InventoryBench "$port" "$thumb" 2
echo
echo "-- reference: govmomi, one ContainerView, VMs' name, config, runtime.powerState (3 runs)"
for i in 1 2 3; do "$out/govmomi-retrieve" -url "$url"; done
echo "-- govmomi with Convoy's VM properties"
"$out/govmomi-retrieve" -url "$url" -props "name,parent,resourcePool,config.hardware,config.uuid,config.firmware,config.bootOptions,config.extraConfig,runtime.powerState,runtime.host,guest,snapshot,customValue"
