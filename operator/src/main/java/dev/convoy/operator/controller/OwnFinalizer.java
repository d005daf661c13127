package dev.convoy.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A controller's cleanup removes its own finalizer itself, in an optimistic write, and then tells
 * JOSDK {@code DeleteControl.noFinalizerRemoval()}; it never returns {@code defaultDelete()}.
 *
 * <p>Why: JOSDK 5.2 keeps its per-resource event state by namespace and name, not UID. When JOSDK
 * removes the finalizer itself, it marks that name "deletion processed" once the reconcile has
 * returned, and from then on ignores every event for the name except the resource's own watch
 * events (no secondary-resource events, no timers). If the object is gone and a new one of the same
 * name has been created and seen before that reconcile returns (a restarted VM's new VMI has the
 * old one's name; a VM deleted and created again), the mark lands on the new object: its launcher
 * pod turning Ready never triggers a reconcile and the VMI stays Scheduling. That took a
 * descheduled thread on a loaded machine, and was seen in fresh-clone CI runs ({@code
 * RecreatedVmiTest} forces it). With {@code noFinalizerRemoval()} JOSDK marks nothing; a late
 * return can at most cancel the new object's pending reschedule or let one extra reconcile run
 * beside its first, which the optimistic writes tolerate.
 */
final class OwnFinalizer {

  private OwnFinalizer() {}

  /**
   * Writes {@code desired} (a copy of {@code read}, possibly with a new status) without {@code
   * finalizer}, carrying {@code read}'s resourceVersion; the API server deletes the object when no
   * finalizer is left.
   *
   * <p>When the removed finalizer was the last one the server deletes the object on this write. The
   * fabric8 mock server (and so the local API server) then answers 200 without a body, which the
   * client returns as null; that is a success too, and {@code desired} stands for the written
   * object.
   *
   * @return the written object, or empty when the server answered 409 Conflict (a newer version is
   *     on its way as an event)
   */
  static <P extends HasMetadata> Optional<P> remove(
      P read, P desired, String finalizer, UnaryOperator<P> update) {
    List<String> finalizers = desired.getMetadata().getFinalizers();
    if (finalizers != null) {
      desired
          .getMetadata()
          .setFinalizers(finalizers.stream().filter(f -> !f.equals(finalizer)).toList());
    }
    return StatusWriter.write(
        read,
        desired,
        (before, written) -> {},
        sent -> {
          P written = update.apply(sent);
          return written != null ? written : sent;
        });
  }
}
