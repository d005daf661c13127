#!/usr/bin/env bash
# Migration throughput benchmark: one disk's full migration path as an import pod runs it (ImportPodMain in a fresh
# JVM: HTTP download from vcsim's datastore /folder endpoint with the session cookie + qemu-img conversion to raw +
# verification), side by side in one run with bare `qemu-img convert` of the same disk from the same vCenter URL
# (qemu's own HTTPS driver: the same transfer and conversion) and from a local file (no transfer at all).
# Usage: importer/bench/migration-throughput.sh [--runs N] [--size-mib M]
#   (needs build/bin/vcsim and build/guest/ from scripts/setup; builds importer/target/convoy.jar if missing)
# The source disk (M MiB, default 1536: the demo guest's disk followed by random data in 60 % of its 8 MiB chunks, so
# about 900 MiB of data) is built once as a streamOptimized VMDK in build/bench/migration/ and reused.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
size_mib=1536
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --size-mib) size_mib="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--size-mib M]" >&2; exit 2 ;;
  esac
done
# CONVOY_JAR: a copy of the jar to use (other builds in the same tree may rewrite importer/target meanwhile)
jar="${CONVOY_JAR:-$root/importer/target/convoy.jar}"
work="$root/build/bench/migration"
mkdir -p "$work"
[[ -x "$root/build/bin/vcsim" ]] || { echo "bench: build/bin/vcsim is missing; run scripts/setup" >&2; exit 1; }
[[ -f "$root/build/guest/disk.raw" ]] || { echo "bench: build/guest/disk.raw is missing; run scripts/setup" >&2; exit 1; }
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -pl importer -am install -DskipTests)

# The source disk: built once per size.
vmdk="$work/source-${size_mib}m-stream.vmdk"
if [[ ! -f "$vmdk" ]]; then
  echo "bench: building a ${size_mib} MiB streamOptimized VMDK (once) ..."
  raw="$work/source.raw"
  rm -f "$raw"
  truncate -s "${size_mib}M" "$raw"
  dd if="$root/build/guest/disk.raw" of="$raw" conv=notrunc,sparse bs=1M status=none
  guest_mib=$(( $(stat -c %s "$root/build/guest/disk.raw") >> 20 ))
  python3 - "$raw" "$guest_mib" "$size_mib" <<'EOF'
import os, random, sys
path, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261129)  # the same disk on every machine
with open(path, "r+b") as f:
    for chunk in range(start // 8, end // 8):
        if rng.random() < 0.6:
            f.seek(chunk * 8 << 20)
            f.write(os.urandom(8 << 20))
EOF
  qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$raw" "$vmdk.tmp"
  mv "$vmdk.tmp" "$vmdk"
  rm -f "$raw"
fi
virtual=$((size_mib << 20))

classes="$work/classes"
rm -rf "$classes"
javac -d "$classes" -cp "$jar" "$root/importer/bench/MigrationThroughputBench.java"
cp="$jar:$classes"

# The source: vcsim with one VM whose disk is the VMDK, uploaded through /folder.
IFS=$'\t' read -r url cookie < <(java -cp "$cp" MigrationThroughputBench source "$work/vcsim" \
  "$root/build/bin/vcsim" "$vmdk" "$virtual")
stop_vcsim() { kill "$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$work/vcsim/vcsim.json")" 2>/dev/null || true; }
trap stop_vcsim EXIT
# the same URL as qemu-img's own HTTPS driver reads it (json: pseudo-protocol; qemu-block-extra)
url_image=$(python3 -c 'import json, sys; print("json:" + json.dumps({"driver": "vmdk", "file": {"driver": "https",
  "url": sys.argv[1], "cookie": sys.argv[2], "sslverify": False, "readahead": 64 << 20}}))' "$url" "$cookie")
[[ -f /usr/lib/x86_64-linux-gnu/qemu/block-curl.so ]] \
  || { echo "bench: qemu-img's HTTPS driver is missing (Debian qemu-block-extra); run scripts/setup" >&2; exit 1; }

seconds() { python3 -c "print(f'{($2 - $1) / 1e9:.2f}')" "$1" "$2" 2>/dev/null || echo "?"; }
now() { date +%s%N; }
bare_flags=(-W -m 16 -t writeback)   # Convoy's conversion flags (disk-convert's ConvertFlags.measuredDefaults)
target="$work/target"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== migration throughput: ${size_mib} MiB disk ($(( $(stat -c %s "$vmdk") >> 20 )) MiB streamOptimized VMDK)," \
  "$runs runs, $(nproc) cores, load $(load)"
echo "   bare    : qemu-img convert -f vmdk -O raw ${bare_flags[*]} <local VMDK> <raw> (no transfer at all)"
echo "   bare-url: qemu-img convert -O raw ${bare_flags[*]} of the same vCenter URL through qemu's own HTTPS driver"
echo "             (qemu-block-extra; session cookie, readahead 64 MiB, certificate not checked): bare qemu-img"
echo "             doing the same transfer and conversion, without Convoy's inspection and verification"
echo "   convoy  : ImportPodMain in a fresh JVM with the JVM's default JIT (as the local runtime starts import pods):"
echo "             HEAD, then one GET $(sed 's/?.*//' <<<"$url")?... with the session cookie into a staged copy"
echo "             WHILE inspection, qemu-img info and qemu-img convert -O raw ${bare_flags[*]} already read the"
echo "             copy through Convoy's NBD server (reads wait for the download; far-ahead metadata by ranges),"
echo "             verified as the import verifies by default, fsync, publish"
echo "   no-verify: the convoy path without verification (breakdown)"
echo "   staged  : the path before (verified): the whole download first, then inspection, conversion, verification"
echo "   compare : the convoy path verified by qemu-img compare (a second decode of the source) instead"
echo "   each column: wall seconds (CPU seconds: user + system of the command and its children + vcsim's)"
printf '%-4s %16s %16s %16s %16s %16s %16s %6s\n' run bare bare-url convoy no-verify staged compare load
bare_times=(); url_times=(); convoy_times=(); convert_times=(); staged_times=(); compare_times=()
bare_cpu=(); url_cpu=(); convoy_cpu=(); convert_cpu=(); staged_cpu=(); compare_cpu=()
# CPU seconds (user + system) of a command and its children, and of vcsim serving it: on 2 shared cores
# the wall times depend on the load, the CPU a path costs much less so
vcsim_ticks() { awk '{print $14 + $15}' "/proc/$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$work/vcsim/vcsim.json")/stat"; }
elapsed=""; cpu=""
timed() { # LOG COMMAND...: sets $elapsed and $cpu
  local log="$1"; shift
  local a v; a=$(now); v=$(vcsim_ticks)
  /usr/bin/time -o "$work/time.txt" -f "%U %S" "$@" >"$log" 2>&1 || { echo "bench: $* failed:"; cat "$log"; exit 1; }
  elapsed=$(seconds "$a" "$(now)")
  cpu=$(awk -v v="$(( $(vcsim_ticks) - v ))" -v hz="$(getconf CLK_TCK)" '{printf "%.1f", $1 + $2 + v / hz}' "$work/time.txt")
}
run_import() { # LOG [MODE]: the import only, not the target's clean-up
  local log="$1"; shift
  rm -rf "$target"; mkdir -p "$target"
  timed "$log" env CONVOY_SOURCE_COOKIE="$cookie" java -cp "$cp" MigrationThroughputBench import "$url" "$target" "$@"
}
for run in $(seq 1 "$runs"); do
  rm -f "$work/bare.raw"
  timed "$work/bare.log" qemu-img convert -f vmdk -O raw "${bare_flags[@]}" "$vmdk" "$work/bare.raw"
  b=$elapsed; bc=$cpu
  rm -f "$work/bare-url.raw"
  timed "$work/bare-url.log" qemu-img convert -O raw "${bare_flags[@]}" "$url_image" "$work/bare-url.raw"
  u=$elapsed; uc=$cpu
  url_sha=$(sha256sum "$work/bare-url.raw" | cut -d' ' -f1); rm -f "$work/bare-url.raw"
  run_import "$work/import.log"; c=$elapsed; cc=$cpu
  run_import "$work/convert.log" --no-verify; v=$elapsed; vc=$cpu
  run_import "$work/staged.log" --staged; r=$elapsed; rc=$cpu
  run_import "$work/compare.log" --compare; q=$elapsed; qc=$cpu
  bare_times+=("$b"); url_times+=("$u"); convoy_times+=("$c"); convert_times+=("$v"); staged_times+=("$r"); compare_times+=("$q")
  bare_cpu+=("$bc"); url_cpu+=("$uc"); convoy_cpu+=("$cc"); convert_cpu+=("$vc"); staged_cpu+=("$rc"); compare_cpu+=("$qc")
  printf '%-4s %16s %16s %16s %16s %16s %16s %6s\n' "$run" "$b ($bc)" "$u ($uc)" "$c ($cc)" "$v ($vc)" "$r ($rc)" "$q ($qc)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done
# the converted disk is the source's content: same SHA-256 as bare qemu-img's output
convoy_sha=$(sed -n 's/.* sha256=\([0-9a-f]*\).*/\1/p' "$work/import.log")
# the source as the import downloaded it is the VMDK that was uploaded
downloaded_sha=$(sed -n 's/.* source-sha256=\([0-9a-f]*\).*/\1/p' "$work/import.log")
vmdk_sha=$(sha256sum "$vmdk" | cut -d' ' -f1)
echo "source SHA-256: downloaded ${downloaded_sha:0:16}..., uploaded VMDK ${vmdk_sha:0:16}..." \
  "-> $([[ "$downloaded_sha" == "$vmdk_sha" ]] && echo identical || echo DIFFERENT)"
bare_sha=$(sha256sum "$work/bare.raw" | cut -d' ' -f1)
rm -f "$work/bare.raw"; rm -rf "$target"
echo "breakdown of the last run (in the JVM, after its start):"
echo "  no-verify: $(sed 's/ sha256=.*//' "$work/convert.log")"
echo "  staged   : $(sed 's/ sha256=.*//' "$work/staged.log")"
echo "  compare  : $(sed 's/ sha256=.*//' "$work/compare.log")"
echo "load at the end: $(load)"
python3 - "$size_mib" "$convoy_sha" "$bare_sha" "$url_sha" "${url_times[*]}" "${url_cpu[*]}" \
  "${bare_times[*]}" "${convoy_times[*]}" "${convert_times[*]}" \
  "${staged_times[*]}" "${compare_times[*]}" "${bare_cpu[*]}" "${convoy_cpu[*]}" "${convert_cpu[*]}" \
  "${staged_cpu[*]}" "${compare_cpu[*]}" <<'EOF'
import statistics, sys
size, convoy_sha, bare_sha, url_sha = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
url, uc = ([float(x) for x in a.split()] for a in sys.argv[5:7])
bare, convoy, convert, staged, compare, bc, cc, vc, sc, qc = (
    [float(x) for x in a.split()] for a in sys.argv[7:17])
mb, mc, mv = statistics.median(bare), statistics.median(convoy), statistics.median(convert)
ms, mq = statistics.median(staged), statistics.median(compare)
cpu = lambda xs: f"CPU {statistics.median(xs):5.1f} s"
print()
print(f"median  bare qemu-img convert           {mb:6.2f} s  {size / mb:7.1f} MiB/s   {cpu(bc)}")
mu = statistics.median(url)
print(f"median  bare qemu-img, same vCenter URL {mu:6.2f} s  {size / mu:7.1f} MiB/s   {cpu(uc)}")
print(f"median  convoy import (verified)        {mc:6.2f} s  {size / mc:7.1f} MiB/s   {cpu(cc)}   ratio {mb / mc:.2f}x of bare local, {mu / mc:.2f}x of bare from the URL (goal >= 0.8x)")
print(f"median  convoy import, no verify        {mv:6.2f} s  {size / mv:7.1f} MiB/s   {cpu(vc)}   ratio {mb / mv:.2f}x of bare")
print(f"median  staged first (before, verified) {ms:6.2f} s  {size / ms:7.1f} MiB/s   {cpu(sc)}   ratio {mb / ms:.2f}x of bare")
print(f"median  convoy, qemu-img compare        {mq:6.2f} s  {size / mq:7.1f} MiB/s   {cpu(qc)}   ratio {mb / mq:.2f}x of bare")
same = convoy_sha == bare_sha == url_sha
print(f"disk SHA-256: convoy {convoy_sha[:16]}..., bare {bare_sha[:16]}..., bare-url {url_sha[:16]}... -> {'identical' if same else 'DIFFERENT'}")
sys.exit(0 if same else 1)
EOF
[[ "$downloaded_sha" == "$vmdk_sha" ]]
