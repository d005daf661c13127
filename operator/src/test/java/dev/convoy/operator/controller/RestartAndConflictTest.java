package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.MockKube;
import dev.convoy.operator.testing.WriteFreeze;
import dev.convoy.operator.vm.VmiRenderer;
import dev.convoy.operator.vmi.LauncherPodRenderer;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "restarts, twin operators and 409 conflicts never duplicate VMIs or pods, nor lose writes")
class RestartAndConflictTest extends OperatorTestBase {

  static final int VMS = 30;

  @BeforeEach
  void start() {
    kube = MockKube.start();
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  static ConvoyOperator operator() {
    return ConvoyOperator.start(
        kube.newClient(), OperatorConfig.forTests(LauncherSettings.defaults()), Clock.systemUTC());
  }

  static void createVms(String ns) {
    for (int i = 0; i < VMS; i++) {
      client().resource(Fixtures.vm(ns, "vm-" + i, "Always")).create();
    }
  }

  /**
   * Every VM Running with exactly one VMI (owned by it) and exactly one launcher pod (owned by that
   * VMI).
   */
  static void awaitConsistent(String ns) {
    eventually()
        .untilAsserted(
            () -> {
              List<VirtualMachine> vms =
                  client().resources(VirtualMachine.class).inNamespace(ns).list().getItems();
              assertThat(vms).hasSize(VMS);
              assertThat(vms)
                  .allSatisfy(
                      vm -> assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running"));
            });
    List<VirtualMachineInstance> vmis =
        client().resources(VirtualMachineInstance.class).inNamespace(ns).list().getItems();
    assertThat(vmis).hasSize(VMS);
    Map<String, Long> podsPerVmi =
        pods(ns).stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.getMetadata().getLabels().get(Labels.CREATED_BY),
                    Collectors.counting()));
    assertThat(podsPerVmi).hasSize(VMS);
    assertThat(podsPerVmi.values()).allMatch(n -> n == 1);
    assertThat(podsPerVmi.keySet())
        .containsExactlyInAnyOrderElementsOf(
            vmis.stream().map(v -> v.getMetadata().getUid()).toList());
  }

  /** A fingerprint of everything in the namespace the operator writes. */
  static String fingerprint(String ns) {
    return client().resources(VirtualMachine.class).inNamespace(ns).list().getItems().stream()
            .map(v -> v.getMetadata().getResourceVersion())
            .sorted()
            .collect(Collectors.joining(","))
        + "/"
        + client()
            .resources(VirtualMachineInstance.class)
            .inNamespace(ns)
            .list()
            .getItems()
            .stream()
            .map(v -> v.getMetadata().getResourceVersion())
            .sorted()
            .collect(Collectors.joining(","))
        + "/"
        + pods(ns).size();
  }

  @Test
  @DisplayName(
      "an operator dying mid-flight and a new one: the VMIs already made are kept, none is doubled")
  void restartMidFlight() {
    String ns = kube.namespace("restart");
    createVms(ns);
    WriteFreeze crash = new WriteFreeze();
    KubernetesClient firstClient = crash.client(kube);
    try (ConvoyOperator first =
        ConvoyOperator.start(
            firstClient, OperatorConfig.forTests(LauncherSettings.defaults()), Clock.systemUTC())) {
      eventually()
          .until(
              () ->
                  client()
                          .resources(VirtualMachineInstance.class)
                          .inNamespace(ns)
                          .list()
                          .getItems()
                          .size()
                      >= 10);
      // The process "dies" between two API calls: whatever it had not written yet stays unwritten.
      crash.freeze();
      // Let writes already in flight land before the informers close (the mock stalls its event
      // loop for up to a
      // minute when a watch closes with events still queued for it).
      AtomicReference<String> last = new AtomicReference<>("");
      await()
          .pollInterval(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                String now = fingerprint(ns);
                return now.equals(last.getAndSet(now));
              });
    } finally {
      firstClient.close();
    }
    Map<String, String> uidsAtCrash = new HashMap<>();
    client()
        .resources(VirtualMachineInstance.class)
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(v -> uidsAtCrash.put(v.getMetadata().getName(), v.getMetadata().getUid()));
    assertThat(uidsAtCrash.size()).isBetween(10, VMS);

    try (ConvoyOperator second = operator();
        FakeKubelet kubelet = new FakeKubelet(kube.newClient(), "node-1");
        FakeNodeAgent agent = new FakeNodeAgent(kube.newClient(), "node-1")) {
      awaitConsistent(ns);
    }
    uidsAtCrash.forEach((name, uid) -> assertThat(vmiUid(ns, name)).as(name).isEqualTo(uid));
  }

  @Test
  @DisplayName("two operators at once (stale caches racing) still make one VMI and one pod per VM")
  void twinOperators() {
    String ns = kube.namespace("twins");
    createVms(ns);
    try (ConvoyOperator a = operator();
        ConvoyOperator b = operator();
        FakeKubelet kubelet = new FakeKubelet(kube.newClient(), "node-1");
        FakeNodeAgent agent = new FakeNodeAgent(kube.newClient(), "node-1")) {
      awaitConsistent(ns);
    }
  }

  @Test
  @DisplayName(
      "work left half-done by a dead operator (VMI and pod created, no status) is adopted, not redone")
  void adoptsLeftovers() {
    String ns = kube.namespace("leftover");
    VirtualMachine vm = client().resource(Fixtures.vm(ns, "vm", "Always")).create();
    VirtualMachineInstance vmi = client().resource(VmiRenderer.render(vm)).create();
    Pod pod =
        client()
            .resource(LauncherPodRenderer.render(vmi, Map.of(), LauncherSettings.defaults()))
            .create();
    try (ConvoyOperator operator = operator();
        FakeKubelet kubelet = new FakeKubelet(kube.newClient(), "node-1");
        FakeNodeAgent agent = new FakeNodeAgent(kube.newClient(), "node-1")) {
      awaitPrintable(ns, "vm", "Running");
    }
    assertThat(vmiUid(ns, "vm")).isEqualTo(vmi.getMetadata().getUid());
    assertThat(pods(ns))
        .extracting(p -> p.getMetadata().getUid())
        .containsExactly(pod.getMetadata().getUid());
  }

  @Test
  @DisplayName(
      "a write from a stale read gets 409 and is dropped; the newer write (the node agent's) survives")
  void staleWriteRejected() {
    // The VMI is written whole with its resourceVersion (it has no status subresource), as every
    // VMI write of the
    // controller is. (The mock does not enforce resourceVersion on PUT .../status, so the VM's
    // status write is
    // guarded only on a real API server.)
    String ns = kube.namespace("conflict");
    client().resource(Fixtures.vmi(ns, "vm", null, "Scheduled")).create();
    VirtualMachineInstance stale = vmi(ns, "vm");

    assertThat(FakeNodeAgent.setPhase(client(), stale, "Running")).isTrue();

    VirtualMachineInstance desired = Serialization.deepCopy(stale);
    desired.getStatus().setPhase("Failed");
    Optional<VirtualMachineInstance> written =
        StatusWriter.write(
            stale, desired, (before, after) -> {}, r -> client().resource(r).update());

    assertThat(written).isEmpty();
    assertThat(vmi(ns, "vm").getStatus().getPhase()).isEqualTo("Running");

    VirtualMachineInstance fresh = vmi(ns, "vm");
    VirtualMachineInstance again = Serialization.deepCopy(fresh);
    again.getStatus().setReason("checked");
    assertThat(StatusWriter.write(fresh, again, (b, a) -> {}, r -> client().resource(r).update()))
        .isPresent();
    assertThat(vmi(ns, "vm").getStatus().getReason()).isEqualTo("checked");
  }
}
