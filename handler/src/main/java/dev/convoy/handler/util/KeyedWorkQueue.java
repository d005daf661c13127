package dev.convoy.handler.util;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's work queue: keys (e.g. {@code namespace/name}) are reconciled one at a time per
 * key, a key queued again while queued is coalesced, and a reconcile can ask to run again after a
 * delay (requeue) or fails and is retried with a growing delay. Like client-go's rate-limited
 * queue, reduced to what the local runtime's controllers need.
 */
public final class KeyedWorkQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedWorkQueue.class);

  private final String name;
  private final Function<String, Duration> reconciler;
  private final ScheduledExecutorService executor;
  private final Set<String> queued = new HashSet<>();
  private final Set<String> running = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();
  private final java.util.Map<String, Integer> failures = new java.util.HashMap<>();
  private volatile boolean closed;

  /**
   * @param reconciler reconciles one key; returns a delay after which to run again, or null
   */
  public KeyedWorkQueue(String name, int threads, Function<String, Duration> reconciler) {
    this.name = name;
    this.reconciler = reconciler;
    this.executor =
        Executors.newScheduledThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Queues {@code key} now. */
  public void add(String key) {
    addAfter(key, Duration.ZERO);
  }

  /** Queues {@code key} after {@code delay}. */
  public void addAfter(String key, Duration delay) {
    if (closed) {
      return;
    }
    if (delay.isZero() || delay.isNegative()) {
      synchronized (this) {
        if (running.contains(key)) {
          dirty.add(key);
          return;
        }
        if (!queued.add(key)) {
          return;
        }
      }
      executor.execute(() -> run(key));
    } else {
      executor.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void run(String key) {
    synchronized (this) {
      queued.remove(key);
      running.add(key);
    }
    Duration again = null;
    try {
      again = reconciler.apply(key);
      synchronized (this) {
        failures.remove(key);
      }
    } catch (RuntimeException e) {
      int count;
      synchronized (this) {
        count = failures.merge(key, 1, Integer::sum);
      }
      again = Duration.ofMillis(Math.min(30_000, 250L << Math.min(count, 7)));
      LOG.warn(
          "{}: reconciling {} failed (attempt {}), retrying in {}", name, key, count, again, e);
    } finally {
      boolean rerun;
      synchronized (this) {
        running.remove(key);
        rerun = dirty.remove(key);
      }
      if (rerun) {
        add(key);
      }
    }
    if (again != null) {
      addAfter(key, again);
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}
