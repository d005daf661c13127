#!/usr/bin/env python3
"""Side-by-side benchmark of Convoy's disk conversion (see README.md; run convert-bench.sh).

Generates a sparse 2 GiB raw image with ~30 % allocated data in scattered extents, converts it to
VMDK monolithicSparse and streamOptimized once (cached), then converts each VMDK back to raw with:
Convoy (safety checks + convert + publish, warm JVM; verification timed separately), bare qemu-img
with CDI's flags, bare qemu-img with the best flags, and `cp --sparse=always` of the raw image.
Every run starts with the source evicted from the page cache and ends with the target fsynced.
"""
import argparse, json, os, random, statistics, subprocess, sys, time

MIB = 1 << 20


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def evict(path):
    fd = os.open(path, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)


def fsync(path):
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)


def allocated(path):
    return os.stat(path).st_blocks * 512


def generate(raw, size, seed):
    """Scattered 64 KiB-4 MiB extents of compressible data (system libraries) until ~30 % full."""
    libs = []
    for d in ("/usr/lib/x86_64-linux-gnu", "/usr/bin", "/usr/lib/jvm"):
        for base, _, files in os.walk(d):
            for f in sorted(files):
                p = os.path.join(base, f)
                if os.path.isfile(p) and not os.path.islink(p):
                    libs.append(p)
    libs.sort()
    pool = bytearray()
    for p in libs:
        if len(pool) >= 256 * MIB:
            break
        try:
            with open(p, "rb") as f:
                pool += f.read()
        except OSError:
            pass
    rng = random.Random(seed)
    target = int(size * 0.30)
    written = 0
    unit = 64 * 1024
    used = set()
    with open(raw, "wb") as f:
        f.truncate(size)
        while written < target:
            length = rng.randrange(1, 65) * unit
            start = rng.randrange(0, (size - length) // unit) * unit
            blocks = range(start // unit, (start + length) // unit)
            if any(b in used for b in blocks):
                continue
            used.update(blocks)
            offset = rng.randrange(0, len(pool) - length)
            f.seek(start)
            f.write(pool[offset:offset + length])
            written += length
    return written


def timed(cmd, target, source):
    """Runs cmd with the source evicted; returns (command seconds, seconds including fsync)."""
    if os.path.exists(target):
        os.unlink(target)
    sh(["sync"])
    evict(source)
    start = time.monotonic()
    sh(cmd, stdout=subprocess.DEVNULL)
    command = time.monotonic() - start
    fsync(target)
    return command, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--bench-java", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size-gib", type=float, default=2.0)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    size = int(a.size_gib * 1024) * MIB
    raw = os.path.join(a.work, "src.raw")
    sparse = os.path.join(a.work, "src-sparse.vmdk")
    stream = os.path.join(a.work, "src-stream.vmdk")
    stream2 = os.path.join(a.work, "src-stream-2.vmdk")
    out = os.path.join(a.work, "out")
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(stream2):
        print("generating %s (%d MiB virtual) ..." % (raw, size // MIB), file=sys.stderr)
        data = generate(raw, size, 42)
        print("  %d MiB of data (%.1f %%)" % (data // MIB, 100.0 * data / size), file=sys.stderr)
        sh(["qemu-img", "convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=monolithicSparse", raw, sparse])
        sh(["qemu-img", "convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized", raw, stream])
        sh(["cp", stream, stream2])
    data = allocated(raw)
    java = [os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"), "-cp", a.classpath, a.bench_java]

    rows = []
    verify_rows = []

    # Methods run round-robin (run 1 of each, then run 2 of each, ...) so that load from other
    # processes on a shared machine spreads over all of them instead of hitting one.
    def bare(flags, src):
        target = os.path.join(out, "bare.raw")
        return lambda: (timed(["qemu-img", "convert"] + flags + [src, target], target, src), target)

    def convoy_cold(src):
        cold_target = os.path.join(out, "cold")
        def run():
            sh(["rm", "-rf", cold_target]); os.makedirs(cold_target); sh(["sync"]); evict(src)
            start = time.monotonic()
            sh(java[:3] + ["dev.convoy.disk.DiskConvertMain", src, cold_target, "--no-verify"], stdout=subprocess.DEVNULL)
            elapsed = time.monotonic() - start
            return (elapsed, elapsed), os.path.join(cold_target, "disk.img")
        return run

    def convoy_warm(src):
        def run():
            lines = subprocess.run(java + ["single", src, out, "1"], check=True, capture_output=True, text=True).stdout.splitlines()
            runs = [json.loads(l) for l in lines if l.startswith("{")]
            r = [x for x in runs if not x["verify"]][0]
            v = [x for x in runs if x["verify"]][0]
            run.extra.append((r["inspect"], r["convert"], v))
            return (r["wall"], r["wall"]), os.path.join(out, "convoy", "disk.img")
        run.extra = []
        return run

    cp_target = os.path.join(out, "cp.raw")
    methods = []
    for label, src in (("monolithicSparse", sparse), ("streamOptimized", stream)):
        methods.append(("qemu-img best (-f vmdk -W -m 16 -t writeback)", label,
                        bare(["-f", "vmdk", "-O", "raw", "-W", "-m", "16", "-t", "writeback"], src)))
        methods.append(("qemu-img CDI (-t writeback -p, no -f/-W/-m)", label,
                        bare(["-t", "writeback", "-p", "-O", "raw"], src)))
        methods.append(("Convoy (checks + convert + publish, warm JVM)", label, convoy_warm(src)))
        methods.append(("Convoy (fresh JVM per disk, DiskConvertMain)", label, convoy_cold(src)))
    methods.append(("cp --sparse=always (raw)", "raw",
                    lambda: (timed(["cp", "--sparse=always", raw, cp_target], cp_target, raw), cp_target)))
    results = {i: [] for i in range(len(methods))}
    outputs = {}
    for run in range(a.runs):
        for i, (name, label, fn) in enumerate(methods):
            t, output = fn()
            results[i].append(t)
            outputs[i] = allocated(output)
    for i, (name, label, fn) in enumerate(methods):
        times = results[i]
        rows.append({"name": name, "source": label, "median": statistics.median(t[1] for t in times),
                     "min": min(t[1] for t in times), "max": max(t[1] for t in times), "alloc": outputs[i]})
        if hasattr(fn, "extra"):
            rows[-1]["inspect"] = statistics.median(e[0] for e in fn.extra)
            rows[-1]["convert"] = statistics.median(e[1] for e in fn.extra)
            vs = [e[2] for e in fn.extra]
            verify_rows.append((label, statistics.median(v["verifySeconds"] for v in vs),
                                statistics.median(v["compareSeconds"] for v in vs),
                                statistics.median(v["hashSeconds"] for v in vs),
                                statistics.median(v["wall"] for v in vs)))

    par = json.loads([l for l in subprocess.run(java + ["parallel", out, stream, stream2], check=True, capture_output=True, text=True).stdout.splitlines() if l.startswith("{")][0])

    print()
    print("Source: %d MiB virtual, %.1f MiB allocated data (%.1f %%); sparse VMDK %.1f MiB, streamOptimized %.1f MiB on disk"
          % (size // MIB, data / MIB, 100.0 * data / size, allocated(sparse) / MIB, allocated(stream) / MIB))
    print("Medians of %d runs, methods interleaved; source evicted from the page cache before each run, target fsynced." % a.runs)
    print("Load average at the end: %.1f %.1f %.1f on %d CPUs" % (os.getloadavg() + (os.cpu_count(),)))
    print()
    print("%-48s %-17s %8s %15s %10s %10s %9s %10s" % ("method", "source", "seconds", "(min-max)", "MiB/s virt", "MiB/s data", "vs best", "out alloc"))
    best_by_source = {r["source"]: r["median"] for r in rows if r["name"].startswith("qemu-img best")}
    for r in rows:
        best = best_by_source.get(r["source"], best_by_source.get("monolithicSparse"))
        alloc = "%.2fx src" % (r["alloc"] / data) if r["alloc"] else ""
        print("%-48s %-17s %8.3f %15s %10.0f %10.0f %8.2fx %10s" % (
            r["name"], r["source"], r["median"], "(%.2f-%.2f)" % (r["min"], r["max"]),
            size / MIB / r["median"], data / MIB / r["median"], r["median"] / best, alloc))
        if "inspect" in r:
            print("%-48s %-17s %8.3f   inspection (own parse + qemu-img info) %.3f s, convert %.3f s" % (
                "", "", r["median"] - r["inspect"] - r["convert"], r["inspect"], r["convert"]))
            # (the first column there is the publish/bookkeeping time: journal, fsync, rename, marker)
    print()
    print("Verification (on by default; not included above):")
    for label, total, compare, hashing, wall in verify_rows:
        print("  %-17s +%.3f s (qemu-img compare %.3f s and SHA-256 of the target %.3f s, run side by side); conversion with verification %.3f s" % (label, total, compare, hashing, wall))
    print()
    print("Two streamOptimized disks with Convoy: one after the other %.3f s, in parallel %.3f s (%.2fx)"
          % (par["sequential"], par["parallel"], par["sequential"] / par["parallel"]))


if __name__ == "__main__":
    main()
