package dev.convoy.handler.agent;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.ConditionType;
import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceNetworkInterface;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceStatus;
import dev.convoy.operator.status.Conditions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The part of a VMI's status the node agent owns, as a pure function: the phase once the VMI is
 * Scheduled (Running, Succeeded, Failed) with its transition timestamp and reason, the interfaces,
 * and the conditions Paused and Synchronized. Everything else (Ready, PodScheduled, the labels) is
 * the VMI controller's and is left as it is.
 */
public final class HandlerStatus {
  /** Synchronized=False reasons the node agent writes (and removes again once it syncs). */
  public static final String SYNC_FAILED = "SyncFailed";

  /** Reason of the Paused condition for a domain the user paused. */
  public static final String PAUSED_BY_USER = "PausedByUser";

  private static final Set<String> OWN_SYNC_REASONS = Set.of(SYNC_FAILED);

  private HandlerStatus() {}

  /** What the node agent observed in one pass. */
  public record Observation(
      PhaseMapping.Decision decision, PhaseMapping.Domain domain, String syncError) {}

  /** The VMI to write (a copy), or {@code vmi} itself when nothing the agent owns changed. */
  public static VirtualMachineInstance apply(
      VirtualMachineInstance vmi, Observation observation, Instant now) {
    VirtualMachineInstance next = Serialization.deepCopy(vmi);
    VirtualMachineInstanceStatus status =
        next.getStatus() == null ? new VirtualMachineInstanceStatus() : next.getStatus();
    next.setStatus(status);
    String phase = observation.decision().phase();
    if (!Objects.equals(phase, status.getPhase())) {
      status.setPhase(phase);
      List<PhaseTransitionTimestamp> stamps =
          status.getPhaseTransitionTimestamps() == null
              ? new ArrayList<>()
              : new ArrayList<>(status.getPhaseTransitionTimestamps());
      PhaseTransitionTimestamp stamp = new PhaseTransitionTimestamp();
      stamp.setPhase(phase);
      stamp.setPhaseTransitionTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString());
      stamps.add(stamp);
      status.setPhaseTransitionTimestamps(stamps);
      if (observation.decision().reason() != null) {
        status.setReason(observation.decision().reason());
      }
    }
    if ("Running".equals(phase)) {
      status.setInterfaces(interfaces(next, status.getInterfaces()));
    }
    Conditions conditions =
        Conditions.from(status.getConditions(), next.getMetadata().getGeneration(), now);
    PhaseMapping.Domain domain = observation.domain();
    if ("Running".equals(phase)
        && domain != null
        && "Paused".equals(domain.state())
        && "User".equals(domain.reason())) {
      conditions.set(
          ConditionType.PAUSED,
          true,
          PAUSED_BY_USER,
          "the VirtualMachineInstance was paused by user");
    } else {
      conditions.remove(ConditionType.PAUSED);
    }
    KubeVirtCondition sync = find(status.getConditions(), ConditionType.SYNCHRONIZED);
    if (observation.syncError() != null) {
      conditions.set(ConditionType.SYNCHRONIZED, false, SYNC_FAILED, observation.syncError());
    } else if (sync != null && OWN_SYNC_REASONS.contains(sync.getReason())) {
      conditions.remove(ConditionType.SYNCHRONIZED);
    }
    status.setConditions(conditions.build());
    return Serialization.sameJson(vmi, next) ? vmi : next;
  }

  /** The spec's interfaces with their MAC (when set) and any address already known. */
  private static List<VirtualMachineInstanceNetworkInterface> interfaces(
      VirtualMachineInstance vmi, List<VirtualMachineInstanceNetworkInterface> known) {
    var devices =
        vmi.getSpec() == null || vmi.getSpec().getDomain() == null
            ? null
            : vmi.getSpec().getDomain().getDevices();
    if (devices == null || devices.getInterfaces() == null || devices.getInterfaces().isEmpty()) {
      return known;
    }
    List<VirtualMachineInstanceNetworkInterface> result = new ArrayList<>();
    for (Interface spec : devices.getInterfaces()) {
      VirtualMachineInstanceNetworkInterface entry = new VirtualMachineInstanceNetworkInterface();
      if (known != null) {
        for (VirtualMachineInstanceNetworkInterface old : known) {
          if (spec.getName().equals(old.getName())) {
            entry = Serialization.deepCopy(old);
          }
        }
      }
      entry.setName(spec.getName());
      if (spec.getMacAddress() != null) {
        entry.setMac(spec.getMacAddress().toLowerCase(java.util.Locale.ROOT));
      }
      if (entry.getInfoSource() == null) {
        entry.setInfoSource("domain");
      }
      result.add(entry);
    }
    return result;
  }

  private static KubeVirtCondition find(List<KubeVirtCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
