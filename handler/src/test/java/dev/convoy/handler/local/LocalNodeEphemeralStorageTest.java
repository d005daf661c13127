package dev.convoy.handler.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.handler.local.pods.LocalImages;
import dev.convoy.handler.local.pods.PodScheduling;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local node publishes ephemeral storage like a kubelet, so that pods requesting it (import
 * pods size their scratch space) are scheduled against the machine's disk, not refused.
 */
class LocalNodeEphemeralStorageTest {
  static Pod pod(String name, String ephemeral) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("importer")
        .withImage(LocalImages.LAUNCHER_IMAGE + ":1.0")
        .withNewResources()
        .addToRequests("ephemeral-storage", new Quantity(ephemeral))
        .addToLimits("ephemeral-storage", new Quantity(ephemeral))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void capacityAndAllocatableCarryTheFilesystemsSizeAndPodsAreScheduledAgainstIt(
      @TempDir Path dir) {
    long bytes = LocalNode.filesystemBytes(dir);
    assertThat(bytes).isPositive();
    Node node = LocalNode.render("n1", 2, 8L << 30, 10L << 30, false, Instant.now());
    assertThat(node.getStatus().getCapacity())
        .containsEntry("ephemeral-storage", new Quantity(Long.toString(10L << 30)));
    assertThat(node.getStatus().getAllocatable())
        .containsEntry("ephemeral-storage", new Quantity(Long.toString(10L << 30)));

    assertThat(PodScheduling.decide(pod("a", "577Mi"), node, List.of(), LocalImages.defaults()))
        .isEqualTo(new PodScheduling.Decision.Bind("n1"));
    var tooLarge = PodScheduling.decide(pod("b", "11Gi"), node, List.of(), LocalImages.defaults());
    assertThat(tooLarge).isInstanceOf(PodScheduling.Decision.Unschedulable.class);
    assertThat(tooLarge.toString()).contains("Insufficient ephemeral-storage");
  }

  @Test
  void anUnreadableDirectoryCountsAsNoStorage() {
    assertThat(LocalNode.filesystemBytes(Path.of("/nonexistent/convoy/runtime"))).isZero();
  }
}
