package dev.convoy.handler.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.handler.local.api.ApiJournal.StoredObject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API server's garbage collector: Kubernetes' ownerReference cascade, which the mock
 * server does not have and the controllers rely on (a VM's VMI, a VMI's launcher pod, a PVC's
 * import pod). An object whose every owner (by uid) is gone is deleted, in the background
 * propagation style: dependents of dependents follow on the next pass. Runs after each deletion and
 * every few seconds.
 *
 * <p>Not emulated: foreground deletion ({@code blockOwnerDeletion}), orphaning, removing the
 * dangling references of objects that still have a live owner, namespace deletion cascade.
 */
public final class OwnerReferenceCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerReferenceCollector.class);
  private static final ObjectMapper MAPPER = Serialization.jsonMapper();

  private final LocalApiDispatcher dispatcher;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean pending = new AtomicBoolean();

  public OwnerReferenceCollector(LocalApiDispatcher dispatcher, long periodMillis) {
    this.dispatcher = dispatcher;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "local-api-gc");
              thread.setDaemon(true);
              return thread;
            });
    dispatcher.addListener(
        change -> {
          if (change.deleted()) {
            trigger();
          }
        });
    executor.scheduleWithFixedDelay(
        this::trigger, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void trigger() {
    if (pending.compareAndSet(false, true)) {
      executor.execute(
          () -> {
            pending.set(false);
            try {
              collectOnce();
            } catch (RuntimeException e) {
              LOG.warn("Garbage collection pass failed", e);
            }
          });
    }
  }

  /** One pass: deletes every object whose owners are all gone; returns the paths deleted. */
  public List<String> collectOnce() {
    List<StoredObject> entries = dispatcher.storedEntries();
    Set<String> uids = new HashSet<>();
    List<JsonNode> nodes = new ArrayList<>(entries.size());
    for (StoredObject entry : entries) {
      JsonNode node = parse(entry.json());
      nodes.add(node);
      if (node != null) {
        uids.add(node.path("metadata").path("uid").asText());
      }
    }
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode node = nodes.get(i);
      if (node == null || !hasOnlyMissingOwners(node, uids)) {
        continue;
      }
      if (node.path("metadata").hasNonNull("deletionTimestamp")) {
        continue; // already being deleted: waiting for finalizers or the pod's grace period
      }
      String path = entries.get(i).path();
      LOG.info("Garbage collecting {}: its owners are gone", path);
      dispatcher.delete(path, "{\"propagationPolicy\":\"Background\"}");
      deleted.add(path);
    }
    return deleted;
  }

  static boolean hasOnlyMissingOwners(JsonNode node, Set<String> existingUids) {
    JsonNode owners = node.path("metadata").path("ownerReferences");
    if (!owners.isArray() || owners.isEmpty()) {
      return false;
    }
    for (JsonNode owner : owners) {
      if (existingUids.contains(owner.path("uid").asText())) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
