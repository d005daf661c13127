package dev.convoy.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the resourceVersion of the last write a controller made to each of its primaries, so
 * that the watch event of exactly that write does not trigger another reconcile: the reconcile that
 * wrote it already acted on that state (level-triggered: the next reconcile would compute the same
 * thing and write nothing). Any other change, including one that lands between our write and its
 * event, carries another resourceVersion and is reconciled as usual.
 *
 * <p>Used as the primary event source's update filter (JOSDK ANDs it with its own filters).
 *
 * @param <P> the primary type
 */
public final class OwnWrites<P extends HasMetadata> implements OnUpdateFilter<P> {

  private final Map<ResourceID, String> lastWritten = new ConcurrentHashMap<>();

  /** Records that this process wrote {@code written} (as returned by the API server). */
  public void wrote(P written) {
    String rv = written.getMetadata().getResourceVersion();
    if (rv != null) {
      lastWritten.put(ResourceID.fromResource(written), rv);
    }
  }

  /** Forgets a primary (it is gone). */
  public void forget(P primary) {
    lastWritten.remove(ResourceID.fromResource(primary));
  }

  /** Whether {@code resource} is exactly the version this process last wrote. */
  public boolean isOwn(P resource) {
    String rv = resource.getMetadata().getResourceVersion();
    return rv != null && rv.equals(lastWritten.get(ResourceID.fromResource(resource)));
  }

  @Override
  public boolean accept(P newResource, P oldResource) {
    ResourceID id = ResourceID.fromResource(newResource);
    String rv = newResource.getMetadata().getResourceVersion();
    // Consume the mark: the same version never comes twice from the watch.
    return rv == null || !lastWritten.remove(id, rv);
  }

  /** Number of remembered writes (for tests). */
  int size() {
    return lastWritten.size();
  }
}
