package dev.convoy.operator.status;

import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that builds status conditions, for VirtualMachines and VirtualMachineInstances
 * alike.
 *
 * <p>Start from the conditions the object has now ({@link #from}), state what each condition should
 * be ({@link #set}, {@link #mirror}, {@link #remove}), then {@link #build()}. Every condition
 * written gets {@code observedGeneration} (the generation the controller acted on) and keeps its
 * old {@code lastTransitionTime} unless its status or reason changed, so re-running a reconcile on
 * an unchanged world yields an identical list and no write.
 *
 * <p>KubeVirt's condition type has no {@code observedGeneration}; the model keeps unknown fields,
 * so the field travels as an extra property and KubeVirt clients ignore it.
 */
public final class Conditions {

  /** The extra property carrying the generation a condition was computed for. */
  public static final String OBSERVED_GENERATION = "observedGeneration";

  private final Map<String, KubeVirtCondition> previous = new LinkedHashMap<>();
  private final Map<String, KubeVirtCondition> next = new LinkedHashMap<>();
  private final Long generation;
  private final String now;

  private Conditions(List<KubeVirtCondition> existing, Long generation, Instant now) {
    if (existing != null) {
      for (KubeVirtCondition c : existing) {
        if (c != null && c.getType() != null) {
          previous.put(c.getType(), c);
          next.put(c.getType(), c);
        }
      }
    }
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Starts from {@code existing} (may be null).
   *
   * @param generation the object's metadata.generation this computation is based on
   * @param now the time recorded as lastTransitionTime for conditions that change
   */
  public static Conditions from(List<KubeVirtCondition> existing, Long generation, Instant now) {
    return new Conditions(existing, generation, now);
  }

  /** Sets condition {@code type}; status is {@link KubeVirtCondition#TRUE}, FALSE or UNKNOWN. */
  public Conditions set(String type, String status, String reason, String message) {
    KubeVirtCondition old = previous.get(type);
    KubeVirtCondition c = new KubeVirtCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    boolean transitioned =
        old == null
            || !Objects.equals(old.getStatus(), status)
            || !Objects.equals(old.getReason(), reason);
    c.setLastTransitionTime(transitioned ? now : old.getLastTransitionTime());
    c.setLastProbeTime(old == null || transitioned ? null : old.getLastProbeTime());
    if (generation != null) {
      c.setAdditionalProperty(OBSERVED_GENERATION, generation);
    }
    next.put(type, c);
    return this;
  }

  /** Shorthand for {@code set(type, True|False, reason, message)}. */
  public Conditions set(String type, boolean status, String reason, String message) {
    return set(type, status ? KubeVirtCondition.TRUE : KubeVirtCondition.FALSE, reason, message);
  }

  /**
   * Copies a condition of another object (the VMI's onto the VM): its status, reason, message and
   * transition time, with this object's observedGeneration.
   */
  public Conditions mirror(KubeVirtCondition source) {
    KubeVirtCondition c = new KubeVirtCondition();
    c.setType(source.getType());
    c.setStatus(source.getStatus());
    c.setReason(source.getReason());
    c.setMessage(source.getMessage());
    c.setLastProbeTime(source.getLastProbeTime());
    KubeVirtCondition old = previous.get(source.getType());
    String transition = source.getLastTransitionTime();
    if (transition == null) {
      boolean transitioned =
          old == null
              || !Objects.equals(old.getStatus(), source.getStatus())
              || !Objects.equals(old.getReason(), source.getReason());
      transition = transitioned ? now : old.getLastTransitionTime();
    }
    c.setLastTransitionTime(transition);
    if (generation != null) {
      c.setAdditionalProperty(OBSERVED_GENERATION, generation);
    }
    next.put(source.getType(), c);
    return this;
  }

  /** Drops condition {@code type} if present. */
  public Conditions remove(String type) {
    next.remove(type);
    return this;
  }

  /** The types present now, in order. */
  public List<String> types() {
    return new ArrayList<>(next.keySet());
  }

  /** The conditions, or null when there are none (so an empty list is never written). */
  public List<KubeVirtCondition> build() {
    return next.isEmpty() ? null : new ArrayList<>(next.values());
  }

  /** Finds condition {@code type} in {@code conditions} (null-safe). */
  public static KubeVirtCondition find(List<KubeVirtCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (KubeVirtCondition c : conditions) {
      if (c != null && type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  /**
   * Whether {@code conditions} holds {@code type} with {@code status} (and {@code reason}, unless
   * null).
   */
  public static boolean has(
      List<KubeVirtCondition> conditions, String type, String status, String reason) {
    KubeVirtCondition c = find(conditions, type);
    return c != null
        && status.equals(c.getStatus())
        && (reason == null || reason.equals(c.getReason()));
  }
}
