package dev.convoy.handler.local.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Admission for the local API server: what webhooks do in a cluster. The server calls it with the
 * object as it would be stored (for a patch: after the patch was applied) before storing it. It
 * returns the object to store (mutating admission) or throws {@link Denied} (validating admission),
 * which the client sees as HTTP 422 with the message.
 */
public interface AdmissionHook {

  /** Create or update of the main resource; status-subresource writes are not admitted. */
  enum Operation {
    CREATE,
    UPDATE
  }

  /**
   * One admission request.
   *
   * @param group API group, empty for the core group
   * @param plural resource name, e.g. {@code virtualmachines}
   * @param oldObject the stored object on UPDATE, null on CREATE
   * @param username who asked: the local runtime's own components or the user (by bearer token)
   */
  record Request(
      Operation operation,
      String group,
      String version,
      String plural,
      String namespace,
      JsonNode object,
      JsonNode oldObject,
      String username) {}

  /** A rejected request; the message names the field at fault. */
  final class Denied extends Exception {
    private static final long serialVersionUID = 1L;

    public Denied(String message) {
      super(message);
    }
  }

  /** Whether this hook wants requests for the resource at all (a cheap filter). */
  boolean handles(String group, String plural);

  /** Returns the object to store, possibly changed, or throws {@link Denied}. */
  JsonNode admit(Request request) throws Denied;

  /** Admits everything unchanged. */
  AdmissionHook NONE =
      new AdmissionHook() {
        @Override
        public boolean handles(String group, String plural) {
          return false;
        }

        @Override
        public JsonNode admit(Request request) {
          return request.object();
        }
      };
}
