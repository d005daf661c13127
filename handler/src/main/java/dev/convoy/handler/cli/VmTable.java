package dev.convoy.handler.cli;

import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code convoy vm list} as a pure function: the columns of {@code kubectl get vm} (NAME, AGE,
 * STATUS from printableStatus, READY from the Ready condition) plus the instance's PHASE and NODE,
 * NAMESPACE first when listing all namespaces.
 */
public final class VmTable {
  private VmTable() {}

  /**
   * @param instances the VMIs by namespace/name
   */
  public static String render(
      List<VirtualMachine> vms,
      Map<String, VirtualMachineInstance> instances,
      boolean allNamespaces,
      Instant now) {
    if (vms.isEmpty()) {
      return "No VirtualMachines found.\n";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        allNamespaces
            ? new String[] {"NAMESPACE", "NAME", "AGE", "STATUS", "READY", "PHASE", "NODE"}
            : new String[] {"NAME", "AGE", "STATUS", "READY", "PHASE", "NODE"});
    List<VirtualMachine> sorted = new ArrayList<>(vms);
    sorted.sort(
        Comparator.comparing((VirtualMachine vm) -> vm.getMetadata().getNamespace())
            .thenComparing(vm -> vm.getMetadata().getName()));
    for (VirtualMachine vm : sorted) {
      String key = vm.getMetadata().getNamespace() + "/" + vm.getMetadata().getName();
      VirtualMachineInstance vmi = instances.get(key);
      String status =
          vm.getStatus() == null || vm.getStatus().getPrintableStatus() == null
              ? "Stopped"
              : vm.getStatus().getPrintableStatus();
      String ready = "False";
      if (vm.getStatus() != null && vm.getStatus().getConditions() != null) {
        for (KubeVirtCondition condition : vm.getStatus().getConditions()) {
          if ("Ready".equals(condition.getType())) {
            ready = condition.getStatus();
          }
        }
      }
      String phase =
          vmi == null || vmi.getStatus() == null || vmi.getStatus().getPhase() == null
              ? "-"
              : vmi.getStatus().getPhase();
      String node =
          vmi == null || vmi.getStatus() == null || vmi.getStatus().getNodeName() == null
              ? "-"
              : vmi.getStatus().getNodeName();
      String age = age(vm.getMetadata().getCreationTimestamp(), now);
      rows.add(
          allNamespaces
              ? new String[] {
                vm.getMetadata().getNamespace(),
                vm.getMetadata().getName(),
                age,
                status,
                ready,
                phase,
                node
              }
              : new String[] {vm.getMetadata().getName(), age, status, ready, phase, node});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        table.append(row[i]);
        if (i < row.length - 1) {
          table.append(" ".repeat(widths[i] - row[i].length() + 3));
        }
      }
      table.append('\n');
    }
    return table.toString();
  }

  /** kubectl's age: 45s, 3m, 5h, 2d. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    Duration age;
    try {
      age = Duration.between(Instant.parse(timestamp), now);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    long seconds = Math.max(0, age.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 120 * 60) {
      return seconds / 60 + "m";
    }
    if (seconds < 48 * 3600) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }
}
