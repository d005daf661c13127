package dev.convoy.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * TEST DOUBLE, not Convoy code: stands in for kube-scheduler and the kubelet, which the mock API
 * server does not run. Every launcher pod that appears is bound to {@code node} and reported
 * Running and Ready, as a kubelet does once the launcher's readiness probe (its command socket)
 * passes. Tests that need a pod to stay unready create their own pods or do not start this.
 */
public final class FakeKubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final String node;
  private final SharedIndexInformer<Pod> informer;
  private final ExecutorService workers = Executors.newFixedThreadPool(8);

  public FakeKubelet(KubernetesClient client, String node) {
    this.client = client;
    this.node = node;
    informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel("kubevirt.io", "virt-launcher")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    start(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod pod) {
                    start(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                });
  }

  private void start(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))) {
      return;
    }
    // Off the informer thread, several at a time, one merge patch each: a kubelet per node works in
    // parallel.
    workers.execute(
        () -> {
          try {
            client
                .pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"nodeName\":\""
                        + node
                        + "\"},\"status\":"
                        + client.getKubernetesSerialization().asJson(running())
                        + "}");
          } catch (KubernetesClientException e) {
            // deleted meanwhile: nothing to start
          }
        });
  }

  /** The status a kubelet reports for a started, ready pod. */
  public static io.fabric8.kubernetes.api.model.PodStatus running() {
    var status = new io.fabric8.kubernetes.api.model.PodStatus();
    status.setPhase("Running");
    status.setQosClass("Burstable");
    status.setConditions(
        List.of(
            new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
            new PodConditionBuilder().withType("Ready").withStatus("True").build()));
    return status;
  }

  @Override
  public void close() {
    informer.close();
    workers.shutdownNow();
  }
}
