package dev.convoy.operator.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The operator's Prometheus metrics, rendered in the text exposition format (version 0.0.4) by
 * {@link #render()}.
 *
 * <ul>
 *   <li>{@code convoy_reconciliations_total{controller}}: reconciliations started (JOSDK calls us
 *       back);
 *   <li>{@code convoy_reconciliation_errors_total{controller}}: reconciliations that threw;
 *   <li>{@code convoy_api_requests_total{resource,verb}}: write requests the controllers sent;
 *   <li>{@code convoy_virtualmachines{printable_status}}: VirtualMachines by the printableStatus
 *       this operator last computed for them;
 *   <li>{@code convoy_virtualmachineinstances{phase}}: VirtualMachineInstances by the phase last
 *       seen;
 *   <li>{@code jvm_memory_heap_used_bytes}, {@code jvm_memory_heap_max_bytes}.
 * </ul>
 *
 * <p>The per-object gauges are fed by the reconcilers ({@link #recordVmStatus}, {@link
 * #recordVmiPhase}) and forgotten when the object's cleanup finished ({@link #forgetVm}, {@link
 * #forgetVmi}), so they count objects, not events.
 */
public final class OperatorMetrics implements Metrics {

  private final Map<String, LongAdder> reconciliations = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> apiRequests = new ConcurrentHashMap<>();
  private final Map<String, String> vmStatus = new ConcurrentHashMap<>();
  private final Map<String, String> vmiPhase = new ConcurrentHashMap<>();

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    reconciliations.computeIfAbsent(controller(metadata), k -> new LongAdder()).increment();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    errors.computeIfAbsent(controller(metadata), k -> new LongAdder()).increment();
  }

  private static String controller(Map<String, Object> metadata) {
    Object name = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
    return name == null ? "unknown" : name.toString();
  }

  /** Counts one write request the controllers sent, e.g. ("virtualmachineinstances", "create"). */
  public void recordApiRequest(String resource, String verb) {
    apiRequests.computeIfAbsent(resource + "\u0000" + verb, k -> new LongAdder()).increment();
  }

  /** Remembers the printableStatus last written for the VirtualMachine {@code namespace/name}. */
  public void recordVmStatus(String key, String printableStatus) {
    vmStatus.put(key, printableStatus == null ? "" : printableStatus);
  }

  /** Remembers the phase last written for the VirtualMachineInstance {@code namespace/name}. */
  public void recordVmiPhase(String key, String phase) {
    vmiPhase.put(key, phase == null ? "" : phase);
  }

  /** The VirtualMachine is gone. */
  public void forgetVm(String key) {
    vmStatus.remove(key);
  }

  /** The VirtualMachineInstance is gone. */
  public void forgetVmi(String key) {
    vmiPhase.remove(key);
  }

  /** Reconciliations started for one controller, for tests and the benchmark. */
  public long reconciliations(String controller) {
    LongAdder a = reconciliations.get(controller);
    return a == null ? 0 : a.sum();
  }

  /** The metrics in Prometheus text format. */
  public String render() {
    StringBuilder out = new StringBuilder(1024);
    counter(
        out,
        "convoy_reconciliations_total",
        "Reconciliations started, by controller.",
        "controller",
        sums(reconciliations));
    counter(
        out,
        "convoy_reconciliation_errors_total",
        "Reconciliations that ended with an exception, by controller.",
        "controller",
        sums(errors));
    out.append(
            "# HELP convoy_api_requests_total Write requests sent to the API server, by resource and verb.\n")
        .append("# TYPE convoy_api_requests_total counter\n");
    new TreeMap<>(sums(apiRequests))
        .forEach(
            (k, v) -> {
              String[] rv = k.split("\u0000", 2);
              out.append("convoy_api_requests_total{resource=\"")
                  .append(escapeLabel(rv[0]))
                  .append("\",verb=\"")
                  .append(escapeLabel(rv[1]))
                  .append("\"} ")
                  .append(v)
                  .append('\n');
            });
    gauge(
        out,
        "convoy_virtualmachines",
        "VirtualMachines by the printableStatus the operator last computed.",
        "printable_status",
        histogram(vmStatus));
    gauge(
        out,
        "convoy_virtualmachineinstances",
        "VirtualMachineInstances by phase.",
        "phase",
        histogram(vmiPhase));
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    out.append("# HELP jvm_memory_heap_used_bytes Heap in use.\n")
        .append("# TYPE jvm_memory_heap_used_bytes gauge\n")
        .append("jvm_memory_heap_used_bytes ")
        .append(heap.getUsed())
        .append('\n');
    out.append("# HELP jvm_memory_heap_max_bytes Maximum heap.\n")
        .append("# TYPE jvm_memory_heap_max_bytes gauge\n")
        .append("jvm_memory_heap_max_bytes ")
        .append(heap.getMax())
        .append('\n');
    return out.toString();
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> out = new TreeMap<>();
    adders.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static Map<String, Long> histogram(Map<String, String> values) {
    Map<String, Long> out = new TreeMap<>();
    values.values().forEach(v -> out.merge(v, 1L, Long::sum));
    return out;
  }

  private static void counter(
      StringBuilder out, String name, String help, String label, Map<String, Long> values) {
    series(out, name, help, "counter", label, values);
  }

  private static void gauge(
      StringBuilder out, String name, String help, String label, Map<String, Long> values) {
    series(out, name, help, "gauge", label, values);
  }

  private static void series(
      StringBuilder out,
      String name,
      String help,
      String type,
      String label,
      Map<String, Long> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    values.forEach(
        (k, v) ->
            out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(escapeLabel(k))
                .append("\"} ")
                .append(v)
                .append('\n'));
  }

  private static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
