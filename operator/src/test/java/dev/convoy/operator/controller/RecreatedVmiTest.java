package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.HeldResponses;
import dev.convoy.operator.testing.MockKube;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A restarted VM gets a new VMI of the same name, so JOSDK's per-name bookkeeping of the old VMI
 * and the new one meet. The race forced here: the reconcile that finished the old VMI's cleanup is
 * still returning (its thread descheduled on a loaded machine) while the old VMI's deletion and the
 * new VMI's creation have already been processed. Before the fix JOSDK then marked the new VMI
 * "deletion processed" and dropped every pod and timer event for it: the VMI stayed Scheduling
 * beside a Ready launcher pod (seen in fresh-clone CI runs of guestEnds[3] and
 * LocalRuntimeRestartTest).
 */
@DisplayName("a VMI recreated under the same name while the old one's cleanup is still returning")
class RecreatedVmiTest extends OperatorTestBase {

  /** The old VMI, once the test arms the hold (null before). */
  private final AtomicReference<VirtualMachineInstance> armedFor = new AtomicReference<>();

  /**
   * Holds the answer to the operator's write that ends the old VMI: its finalizer's removal
   * (JOSDK's PATCH before the fix, the controller's PUT after it), after which the API server has
   * deleted the VMI.
   */
  private final HeldResponses held =
      new HeldResponses(
          (request, response) -> {
            VirtualMachineInstance old = armedFor.get();
            if (old == null
                || !List.of("PUT", "PATCH").contains(request.method())
                || !request.uri().getPath().contains("/virtualmachineinstances/")
                || response.statusCode() / 100 != 2) {
              return false;
            }
            String uid = vmiUid(old.getMetadata().getNamespace(), old.getMetadata().getName());
            return !old.getMetadata().getUid().equals(uid);
          });

  private KubernetesClient operatorClient;
  private ConvoyOperator operator;
  private FakeKubelet kubelet;
  private FakeNodeAgent agent;

  @BeforeEach
  void start() {
    kube = MockKube.start();
    operatorClient = held.client(kube);
    operator =
        ConvoyOperator.start(
            operatorClient,
            OperatorConfig.forTests(LauncherSettings.defaults()),
            Clock.systemUTC());
    kubelet = new FakeKubelet(kube.newClient(), "node-1");
    agent = new FakeNodeAgent(kube.newClient(), "node-1");
  }

  @AfterEach
  void stop() {
    held.release();
    agent.close();
    kubelet.close();
    operator.close();
    operatorClient.close();
    kube.close();
  }

  @Test
  @DisplayName("the new VMI still reaches Running: its pod's events are not dropped")
  void newVmiRuns() throws Exception {
    String ns = kube.namespace("recreated");
    client().resource(Fixtures.vm(ns, "vm", "RerunOnFailure")).create();
    awaitPrintable(ns, "vm", "Running");
    String first = vmiUid(ns, "vm");

    // No kubelet for a while: the new VMI's pod stays unready until the old VMI's last reconcile
    // has returned.
    kubelet.close();
    armedFor.set(vmi(ns, "vm"));
    assertThat(FakeNodeAgent.setPhase(client(), vmi(ns, "vm"), VirtualMachineInstancePhase.FAILED))
        .isTrue();
    held.awaitHolding(Duration.ofSeconds(30));
    // The old VMI is gone and the new one is created and processed, its pod created.
    eventually()
        .untilAsserted(
            () -> {
              VirtualMachineInstance vmi = vmi(ns, "vm");
              assertThat(vmi).isNotNull();
              assertThat(vmi.getMetadata().getUid()).isNotEqualTo(first);
              assertThat(vmi.getStatus()).isNotNull();
              assertThat(vmi.getStatus().getPhase())
                  .isEqualTo(VirtualMachineInstancePhase.SCHEDULING);
            });
    held.release();
    // The old VMI's reconcile returns now; let it finish before the pod turns Ready.
    Thread.sleep(1000);
    kubelet = new FakeKubelet(kube.newClient(), "node-1");

    awaitVm(
        ns,
        "vm",
        vm -> {
          assertThat(vmiUid(ns, "vm")).isNotEqualTo(first);
          assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running");
        });
    assertThat(held.count()).as("responses held").isEqualTo(1);
  }
}
