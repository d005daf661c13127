package dev.convoy.importer.migration.controller;

import dev.convoy.api.convoy.v1alpha1.DiskMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.MigrationStatus;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.WaveStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Migration controller's Prometheus metrics (text exposition format 0.0.4, {@link #render()}):
 *
 * <ul>
 *   <li>{@code convoy_migration_bytes_transferred_total}: bytes import pods copied, summed over the
 *       progress the controller saw (a retried disk counts again: it is copied again);
 *   <li>{@code convoy_migration_vms{phase}}: VMs of all Migrations by itinerary phase;
 *   <li>{@code convoy_migration_vm_duration_seconds{outcome}} and {@code
 *       convoy_migration_disk_transfer_seconds}: summaries (sum and count) of finished VMs and
 *       disks;
 *   <li>{@code convoy_migration_reconciliations_total}, {@code
 *       convoy_migration_reconciliation_errors_total}.
 * </ul>
 */
public final class MigrationMetrics implements Metrics {
  private final LongAdder reconciliations = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final Map<String, String> vmPhase = new ConcurrentHashMap<>();
  private final Map<String, Long> diskBytes = new ConcurrentHashMap<>();
  private final Map<String, double[]> vmDurations = new ConcurrentHashMap<>();
  private final double[] diskDurations = new double[2];

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    reconciliations.increment();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    errors.increment();
  }

  /** Records a status just written for the Migration {@code key} ({@code namespace/name}). */
  public void record(String key, MigrationStatus previous, MigrationStatus status) {
    Map<String, VmMigrationStatus> before = new TreeMap<>();
    Map<String, DiskMigrationStatus> disksBefore = new TreeMap<>();
    if (previous != null && previous.getWaves() != null) {
      for (WaveStatus w : previous.getWaves()) {
        for (VmMigrationStatus v : w.getVms()) {
          before.put(v.getName(), v);
          v.getDisks().forEach(d -> disksBefore.put(v.getName() + "/" + d.getName(), d));
        }
      }
    }
    for (WaveStatus w : status.getWaves()) {
      for (VmMigrationStatus v : w.getVms()) {
        String vmKey = key + "/" + v.getName();
        vmPhase.put(vmKey, v.getPhase());
        VmMigrationStatus old = before.get(v.getName());
        if (v.getCompletedAt() != null
            && v.getStartedAt() != null
            && (old == null || old.getCompletedAt() == null)) {
          double seconds = seconds(v.getStartedAt(), v.getCompletedAt());
          synchronized (vmDurations) {
            double[] sumCount = vmDurations.computeIfAbsent(v.getPhase(), p -> new double[2]);
            sumCount[0] += seconds;
            sumCount[1]++;
          }
        }
        for (DiskMigrationStatus d : v.getDisks()) {
          String diskKey = vmKey + "/" + d.getName();
          long now = d.getBytesCopied() == null ? 0 : d.getBytesCopied();
          Long last = diskBytes.put(diskKey, now);
          long delta = now - (last == null ? 0 : last);
          if (delta > 0) {
            bytes.add(delta);
          }
          DiskMigrationStatus oldDisk = disksBefore.get(v.getName() + "/" + d.getName());
          if (d.getCompletedAt() != null
              && d.getStartedAt() != null
              && (oldDisk == null || oldDisk.getCompletedAt() == null)) {
            synchronized (diskDurations) {
              diskDurations[0] += seconds(d.getStartedAt(), d.getCompletedAt());
              diskDurations[1]++;
            }
          }
        }
      }
    }
  }

  /** The Migration {@code key} is gone. */
  public void forget(String key) {
    vmPhase.keySet().removeIf(k -> k.startsWith(key + "/"));
    diskBytes.keySet().removeIf(k -> k.startsWith(key + "/"));
  }

  /** Reconciliations run so far (only the leader's count grows). */
  public long reconciliations() {
    return reconciliations.sum();
  }

  /** Bytes counted so far (tests). */
  public long bytesTransferred() {
    return bytes.sum();
  }

  private static double seconds(String from, String to) {
    return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis() / 1000.0;
  }

  /** The metrics in Prometheus text format. */
  public String render() {
    StringBuilder out = new StringBuilder(1024);
    header(out, "convoy_migration_reconciliations_total", "Migration reconciliations.", "counter");
    out.append("convoy_migration_reconciliations_total ")
        .append(reconciliations.sum())
        .append('\n');
    header(
        out,
        "convoy_migration_reconciliation_errors_total",
        "Migration reconciliations that threw.",
        "counter");
    out.append("convoy_migration_reconciliation_errors_total ").append(errors.sum()).append('\n');
    header(
        out, "convoy_migration_bytes_transferred_total", "Bytes copied by import pods.", "counter");
    out.append("convoy_migration_bytes_transferred_total ").append(bytes.sum()).append('\n');
    header(out, "convoy_migration_vms", "VMs of all Migrations by phase.", "gauge");
    Map<String, Long> byPhase = new TreeMap<>();
    vmPhase.values().forEach(p -> byPhase.merge(p, 1L, Long::sum));
    byPhase.forEach(
        (p, n) ->
            out.append("convoy_migration_vms{phase=\"")
                .append(p)
                .append("\"} ")
                .append(n)
                .append('\n'));
    header(
        out,
        "convoy_migration_vm_duration_seconds",
        "From leaving Pending to a final phase, by that phase.",
        "summary");
    synchronized (vmDurations) {
      new TreeMap<>(vmDurations)
          .forEach(
              (phase, sc) -> {
                out.append("convoy_migration_vm_duration_seconds_sum{outcome=\"")
                    .append(phase)
                    .append("\"} ")
                    .append(sc[0])
                    .append('\n');
                out.append("convoy_migration_vm_duration_seconds_count{outcome=\"")
                    .append(phase)
                    .append("\"} ")
                    .append((long) sc[1])
                    .append('\n');
              });
    }
    header(
        out,
        "convoy_migration_disk_transfer_seconds",
        "From the first import pod to a verified or failed disk.",
        "summary");
    synchronized (diskDurations) {
      out.append("convoy_migration_disk_transfer_seconds_sum ")
          .append(diskDurations[0])
          .append('\n');
      out.append("convoy_migration_disk_transfer_seconds_count ")
          .append((long) diskDurations[1])
          .append('\n');
    }
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }
}
