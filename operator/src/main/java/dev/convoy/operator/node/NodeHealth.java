package dev.convoy.operator.node;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Annotations;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.vmi.VmiReasons;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * KubeVirt's node controller ({@code pkg/virt-controller/watch/node}), heartbeat part, as pure
 * functions. The node agent writes the annotation {@code kubevirt.io/heartbeat} (an RFC 3339 time)
 * and the label {@code kubevirt.io/schedulable} on its Node. A node whose last beat is older than
 * the timeout is unresponsive: it is labelled {@code kubevirt.io/schedulable=false} (no new
 * launcher pod selects it), and each of its VMIs that has started and not ended is set Failed with
 * reason {@value VmiReasons#NODE_UNRESPONSIVE}, so that its VM's run strategy decides what happens
 * next.
 */
public final class NodeHealth {

  private NodeHealth() {}

  /** What to do about one node. */
  public record Verdict(boolean unresponsive, boolean markUnschedulable) {
    static final Verdict HEALTHY = new Verdict(false, false);
  }

  /**
   * The verdict for {@code node} at {@code now}. A node without a (readable) heartbeat never had a
   * node agent and is left alone.
   */
  public static Verdict of(Node node, Instant now, Duration timeout) {
    Instant last = lastHeartbeat(node);
    if (last == null || Duration.between(last, now).compareTo(timeout) < 0) {
      return Verdict.HEALTHY;
    }
    Map<String, String> labels = node.getMetadata().getLabels();
    boolean schedulable = labels != null && "true".equals(labels.get(Labels.SCHEDULABLE));
    return new Verdict(true, schedulable);
  }

  /** The node's last heartbeat, or null when it has none. */
  public static Instant lastHeartbeat(Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    String beat = annotations == null ? null : annotations.get(Annotations.HEARTBEAT);
    if (beat == null) {
      return null;
    }
    try {
      return Instant.parse(beat);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Whether a VMI on an unresponsive node is failed: it has a phase (the VMI controller placed it)
   * and has not ended. One being deleted is failed too; its pod cannot go away on a dead node.
   */
  public static boolean failsWithNode(VirtualMachineInstance vmi) {
    return !Vmis.phase(vmi).isEmpty() && !Vmis.isFinal(vmi);
  }

  /**
   * A copy of {@code vmi} in phase Failed, reason NodeUnresponsive, with the transition stamped.
   */
  public static VirtualMachineInstance failed(VirtualMachineInstance vmi, Instant now) {
    VirtualMachineInstance copy = Serialization.deepCopy(vmi);
    copy.getStatus().setPhase(VirtualMachineInstancePhase.FAILED);
    copy.getStatus().setReason(VmiReasons.NODE_UNRESPONSIVE);
    List<PhaseTransitionTimestamp> stamps =
        copy.getStatus().getPhaseTransitionTimestamps() == null
            ? new ArrayList<>()
            : new ArrayList<>(copy.getStatus().getPhaseTransitionTimestamps());
    PhaseTransitionTimestamp stamp = new PhaseTransitionTimestamp();
    stamp.setPhase(VirtualMachineInstancePhase.FAILED);
    stamp.setPhaseTransitionTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString());
    stamps.add(stamp);
    copy.getStatus().setPhaseTransitionTimestamps(stamps);
    return copy;
  }
}
