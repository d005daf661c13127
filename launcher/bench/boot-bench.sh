#!/usr/bin/env bash
# Boot benchmark: time from starting the launcher to the demo guest's ready marker on the serial
# console, against `virsh create` of the very same domain XML to the same marker. Same VMI, same
# accelerator (TCG by default), same run directory and disk copy; rounds alternate which goes
# first. Prints every round, the medians and the ratio launcher/virsh (goal: <= 1.3).
#
# Usage: launcher/bench/boot-bench.sh [ROUNDS] [ACCELERATOR]   (defaults: 3 tcg)
# Needs: a built launcher (mvn -pl launcher -am package -DskipTests), build/guest (scripts/setup),
# libvirtd on qemu:///system, root.
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
accel="${2:-tcg}"
jar="$(ls "$root"/launcher/target/convoy-launcher-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)"
[[ -n "$jar" && -d "$root/launcher/target/lib" ]] || { echo "build the launcher first: mvn -pl launcher -am package -DskipTests" >&2; exit 2; }
guest="$root/build/guest"
[[ -f "$guest/guest.env" ]] || { echo "no demo guest: run scripts/setup" >&2; exit 2; }
# shellcheck disable=SC1091
source "$guest/guest.env"
marker="${GUEST_READY_MARKER:-CONVOY-GUEST-READY}"

work="$(mktemp -d /tmp/convoy-boot-bench.XXXXXX)"
chmod 755 "$work"
ns="convoy-bench-$$"
domain="${ns}_bench"
cleanup() {
  [[ -n "${launcher_pid:-}" ]] && kill -TERM "$launcher_pid" 2>/dev/null && wait "$launcher_pid" 2>/dev/null || true
  virsh -q -c qemu:///system destroy "$domain" >/dev/null 2>&1 || true
  virsh -q -c qemu:///system undefine "$domain" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/vmi.yaml" <<YAML
apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: bench
  namespace: $ns
spec:
  terminationGracePeriodSeconds: 30
  domain:
    memory:
      guest: 256Mi
    devices:
      disks:
        - name: root
          disk:
            bus: virtio
      interfaces:
        - name: default
          masquerade: {}
          macAddress: "02:c0:be:0c:00:01"
  networks:
    - name: default
      pod: {}
  volumes:
    - name: root
      persistentVolumeClaim:
        claimName: root-claim
YAML
mkdir -p "$work/pvc" "$work/run"
chmod 755 "$work/pvc" "$work/run"
launcher_args=(--run-dir "$work/run" --vmi "$work/vmi.yaml" --pvc "root-claim=$work/pvc" --accelerator "$accel")
# The launcher's JVM options, as the local runtime starts it: serial GC and the C1 compiler only
# (less CPU taken from a guest that boots under TCG), and a class-data-sharing archive made once
# per installation (here: by the run that prints the domain XML; not timed).
java_opts=(${JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Xlog:disable)
java "${java_opts[@]}" -XX:ArchiveClassesAtExit="$work/launcher.jsa" \
  -jar "$jar" "${launcher_args[@]}" --print-domain-xml >"$work/domain.xml" 2>/dev/null
java_opts+=(-XX:SharedArchiveFile="$work/launcher.jsa")

now() { date +%s.%N; }
fresh_disk() {
  cp --sparse=always "$guest/$GUEST_RAW" "$work/pvc/disk.img"
  chmod 644 "$work/pvc/disk.img"
  rm -f "$work/run/serial0.log"
}
wait_ready() { # $1 = start time; prints seconds to the marker
  local deadline=$(( $(date +%s) + 600 ))
  until grep -qa "$marker" "$work/run/serial0.log" 2>/dev/null; do
    (( $(date +%s) < deadline )) || { echo "no $marker within 600 s" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(now) - $1" | bc
}
# Each run prints "<seconds to the ready marker> <seconds until the domain was running>".
run_launcher() {
  fresh_disk
  local t0 ready running
  rm -f "$work/launcher.log"
  t0="$(now)"
  java "${java_opts[@]}" -jar "$jar" "${launcher_args[@]}" >"$work/launcher.log" 2>&1 &
  launcher_pid=$!
  until grep -qs 'started domain' "$work/launcher.log"; do
    kill -0 "$launcher_pid" 2>/dev/null || { cat "$work/launcher.log" >&2; exit 1; }
    sleep 0.02
  done
  running="$(echo "$(now) - $t0" | bc)"
  ready="$(wait_ready "$t0")"
  kill -TERM "$launcher_pid"; wait "$launcher_pid" || true; launcher_pid=
  echo "$ready $running"
}
run_virsh() {
  fresh_disk
  local t0 ready running; t0="$(now)"
  virsh -q -c qemu:///system create "$work/domain.xml" >/dev/null
  running="$(echo "$(now) - $t0" | bc)"
  ready="$(wait_ready "$t0")"
  virsh -q -c qemu:///system destroy "$domain" >/dev/null
  echo "$ready $running"
}

launcher_times=(); virsh_times=(); launcher_up=(); virsh_up=()
for ((i = 1; i <= rounds; i++)); do
  if (( i % 2 )); then
    l=($(run_launcher)); v=($(run_virsh))
  else
    v=($(run_virsh)); l=($(run_launcher))
  fi
  launcher_times+=("${l[0]}"); virsh_times+=("${v[0]}"); launcher_up+=("${l[1]}"); virsh_up+=("${v[1]}")
  printf 'round %d: to ready: launcher %6.2f s, virsh create %6.2f s   (domain running after %5.2f s vs %5.2f s)\n' \
    "$i" "${l[0]}" "${v[0]}" "${l[1]}" "${v[1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratios=()
for ((i = 0; i < rounds; i++)); do ratios+=("$(echo "${launcher_times[i]} / ${virsh_times[i]}" | bc -l)"); done
ml=$(median "${launcher_times[@]}"); mv=$(median "${virsh_times[@]}"); mr=$(median "${ratios[@]}")
printf 'accelerator %s, %d rounds, load %s\n' "$accel" "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'median start -> %s: launcher %.2f s, virsh create %.2f s (ratio of medians %.2f)\n' \
  "$marker" "$ml" "$mv" "$(echo "$ml / $mv" | bc -l)"
# Each round runs both back to back, so its ratio shares the machine's load of the moment: the
# median of the per-round ratios is the figure to compare with the goal on a shared machine.
printf 'median per-round ratio launcher/virsh: %.2f (goal <= 1.30)\n' "$mr"
printf 'median time until the domain runs: launcher %.2f s (JVM, libvirt, conversion, define, start), virsh create %.2f s\n' \
  "$(median "${launcher_up[@]}")" "$(median "${virsh_up[@]}")"
