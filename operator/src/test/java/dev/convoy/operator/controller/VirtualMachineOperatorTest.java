package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.MockKube;
import dev.convoy.operator.vm.VirtualMachineActions;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("VM and VMI controllers on the mock API server (CRUD mode, CRDs registered)")
class VirtualMachineOperatorTest extends OperatorTestBase {

  static ConvoyOperator operator;
  static FakeKubelet kubelet;
  static FakeNodeAgent agent;
  static VirtualMachineActions actions;

  @BeforeAll
  static void start() {
    kube = MockKube.start();
    operator =
        ConvoyOperator.start(
            kube.client(), OperatorConfig.forTests(LauncherSettings.defaults()), Clock.systemUTC());
    kubelet = new FakeKubelet(kube.newClient(), "node-1");
    agent = new FakeNodeAgent(kube.newClient(), "node-1");
    actions = new VirtualMachineActions(kube.newClient());
  }

  @AfterAll
  static void stop() {
    agent.close();
    kubelet.close();
    operator.close();
    kube.close();
  }

  /**
   * Creates the VM and brings it to Running (through a start request where the strategy needs one).
   */
  static String running(String ns, String name, String strategy) throws Exception {
    client().resource(Fixtures.vm(ns, name, strategy)).create();
    if (strategy.equals("Manual")) {
      awaitPrintable(ns, name, "Stopped");
      actions.start(ns, name);
    }
    awaitVm(
        ns,
        name,
        vm -> {
          assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running");
          assertThat(vm.getStatus().getReady()).isTrue();
        });
    VirtualMachineInstance vmi = vmi(ns, name);
    assertThat(vmi.getStatus().getNodeName()).isEqualTo("node-1");
    assertThat(vmi.getMetadata().getLabels()).containsEntry(Labels.NODE_NAME, "node-1");
    assertThat(vmi.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(vm(ns, name).getMetadata().getUid()));
    assertThat(pods(ns))
        .singleElement()
        .satisfies(
            p -> assertThat(p.getMetadata().getName()).startsWith("virt-launcher-" + name + "-"));
    return vmi.getMetadata().getUid();
  }

  @ParameterizedTest(name = "{0}: VMI ends {1} → {2}")
  @CsvSource({
    // strategy,     the guest ends, what the controller does
    "Always,         Succeeded,      restarts",
    "Always,         Failed,         restarts",
    "RerunOnFailure, Failed,         restarts",
    "RerunOnFailure, Succeeded,      stops and removes the VMI",
    "Manual,         Succeeded,      keeps the final VMI",
    "Manual,         Failed,         keeps the final VMI",
    "Once,           Succeeded,      keeps the final VMI",
    "Once,           Failed,         keeps the final VMI",
  })
  void guestEnds(String strategy, String finalPhase, String expected) throws Exception {
    String ns = kube.namespace("ends");
    String first = running(ns, "vm", strategy);

    assertThat(FakeNodeAgent.setPhase(client(), vmi(ns, "vm"), finalPhase)).isTrue();

    switch (expected) {
      case "restarts" -> {
        awaitVm(
            ns,
            "vm",
            vm -> {
              assertThat(vmiUid(ns, "vm")).isNotNull().isNotEqualTo(first);
              assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running");
            });
        // The old VMI's pod went with it: exactly one launcher pod, the new VMI's.
        eventually()
            .untilAsserted(
                () ->
                    assertThat(pods(ns))
                        .singleElement()
                        .satisfies(
                            p ->
                                assertThat(p.getMetadata().getLabels())
                                    .containsEntry(Labels.CREATED_BY, vmiUid(ns, "vm"))));
        assertThat(vm(ns, "vm").getStatus().getStartFailure())
            .as("it had run: no backoff")
            .isNull();
      }
      case "stops and removes the VMI" -> {
        awaitPrintable(ns, "vm", "Stopped");
        eventually().untilAsserted(() -> assertThat(vmi(ns, "vm")).isNull());
        assertThat(vm(ns, "vm").getStatus().getCreated()).isFalse();
      }
      case "keeps the final VMI" -> {
        awaitPrintable(ns, "vm", "Stopped");
        assertThat(vmiUid(ns, "vm")).isEqualTo(first);
        assertThat(vmi(ns, "vm").getStatus().getPhase()).isEqualTo(finalPhase);
        assertThat(vm(ns, "vm").getStatus().getReady()).isFalse();
      }
      default -> throw new IllegalArgumentException(expected);
    }
  }

  @Test
  @DisplayName(
      "Halted deletes the VMI (with its pod) and the VM shows Stopped; spec.running: true means Always")
  void haltedAndRunning() throws Exception {
    String ns = kube.namespace("halted");
    running(ns, "vm", "Always");
    client()
        .resources(VirtualMachine.class)
        .inNamespace(ns)
        .withName("vm")
        .edit(
            v -> {
              v.getSpec().setRunStrategy("Halted");
              return v;
            });
    awaitPrintable(ns, "vm", "Stopped");
    eventually()
        .untilAsserted(
            () -> {
              assertThat(vmi(ns, "vm")).isNull();
              assertThat(pods(ns)).isEmpty();
            });

    VirtualMachine legacy = Fixtures.vm(ns, "legacy", null);
    legacy.getSpec().setRunning(true);
    client().resource(legacy).create();
    awaitPrintable(ns, "legacy", "Running");
    assertThat(vm(ns, "legacy").getStatus().getRunStrategy()).isEqualTo("Always");
  }

  @Test
  @DisplayName("start/stop/restart requests (VirtualMachineActions) on Manual and Always VMs")
  void actions() throws Exception {
    String ns = kube.namespace("actions");
    String first = running(ns, "manual", "Manual");
    assertThatThrownBy(() -> actions.start(ns, "manual"))
        .isInstanceOf(VirtualMachineActions.ConflictException.class)
        .hasMessage("VM is already running");

    actions.restart(ns, "manual");
    awaitVm(
        ns,
        "manual",
        vm -> {
          assertThat(vmiUid(ns, "manual")).isNotNull().isNotEqualTo(first);
          assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running");
          assertThat(vm.getStatus().getStateChangeRequests()).isNull();
        });

    actions.stop(ns, "manual");
    awaitPrintable(ns, "manual", "Stopped");
    eventually().untilAsserted(() -> assertThat(vmi(ns, "manual")).isNull());
    assertThat(vm(ns, "manual").getStatus().getStateChangeRequests()).isNull();
    assertThatThrownBy(() -> actions.stop(ns, "manual"))
        .isInstanceOf(VirtualMachineActions.ConflictException.class)
        .hasMessage("VM is not running");

    running(ns, "always", "Always");
    assertThatThrownBy(() -> actions.start(ns, "always"))
        .isInstanceOf(VirtualMachineActions.ConflictException.class);
    actions.stop(ns, "always");
    assertThat(vm(ns, "always").getSpec().getRunStrategy()).isEqualTo("Halted");
    awaitPrintable(ns, "always", "Stopped");
    actions.start(ns, "always");
    assertThat(vm(ns, "always").getSpec().getRunStrategy()).isEqualTo("Always");
    awaitPrintable(ns, "always", "Running");
    assertThatThrownBy(() -> actions.restart(ns, "nope"))
        .isInstanceOf(VirtualMachineActions.NotFoundException.class);
  }

  @Test
  @DisplayName(
      "a start request on a Halted VM switches it to Always, as KubeVirt's controller does")
  void startRequestOnHalted() throws Exception {
    String ns = kube.namespace("haltstart");
    client().resource(Fixtures.vm(ns, "vm", "Halted")).create();
    awaitPrintable(ns, "vm", "Stopped");
    client()
        .resources(VirtualMachine.class)
        .inNamespace(ns)
        .withName("vm")
        .editStatus(
            v -> {
              var r = new dev.convoy.api.kubevirt.v1.VirtualMachineStateChangeRequest();
              r.setAction("Start");
              v.getStatus().setStateChangeRequests(List.of(r));
              return v;
            });
    awaitPrintable(ns, "vm", "Running");
    assertThat(vm(ns, "vm").getSpec().getRunStrategy()).isEqualTo("Always");
  }

  @Test
  @DisplayName(
      "a guest that never starts crash-loops: startFailure counts, CrashLoopBackOff, 10 s then 40 s")
  void crashLoop() {
    String ns = kube.namespace("crash");
    VirtualMachine vm = Fixtures.vm(ns, "vm", "Always");
    vm.getSpec()
        .getTemplate()
        .getMetadata()
        .setLabels(Map.of(FakeNodeAgent.GUEST_LABEL, FakeNodeAgent.CRASH));
    client().resource(vm).create();
    awaitVm(
        ns,
        "vm",
        v -> {
          assertThat(v.getStatus().getPrintableStatus()).isEqualTo("CrashLoopBackOff");
          assertThat(v.getStatus().getStartFailure().getConsecutiveFailCount()).isEqualTo(1);
        });
    var first = vm(ns, "vm").getStatus().getStartFailure();
    awaitVm(
        ns,
        "vm",
        v -> assertThat(v.getStatus().getStartFailure().getConsecutiveFailCount()).isEqualTo(2));
    var second = vm(ns, "vm").getStatus().getStartFailure();
    assertThat(second.getLastFailedVmiUid()).isNotEqualTo(first.getLastFailedVmiUid());
    // The second start waited out the first backoff (10 s); the next waits 40 s.
    Instant firstRetry = Instant.parse(first.getRetryAfterTimestamp());
    Instant secondRetry = Instant.parse(second.getRetryAfterTimestamp());
    assertThat(secondRetry).isAfterOrEqualTo(firstRetry.plusSeconds(40));
    assertThat(vm(ns, "vm").getStatus().getPrintableStatus()).isEqualTo("CrashLoopBackOff");
  }

  @Test
  @DisplayName(
      "a missing PVC: ErrorPvcNotFound, no pod; once the claim exists the VM runs with it mounted")
  void missingPvc() {
    String ns = kube.namespace("pvc");
    client().resource(Fixtures.vmWithPvc(ns, "vm", "Always", "vm-root")).create();
    awaitPrintable(ns, "vm", "ErrorPvcNotFound");
    VirtualMachineInstance pending = vmi(ns, "vm");
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pending.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Synchronized");
              assertThat(c.getReason()).isEqualTo("FailedPvcNotFound");
              assertThat(c.getMessage()).contains("vm-root");
            });
    assertThat(pods(ns)).isEmpty();

    client()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("vm-root")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources()
                .endSpec()
                .withNewStatus()
                .withPhase("Bound")
                .endStatus()
                .build())
        .create();
    awaitPrintable(ns, "vm", "Running");
    Pod pod = pods(ns).get(0);
    assertThat(pod.getSpec().getVolumes())
        .anySatisfy(
            v ->
                assertThat(
                        v.getPersistentVolumeClaim() == null
                            ? null
                            : v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("vm-root"));
  }

  @Test
  @DisplayName(
      "a running VMI whose pod disappears fails (PodTerminated); a Manual VM then shows Stopped")
  void podDisappears() throws Exception {
    String ns = kube.namespace("podgone");
    running(ns, "vm", "Manual");
    client().pods().inNamespace(ns).delete();
    eventually()
        .untilAsserted(
            () -> {
              VirtualMachineInstance vmi = vmi(ns, "vm");
              assertThat(vmi.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(vmi.getStatus().getReason()).isEqualTo("PodTerminated");
            });
    awaitPrintable(ns, "vm", "Stopped");
  }

  @Test
  @DisplayName(
      "deleting a VMI waits for its pod (finalizer); deleting a VM removes VMI and pod first")
  void deletion() throws Exception {
    String ns = kube.namespace("delete");
    running(ns, "vm", "Manual");
    Pod pod = pods(ns).get(0);
    // Hold the pod the way a kubelet does while the launcher shuts the guest down.
    client()
        .pods()
        .inNamespace(ns)
        .withName(pod.getMetadata().getName())
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of("test.convoy.dev/kubelet"));
              return p;
            });

    client().resources(VirtualMachineInstance.class).inNamespace(ns).withName("vm").delete();
    awaitPrintable(ns, "vm", "Stopping");
    VirtualMachineInstance deleting = vmi(ns, "vm");
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(deleting.getMetadata().getFinalizers())
        .contains("kubevirt.io/foregroundDeleteVirtualMachine");
    // The VM shows Stopping from the VMI's deletionTimestamp; the VMI controller's cleanup deletes
    // the pod independently of that (a loaded machine ran it after the VM's status write).
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        client()
                            .pods()
                            .inNamespace(ns)
                            .withName(pod.getMetadata().getName())
                            .get()
                            .getMetadata()
                            .getDeletionTimestamp())
                    .as("the controller deleted the pod")
                    .isNotNull());

    client()
        .pods()
        .inNamespace(ns)
        .withName(pod.getMetadata().getName())
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });
    eventually().untilAsserted(() -> assertThat(vmi(ns, "vm")).isNull());
    awaitPrintable(ns, "vm", "Stopped");

    running(ns, "other", "Always");
    client().resources(VirtualMachine.class).inNamespace(ns).withName("other").delete();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(vm(ns, "other")).isNull();
              assertThat(vmi(ns, "other")).isNull();
              assertThat(pods(ns)).isEmpty();
            });
  }

  @Test
  @DisplayName("an invalid run strategy is reported as a Failure condition and nothing is started")
  void invalidSpec() {
    String ns = kube.namespace("invalid");
    VirtualMachine vm = Fixtures.vm(ns, "vm", "Always");
    vm.getSpec().setRunning(true); // the mock runs no admission: the controller must cope
    client().resource(vm).create();
    awaitVm(
        ns,
        "vm",
        v ->
            assertThat(v.getStatus().getConditions())
                .anySatisfy(
                    c -> {
                      assertThat(c.getType()).isEqualTo("Failure");
                      assertThat(c.getReason()).isEqualTo("InvalidRunStrategy");
                      assertThat(c.getMessage()).contains("mutually exclusive");
                    }));
    assertThat(vmi(ns, "vm")).isNull();
  }

  @Test
  @DisplayName("metrics count reconciles and VMs by printableStatus")
  void metrics() throws Exception {
    String ns = kube.namespace("metrics");
    running(ns, "vm", "Always");
    String text = operator.metrics().render();
    assertThat(text).contains("convoy_reconciliations_total{controller=\"virtualmachine\"}");
    assertThat(text).contains("convoy_virtualmachines{printable_status=\"Running\"}");
    assertThat(text).contains("convoy_virtualmachineinstances{phase=\"Running\"}");
    assertThat(operator.isReady()).isTrue();
  }

  @Test
  @DisplayName(
      "a template change on a running VM sets RestartRequired; a restart applies it and clears it")
  void restartRequired() throws Exception {
    String ns = kube.namespace("restartreq");
    String first = running(ns, "vm", "Always");
    client()
        .resources(VirtualMachine.class)
        .inNamespace(ns)
        .withName("vm")
        .edit(
            v -> {
              v.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getDomain()
                  .getMemory()
                  .setGuest(new io.fabric8.kubernetes.api.model.Quantity("256Mi"));
              return v;
            });
    awaitVm(
        ns,
        "vm",
        vm ->
            assertThat(
                    dev.convoy.operator.status.Conditions.find(
                        vm.getStatus().getConditions(), "RestartRequired"))
                .isNotNull()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True")));
    assertThat(vmiUid(ns, "vm")).isEqualTo(first); // nothing is applied live

    actions.restart(ns, "vm");
    awaitVm(
        ns,
        "vm",
        vm -> {
          assertThat(vmiUid(ns, "vm")).isNotNull().isNotEqualTo(first);
          assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running");
          assertThat(
                  dev.convoy.operator.status.Conditions.find(
                      vm.getStatus().getConditions(), "RestartRequired"))
              .isNull();
        });
    assertThat(vmi(ns, "vm").getSpec().getDomain().getMemory().getGuest())
        .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("256Mi"));
  }
}
