package dev.convoy.handler.util;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * An informer handler for controllers that only queue the changed object's key: an added, updated
 * (its new version) or deleted object all go to one consumer.
 */
public final class EveryChange {
  private EveryChange() {}

  /**
   * A handler passing every added, updated (the new version) or deleted object to {@code onChange}.
   */
  public static <T> ResourceEventHandler<T> to(Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.accept(obj);
      }
    };
  }
}
