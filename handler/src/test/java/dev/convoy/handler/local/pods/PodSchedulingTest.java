package dev.convoy.handler.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PodSchedulingTest {
  private static final LocalImages IMAGES = LocalImages.defaults();
  private static final String LAUNCHER = LocalImages.LAUNCHER_IMAGE + ":1.0";

  private static Node node(Map<String, String> labels, String memory) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("n1")
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .withAllocatable(Map.of("cpu", new Quantity("2"), "memory", new Quantity(memory)))
        .endStatus()
        .build();
  }

  private static Pod pod(String name, String image, String memory, Map<String, String> selector) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(name)
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(selector)
        .addNewContainer()
        .withName("compute")
        .withImage(image)
        .withNewResources()
        .addToRequests("memory", new Quantity(memory))
        .addToRequests("cpu", new Quantity("100m"))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  @DisplayName("a launcher pod whose selector matches and whose requests fit is bound")
  void binds() {
    var decision =
        PodScheduling.decide(
            pod("a", LAUNCHER, "1Gi", Map.of("kubevirt.io/schedulable", "true")),
            node(Map.of("kubevirt.io/schedulable", "true"), "4Gi"),
            List.of(),
            IMAGES);
    assertThat(decision).isEqualTo(new PodScheduling.Decision.Bind("n1"));
  }

  @Test
  @DisplayName("an unschedulable node (the agent is not healthy) does not get launcher pods")
  void selectorMismatch() {
    var decision =
        PodScheduling.decide(
            pod("a", LAUNCHER, "1Gi", Map.of("kubevirt.io/schedulable", "true")),
            node(Map.of("kubevirt.io/schedulable", "false"), "4Gi"),
            List.of(),
            IMAGES);
    assertThat(decision)
        .isEqualTo(
            new PodScheduling.Decision.Unschedulable(
                PodScheduling.UNSCHEDULABLE,
                "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
                    + " preemption: not available."));
  }

  @Test
  @DisplayName("memory already requested by bound pods counts; ended pods do not")
  void insufficientMemory() {
    Pod running = pod("r", LAUNCHER, "3Gi", Map.of());
    Pod ended = pod("e", LAUNCHER, "3Gi", Map.of());
    ended.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
    Node node = node(Map.of(), "4Gi");
    assertThat(
            PodScheduling.decide(
                pod("a", LAUNCHER, "2Gi", Map.of()), node, List.of(running), IMAGES))
        .isInstanceOf(PodScheduling.Decision.Unschedulable.class)
        .extracting(d -> ((PodScheduling.Decision.Unschedulable) d).message())
        .asString()
        .contains("Insufficient memory");
    assertThat(
            PodScheduling.decide(pod("a", LAUNCHER, "2Gi", Map.of()), node, List.of(ended), IMAGES))
        .isInstanceOf(PodScheduling.Decision.Bind.class);
  }

  @Test
  @DisplayName("a pod with another image is refused with the image and what would run")
  void unsupportedImage() {
    var decision =
        PodScheduling.decide(
            pod("a", "quay.io/kubevirt/virt-launcher:v1.3", "1Gi", Map.of()),
            node(Map.of(), "4Gi"),
            List.of(),
            IMAGES);
    assertThat(decision).isInstanceOf(PodScheduling.Decision.Unschedulable.class);
    var no = (PodScheduling.Decision.Unschedulable) decision;
    assertThat(no.reason()).isEqualTo(PodScheduling.UNSUPPORTED_IMAGE);
    assertThat(no.message())
        .contains(
            "Unsupported image in the local runtime",
            "quay.io/kubevirt/virt-launcher:v1.3",
            LocalImages.LAUNCHER_IMAGE);
  }

  @Test
  @DisplayName("image prefixes match any tag; the longest prefix wins")
  void imagePrefixes() {
    LocalImages images = IMAGES.with("ghcr.io/convoy-dev/convoy-launcher-debug", "x.Debug");
    assertThat(images.mainClassFor(LocalImages.LAUNCHER_IMAGE + "@sha256:abc"))
        .contains(LocalImages.LAUNCHER_MAIN);
    assertThat(images.mainClassFor("ghcr.io/convoy-dev/convoy-launcher-debug:2"))
        .contains("x.Debug");
    assertThat(images.mainClassFor("nginx")).isEmpty();
    assertThat(LocalImages.parseEntry("a/b=c.D")).isEqualTo(new LocalImages.Entry("a/b", "c.D"));
  }
}
