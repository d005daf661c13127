package dev.convoy.operator.testing;

import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;

/**
 * TEST DOUBLE, not Convoy code: stands in for the node agent (issue 8), which owns the
 * Running/Succeeded/Failed phases. It moves every Scheduled VMI on its node to Running, as the real
 * agent does once the launcher reports the domain running.
 */
public final class FakeNodeAgent implements AutoCloseable {

  private final KubernetesClient client;
  private final SharedIndexInformer<VirtualMachineInstance> informer;
  private final java.util.concurrent.ExecutorService workers =
      java.util.concurrent.Executors.newFixedThreadPool(8);

  public FakeNodeAgent(KubernetesClient client, String node) {
    this.client = client;
    informer =
        client
            .resources(VirtualMachineInstance.class)
            .inAnyNamespace()
            .withLabel("kubevirt.io/nodeName", node)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(VirtualMachineInstance vmi) {
                    run(vmi);
                  }

                  @Override
                  public void onUpdate(VirtualMachineInstance old, VirtualMachineInstance vmi) {
                    run(vmi);
                  }

                  @Override
                  public void onDelete(VirtualMachineInstance vmi, boolean unknown) {}
                });
  }

  private void run(VirtualMachineInstance vmi) {
    if (!VirtualMachineInstancePhase.SCHEDULED.equals(vmi.getStatus().getPhase())
        || vmi.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    workers.execute(() -> act(vmi));
  }

  private void act(VirtualMachineInstance vmi) {
    boolean crashes =
        vmi.getMetadata().getLabels() != null
            && CRASH.equals(vmi.getMetadata().getLabels().get(GUEST_LABEL));
    // One write from the watched copy, as the real agent writes from its cache: it carries the
    // resourceVersion seen, so a newer VMI makes it fail with 409 and that VMI's own event comes
    // back here.
    VirtualMachineInstance next = client.getKubernetesSerialization().clone(vmi);
    withPhase(
        next, crashes ? VirtualMachineInstancePhase.FAILED : VirtualMachineInstancePhase.RUNNING);
    try {
      client.resource(next).update();
    } catch (KubernetesClientException e) {
      // 409: a newer version is on its way; 404: deleted meanwhile
    }
  }

  private static VirtualMachineInstance withPhase(VirtualMachineInstance v, String phase) {
    v.getStatus().setPhase(phase);
    var stamps =
        v.getStatus().getPhaseTransitionTimestamps() == null
            ? new ArrayList<PhaseTransitionTimestamp>()
            : new ArrayList<>(v.getStatus().getPhaseTransitionTimestamps());
    PhaseTransitionTimestamp t = new PhaseTransitionTimestamp();
    t.setPhase(phase);
    t.setPhaseTransitionTimestamp(Instant.now().toString());
    stamps.add(t);
    v.getStatus().setPhaseTransitionTimestamps(stamps);
    return v;
  }

  /** Label on a VMI (set through the VM template) telling this double how the guest behaves. */
  public static final String GUEST_LABEL = "convoy.test/guest";

  /** {@link #GUEST_LABEL} value: the guest fails before it ever runs (a start failure). */
  public static final String CRASH = "crash";

  /**
   * Writes {@code phase} (with its transition timestamp) as the node agent would; true when
   * written.
   */
  public static boolean setPhase(
      KubernetesClient client, VirtualMachineInstance vmi, String phase) {
    try {
      client
          .resources(VirtualMachineInstance.class)
          .inNamespace(vmi.getMetadata().getNamespace())
          .withName(vmi.getMetadata().getName())
          .edit(v -> withPhase(v, phase));
      return true;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  @Override
  public void close() {
    informer.close();
    workers.shutdownNow();
  }
}
