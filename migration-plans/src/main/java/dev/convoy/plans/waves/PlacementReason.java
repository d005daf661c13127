package dev.convoy.plans.waves;

/** Why a VM sits in its wave: one kind and one sentence. */
public record PlacementReason(Kind kind, String text) {

  /** The kinds of reason, in the order a report lists them. */
  public enum Kind {
    /** The plan put it in this wave by hand. */
    EXPLICIT,
    /** Its environment's place in the environment order. */
    ENVIRONMENT,
    /** It belongs to a move group, or a dependency marked "together" ties it to other VMs. */
    GROUP,
    /** A VM it needs moves in this wave, or it is needed here. */
    DEPENDENCY,
    /** Earlier waves were full under the per-wave caps. */
    CAP,
    /** Earlier waves held their balanced share of the caps. */
    BALANCE,
    /** Its priority among VMs that were ready at the same time. */
    PRIORITY,
    /** Nothing held it back: it is in the earliest wave it could be in. */
    EARLIEST
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + text;
  }
}
