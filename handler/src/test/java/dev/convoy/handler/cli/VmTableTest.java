package dev.convoy.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceStatus;
import dev.convoy.api.kubevirt.v1.VirtualMachineStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VmTableTest {
  private static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");

  private static VirtualMachine vm(
      String ns, String name, String created, String status, String ready) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    if (status != null) {
      VirtualMachineStatus s = new VirtualMachineStatus();
      s.setPrintableStatus(status);
      KubeVirtCondition c = new KubeVirtCondition();
      c.setType("Ready");
      c.setStatus(ready);
      s.setConditions(List.of(c));
      vm.setStatus(s);
    }
    return vm;
  }

  @Test
  @DisplayName("vm list shows kubectl's VM columns plus the instance's phase and node")
  void rendersTable() {
    VirtualMachineInstance vmi = new VirtualMachineInstance();
    VirtualMachineInstanceStatus status = new VirtualMachineInstanceStatus();
    status.setPhase("Running");
    status.setNodeName("node-a");
    vmi.setStatus(status);
    String table =
        VmTable.render(
            List.of(
                vm("default", "web", "2026-01-01T23:59:15Z", "Running", "True"),
                vm("default", "db", "2026-01-01T21:00:00Z", null, null)),
            Map.of("default/web", vmi),
            false,
            NOW);
    assertThat(table)
        .isEqualTo(
            """
            NAME   AGE   STATUS    READY   PHASE     NODE
            db     3h    Stopped   False   -         -
            web    45s   Running   True    Running   node-a
            """);
    assertThat(VmTable.render(List.of(), Map.of(), true, NOW))
        .isEqualTo("No VirtualMachines found.\n");
    assertThat(VmTable.age("2025-12-29T00:00:00Z", NOW)).isEqualTo("4d");
  }
}
