package dev.convoy.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a primary resource with optimistic locking: the request carries the resourceVersion the
 * reconcile read, so a concurrent writer (a user's start request, the node agent) makes it fail
 * with 409 instead of being overwritten. On 409 nothing is retried blindly: the newer version
 * arrives as an event and the next reconcile recomputes from it. A successful write is put into
 * JOSDK's primary cache so the next reconcile does not start from the old one, and recorded in
 * {@link OwnWrites} so that its own watch event does not trigger a reconcile that has nothing to
 * do.
 */
public final class StatusWriter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  private StatusWriter() {}

  /**
   * Writes {@code desired} (which gets {@code read}'s resourceVersion) with {@code write} and
   * records the result in the controller's primary cache and in {@code own} (null: the write's own
   * event should trigger a reconcile, because the written state is not final yet).
   *
   * @return the written object, or empty when the server answered 409 Conflict
   */
  public static <P extends HasMetadata> Optional<P> write(
      P read, P desired, Context<P> context, OwnWrites<P> own, UnaryOperator<P> write) {
    return write(
        read,
        desired,
        (before, written) -> {
          if (own != null) {
            own.wrote(written);
          }
          context
              .eventSourceRetriever()
              .getControllerEventSource()
              .handleRecentResourceUpdate(ResourceID.fromResource(before), written, before);
        },
        write);
  }

  /**
   * Writes {@code desired} (which gets {@code read}'s resourceVersion) with {@code write}; {@code
   * written} is told about a successful write.
   *
   * @return the written object, or empty when the server answered 409 Conflict
   */
  public static <P extends HasMetadata> Optional<P> write(
      P read, P desired, BiConsumer<P, P> written, UnaryOperator<P> write) {
    desired.getMetadata().setResourceVersion(read.getMetadata().getResourceVersion());
    try {
      P result = write.apply(desired);
      written.accept(read, result);
      return Optional.of(result);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.debug(
            "conflict writing {} {}/{} at resourceVersion {}; the next reconcile recomputes",
            read.getKind(),
            read.getMetadata().getNamespace(),
            read.getMetadata().getName(),
            read.getMetadata().getResourceVersion());
        return Optional.empty();
      }
      throw e;
    }
  }
}
