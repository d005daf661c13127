package dev.convoy.plans.execution;

import java.time.Duration;

/**
 * What the executor must do for a VM after a step. Every action is idempotent: repeating one after
 * a restart finds the work done and changes nothing.
 */
public sealed interface MigrationAction {
  /** The VM the action is for. */
  String vm();

  /** Graceful guest shutdown, then power-off after {@code grace}. */
  record ShutdownSource(String vm, String sourceId, Duration grace) implements MigrationAction {}

  /** Power the source back on (rollback). */
  record PowerOnSource(String vm, String sourceId) implements MigrationAction {}

  /** Create the disk's PVC (if missing) and an import pod converting the source into it. */
  record StartImport(String vm, String disk, String targetPvc, int attempt)
      implements MigrationAction {}

  /** Delete the disk's import pod (finished, or failed and to be retried). */
  record DeleteImportPod(String vm, String disk) implements MigrationAction {}

  /** Create the VirtualMachine from the generated manifest, running. */
  record CreateVirtualMachine(String vm, String targetName) implements MigrationAction {}

  /** Delete the VirtualMachine, its instance, import pods and PVCs. */
  record DeleteTarget(String vm, String targetName) implements MigrationAction {}

  /** Emit a Kubernetes event (and a log line) for a step. */
  record Record(String vm, EventType type, String reason, String message)
      implements MigrationAction {}

  /** Kubernetes event types. */
  enum EventType {
    Normal,
    Warning
  }
}
