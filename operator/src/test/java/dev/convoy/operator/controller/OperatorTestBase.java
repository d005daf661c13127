package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.testing.MockKube;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;

/** Reads and waits shared by the operator tests on the mock API server. */
abstract class OperatorTestBase {

  static MockKube kube;

  static KubernetesClient client() {
    return kube.client();
  }

  static VirtualMachine vm(String ns, String name) {
    return client().resources(VirtualMachine.class).inNamespace(ns).withName(name).get();
  }

  static VirtualMachineInstance vmi(String ns, String name) {
    return client().resources(VirtualMachineInstance.class).inNamespace(ns).withName(name).get();
  }

  static List<Pod> pods(String ns) {
    return client().pods().inNamespace(ns).list().getItems();
  }

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100));
  }

  /**
   * Waits until the VM's status satisfies {@code check}; on timeout the VM, VMI and pods are
   * printed.
   */
  static void awaitVm(String ns, String name, Consumer<VirtualMachine> check) {
    try {
      eventually()
          .untilAsserted(
              () -> {
                VirtualMachine vm = vm(ns, name);
                assertThat(vm).isNotNull();
                assertThat(vm.getStatus()).isNotNull();
                check.accept(vm);
              });
    } catch (AssertionError | RuntimeException e) {
      System.err.println("--- state of " + ns + "/" + name + " on timeout ---");
      System.err.println(Serialization.toYaml(vm(ns, name)));
      System.err.println(Serialization.toYaml(vmi(ns, name)));
      System.err.println(Serialization.toYaml(pods(ns)));
      throw e;
    }
  }

  static void awaitPrintable(String ns, String name, String printableStatus) {
    awaitVm(
        ns, name, vm -> assertThat(vm.getStatus().getPrintableStatus()).isEqualTo(printableStatus));
  }

  static String vmiUid(String ns, String name) {
    VirtualMachineInstance vmi = vmi(ns, name);
    return vmi == null ? null : vmi.getMetadata().getUid();
  }
}
