package dev.convoy.api.kubevirt.v1;

import java.util.List;

/**
 * Values of {@code spec.runStrategy} of a VirtualMachine. Kept as strings so a value from a newer
 * KubeVirt survives a read-modify-write.
 */
public final class RunStrategy {
  /** Keep a VirtualMachineInstance running; restart it whenever it stops. */
  public static final String ALWAYS = "Always";

  /** Restart only after phase Failed; Succeeded stays stopped. */
  public static final String RERUN_ON_FAILURE = "RerunOnFailure";

  /** Only start and stop requests act. */
  public static final String MANUAL = "Manual";

  /** Never run; an existing VirtualMachineInstance is deleted. The default. */
  public static final String HALTED = "Halted";

  /** Run once and never restart. */
  public static final String ONCE = "Once";

  /** Create a receiver VirtualMachineInstance for a cross-cluster migration. */
  public static final String WAIT_AS_RECEIVER = "WaitAsReceiver";

  /** Every value above, in KubeVirt's order. */
  public static final List<String> ALL =
      List.of(ALWAYS, RERUN_ON_FAILURE, MANUAL, HALTED, ONCE, WAIT_AS_RECEIVER);

  private RunStrategy() {}
}
