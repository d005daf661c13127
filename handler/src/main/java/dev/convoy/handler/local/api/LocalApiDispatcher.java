package dev.convoy.handler.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.handler.local.api.ApiJournal.ObjectKey;
import dev.convoy.handler.local.api.ApiJournal.State;
import dev.convoy.handler.local.api.ApiJournal.StoredObject;
import dev.convoy.kubemock.WatchEndsOffEventLoop;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's CRUD dispatcher with what the local runtime needs from an API server on top:
 *
 * <ul>
 *   <li>every stored or removed object goes to the {@link ApiJournal}, and {@link #restore} puts a
 *       journaled state back with its uids and resourceVersions (which stay monotonic);
 *   <li>admission ({@link AdmissionHook}) runs before create, update and patch are stored;
 *   <li>a pod bound to a node is deleted gracefully, as a real API server does: the first DELETE
 *       sets {@code deletionTimestamp} and {@code deletionGracePeriodSeconds}, the node's kubelet
 *       (here the local pod runner) stops the containers and deletes it with grace 0;
 *   <li>{@code deletionTimestamp} and {@code deletionGracePeriodSeconds} cannot be changed by an
 *       update, and the mock's zone-less deletion timestamps are written as RFC 3339 UTC;
 *   <li>discovery documents ({@code /api}, {@code /apis}, {@code /version}) for kubectl.
 * </ul>
 *
 * All writes are serialised by one lock, so a patch can be applied, admitted and stored atomically.
 */
public class LocalApiDispatcher extends KubernetesCrudDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(LocalApiDispatcher.class);
  private static final ObjectMapper MAPPER = Serialization.jsonMapper();
  private static final String JSON_PATCH = "application/json-patch+json";

  /** A change to the stored objects, for in-process observers such as the garbage collector. */
  public record Change(ObjectKey key, String json, boolean deleted) {}

  private final ReentrantLock writes = new ReentrantLock();
  private final WatchEndsOffEventLoop watchEnds = new WatchEndsOffEventLoop("local-api-watch-end");
  private volatile java.util.concurrent.locks.Lock storeLock;
  private volatile java.util.concurrent.locks.Lock storeReadLock;
  private final NamedObjectIndex index = new NamedObjectIndex();
  private final java.util.concurrent.atomic.AtomicLong indexRebuilds =
      new java.util.concurrent.atomic.AtomicLong();
  private final ApiJournal journal;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile AdmissionHook admission = AdmissionHook.NONE;
  private volatile PodLogSource podLogs;
  private volatile Map<String, String> usersByToken = Map.of();

  /** The user name of an anonymous request (no or unknown bearer token). */
  public static final String ANONYMOUS = "system:anonymous";

  private long lastVersion;
  private long lastUid;
  private boolean restoring;
  private volatile IOException journalFailure;

  /**
   * @param journal where stored objects go, or null for a server that forgets everything on exit
   */
  public LocalApiDispatcher(ApiJournal journal) {
    this.journal = journal;
  }

  /** Installs admission (the operator's in-process webhooks). */
  public void setAdmission(AdmissionHook admission) {
    this.admission = admission == null ? AdmissionHook.NONE : admission;
  }

  /**
   * Bearer tokens and the user names admission sees for them. There is no authentication: the
   * server listens on the loopback interface and the token only tells components from users.
   */
  public void setUsers(Map<String, String> usersByToken) {
    this.usersByToken = Map.copyOf(usersByToken);
  }

  private String username(RecordedRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return usersByToken.getOrDefault(authorization.substring(7).trim(), ANONYMOUS);
    }
    return ANONYMOUS;
  }

  /** Serves {@code pods/<name>/log} from the local pods' log files. */
  public void setPodLogs(PodLogSource podLogs) {
    this.podLogs = podLogs;
  }

  /** Where pod logs come from: the local pod runner's files. */
  @FunctionalInterface
  public interface PodLogSource {
    /**
     * The log text.
     *
     * @throws IllegalArgumentException with the message to answer (400/404)
     */
    String read(String namespace, String pod, String uid, String container, Integer tailLines);
  }

  private static final java.util.regex.Pattern POD_LOG =
      java.util.regex.Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");

  private MockResponse podLog(String namespace, String name, String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          parameters.put(
              pair.substring(0, equals),
              java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    Map.Entry<AttributeSet, String> pod =
        findResource(getKey("/api/v1/namespaces/" + namespace + "/pods/" + name));
    String uid =
        pod == null ? null : readTree(pod.getValue()).path("metadata").path("uid").asText(null);
    Integer tail = null;
    if (parameters.containsKey("tailLines")) {
      try {
        tail = Integer.parseInt(parameters.get("tailLines"));
      } catch (NumberFormatException e) {
        return status(400, "BadRequest", "tailLines: not a number");
      }
    }
    PodLogSource source = podLogs;
    if (source == null) {
      return status(404, "NotFound", "pod logs are not available from this server");
    }
    try {
      String text = source.read(namespace, name, uid, parameters.get("container"), tail);
      return new MockResponse()
          .setResponseCode(HttpURLConnection.HTTP_OK)
          .setHeader("Content-Type", "text/plain")
          .setBody(text);
    } catch (IllegalArgumentException e) {
      return status(
          pod == null ? 404 : 400, pod == null ? "NotFound" : "BadRequest", e.getMessage());
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(status));
  }

  /** Registers an observer called (on the writing thread, under the write lock) per change. */
  public void addListener(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /** The first journal write failure, if any: the state on disk is no longer complete. */
  public IOException journalFailure() {
    return journalFailure;
  }

  /** Puts a journaled state back, before the server starts serving. */
  public void restore(State state) {
    writes.lock();
    try {
      restoring = true;
      List<StoredObject> ordered = new ArrayList<>(state.objects().values());
      // CRDs first, so that custom resources get their status subresource and plural back.
      ordered.sort(Comparator.comparingInt(LocalApiDispatcher::restoreRank));
      for (StoredObject stored : ordered) {
        processEvent(stored.path(), getKey(stored.path()), null, null, stored.json());
      }
      // Keep handing out versions above everything ever stored.
      while (super.requestResourceVersion() < state.resourceVersion()) {
        // the mock's counter is private; advancing it through its only accessor is cheap
      }
      lastVersion = Math.max(lastVersion, state.resourceVersion());
      // The mock numbers uids with a per-process counter: move it past every uid ever used.
      long uid = 0;
      while (uid <= state.uidCounter()) {
        uid = io.fabric8.kubernetes.client.utils.Utils.generateId().getLeastSignificantBits();
      }
      lastUid = Math.max(lastUid, uid);
    } finally {
      restoring = false;
      writes.unlock();
    }
  }

  private static int restoreRank(StoredObject stored) {
    if (stored.path().contains("/customresourcedefinitions/")) {
      return 0;
    }
    return stored.path().contains("/namespaces/") ? 2 : 1;
  }

  /** A snapshot of everything stored, as the journal keeps it. */
  public State snapshot() {
    writes.lock();
    try {
      return snapshotUnlocked();
    } finally {
      writes.unlock();
    }
  }

  /** Every stored object as JSON (a copy). */
  public List<String> storedObjects() {
    return new ArrayList<>(getMap().values());
  }

  /** Every stored object with the canonical path it can be read and deleted at (a copy). */
  public List<StoredObject> storedEntries() {
    List<StoredObject> entries = new ArrayList<>();
    for (Map.Entry<AttributeSet, String> entry : new ArrayList<>(getMap().entrySet())) {
      JsonNode node = readTree(entry.getValue());
      String path = node == null ? null : canonicalPath(node, value(entry.getKey(), "plural"));
      if (path != null) {
        entries.add(new StoredObject(path, entry.getValue()));
      }
    }
    return entries;
  }

  /**
   * Captures the mock's own locks, so that direct stores and indexed reads can hold them like its
   * handlers.
   */
  @Override
  protected void locked(java.util.concurrent.locks.Lock lock) {
    if (storeLock == null
        && lock instanceof java.util.concurrent.locks.ReentrantReadWriteLock.WriteLock) {
      storeLock = lock;
    } else if (storeReadLock == null
        && lock instanceof java.util.concurrent.locks.ReentrantReadWriteLock.ReadLock) {
      storeReadLock = lock;
    }
  }

  /**
   * The stored object a key names, found through the {@link NamedObjectIndex} when the key is an
   * equality on plural and name (every create, update, patch and single delete asks that way); the
   * mock's scan over all stored objects otherwise, and when more than one object matches (the scan
   * answers the first in store order).
   */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Lookup lookup = lookup(attributes);
    return lookup.known() ? lookup.entry() : super.findResource(attributes);
  }

  /** The mock's own scan, for tests comparing it with the indexed lookup. */
  Map.Entry<AttributeSet, String> scanResource(AttributeSet attributes) {
    return super.findResource(attributes);
  }

  /**
   * GET of one named object through the index, under the mock's read lock, with the mock's answer
   * (200 with the stored JSON, 404 without a body); lists, watches and every request with a query
   * string go to the mock's handler.
   */
  @Override
  public MockResponse handleGet(String path) {
    java.util.concurrent.locks.Lock read = storeReadLock;
    if (read == null || path.indexOf('?') >= 0) {
      return super.handleGet(path);
    }
    read.lock();
    try {
      Lookup lookup = lookup(getKey(path));
      if (lookup.known()) {
        return lookup.entry() == null
            ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
            : new MockResponse()
                .setBody(lookup.entry().getValue())
                .setResponseCode(HttpURLConnection.HTTP_OK);
      }
    } finally {
      read.unlock();
    }
    return super.handleGet(path);
  }

  /** The mock's own GET (the scan), for tests comparing it with the indexed GET. */
  MockResponse scanGet(String path) {
    return super.handleGet(path);
  }

  /** An indexed lookup: the one matching entry (null: none), or unknown (ask the scan). */
  private record Lookup(boolean known, Map.Entry<AttributeSet, String> entry) {
    static final Lookup UNKNOWN = new Lookup(false, null);
  }

  private Lookup lookup(AttributeSet query) {
    NamedObjectIndex.Slot slot = NamedObjectIndex.Slot.ofQuery(query);
    if (slot == null) {
      return Lookup.UNKNOWN;
    }
    Map<AttributeSet, String> map = getMap();
    List<AttributeSet> candidates;
    synchronized (index) {
      if (index.isStale() || index.size() != map.size()) {
        rebuildIndex();
      }
      candidates = index.candidates(slot);
    }
    Map.Entry<AttributeSet, String> found = null;
    for (AttributeSet key : candidates) {
      String value = map.get(key);
      if (value != null && key.matches(query)) {
        if (found != null) {
          return Lookup.UNKNOWN; // several match: the scan's store order decides
        }
        found = new java.util.AbstractMap.SimpleImmutableEntry<>(key, value);
      }
    }
    return new Lookup(true, found);
  }

  private void rebuildIndex() {
    indexRebuilds.incrementAndGet();
    Map<AttributeSet, String> map = getMap();
    synchronized (map) {
      index.rebuild(new ArrayList<>(map.keySet()));
    }
  }

  /** How often the index had to be rebuilt from the store (0 while it is kept up to date). */
  long indexRebuilds() {
    return indexRebuilds.get();
  }

  /** The keys the index holds, for tests comparing it with the store. */
  java.util.Set<AttributeSet> indexedKeys() {
    synchronized (index) {
      return index.keys();
    }
  }

  @Override
  public void reset() {
    super.reset();
    synchronized (index) {
      index.invalidate();
    }
  }

  /** Keeps the index in step with one change of the store made by the mock's processEvent. */
  private void updateIndex(
      AttributeSet pathAttributes,
      AttributeSet removed,
      io.fabric8.kubernetes.api.model.GenericKubernetesResource resource,
      String state) {
    Map<AttributeSet, String> map = getMap();
    synchronized (index) {
      if (removed != null && !map.containsKey(removed)) {
        index.remove(removed);
      }
      if (state != null) {
        AttributeSet stored = storedKey(pathAttributes, resource, state);
        if (stored != null && map.get(stored) == state) {
          index.add(stored);
        } else {
          index.invalidate(); // not the key the mock used: rebuild rather than guess
        }
      }
    }
  }

  /** The key the mock's processEvent stores {@code state} under (the same derivation). */
  private AttributeSet storedKey(
      AttributeSet pathAttributes,
      io.fabric8.kubernetes.api.model.GenericKubernetesResource resource,
      String state) {
    try {
      var extractor =
          (io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor)
              getAttributeExtractor();
      AttributeSet key =
          resource != null ? extractor.extract(resource) : extractor.fromResource(state);
      if (!key.containsKey("plural")) {
        key = AttributeSet.merge(pathAttributes, key);
      }
      return key;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Stores {@code json} in place of the object at {@code current} without the mock's handlers
   * (which remove any object carrying a deletionTimestamp and no finalizers), under the mock's
   * write lock so that readers never see the object missing.
   */
  private void storeDirect(String path, Map.Entry<AttributeSet, String> current, String json) {
    java.util.concurrent.locks.Lock lock = storeLock;
    if (lock == null) {
      throw new IllegalStateException("the mock server's write lock was not seen yet");
    }
    lock.lock();
    try {
      processEvent(path, getKey(path), current.getKey(), null, json);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    lastVersion = Math.max(lastVersion, version);
    return version;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return dispatchChecked(request);
    } catch (RuntimeException e) {
      // Without an answer the client would wait for its timeout: answer 500 like an API server.
      LOG.error(
          "Internal error serving {} {} ({}: {})",
          request.getMethod(),
          request.getPath(),
          request.getHeader("Content-Type"),
          bodyOf(request),
          e);
      Status status =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(500)
              .withReason("InternalError")
              .withMessage("local API server: " + e)
              .build();
      return new MockResponse().setResponseCode(500).setBody(Serialization.asJson(status));
    }
  }

  private MockResponse dispatchChecked(RecordedRequest request) {
    String path = request.getPath();
    String plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (request.method() == HttpMethod.GET) {
      java.util.regex.Matcher log = POD_LOG.matcher(plainPath);
      if (log.matches()) {
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : null;
        return podLog(log.group(1), log.group(2), query);
      }
      String discovery = Discovery.document(plainPath, this::storedObjects);
      if (discovery != null) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(discovery);
      }
    }
    if (request.method() == HttpMethod.DELETE) {
      return delete(path, bodyOf(request));
    }
    return super.dispatch(request);
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    writes.lock();
    try {
      AttributeSet target = getKey(request.getPath());
      String plural = nullToEmpty(value(target, "plural"));
      String group = nullToEmpty(value(target, "api"));
      if (isSecrets(group, plural) && !isStatusPath(request.getPath())) {
        JsonNode object = readTree(bodyOf(request));
        JsonNode normalised = SecretStringData.normalise(object);
        if (normalised != object) {
          request = withBody(request, HttpMethod.POST, request.getPath(), normalised);
        }
      }
      if (admission.handles(group, plural) && !isStatusPath(request.getPath())) {
        JsonNode object = readTree(bodyOf(request));
        if (object == null) {
          return super.handleCreate(request);
        }
        try {
          JsonNode admitted =
              admission.admit(
                  new AdmissionHook.Request(
                      AdmissionHook.Operation.CREATE,
                      group,
                      value(target, "version"),
                      plural,
                      namespaceOf(target, object),
                      object.deepCopy(),
                      null,
                      username(request)));
          request = withBody(request, HttpMethod.POST, request.getPath(), admitted);
        } catch (AdmissionHook.Denied denied) {
          return denied(object, plural, denied.getMessage());
        }
      }
      return super.handleCreate(request);
    } finally {
      writes.unlock();
    }
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    writes.lock();
    try {
      Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
      JsonNode object = readTree(bodyOf(request));
      if (current == null || object == null || !object.isObject()) {
        return super.handleUpdate(request);
      }
      JsonNode old = readTree(current.getValue());
      JsonNode stored;
      try {
        stored = admitUpdate(request.getPath(), object, old, username(request));
      } catch (AdmissionHook.Denied denied) {
        return denied(object, value(getKey(request.getPath()), "plural"), denied.getMessage());
      }
      return update(request, current, stored);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Stores an admitted full update. The mock's PUT handler removes any object that carries a
   * deletionTimestamp and no finalizers, which is right for finalizer removal but wrong for a pod
   * in its grace period: such an update is stored directly, with the same checks.
   */
  private MockResponse update(
      RecordedRequest request, Map.Entry<AttributeSet, String> current, JsonNode stored) {
    boolean terminatingPod =
        "Pod".equals(stored.path("kind").asText())
            && stored.path("metadata").hasNonNull("deletionTimestamp")
            && stored.path("metadata").path("finalizers").isEmpty();
    if (!terminatingPod) {
      return super.handleUpdate(withBody(request, HttpMethod.PUT, request.getPath(), stored));
    }
    JsonNode old = readTree(current.getValue());
    String sentVersion = stored.path("metadata").path("resourceVersion").asText("");
    String currentVersion = old.path("metadata").path("resourceVersion").asText("");
    if (!sentVersion.isEmpty() && !sentVersion.equals(currentVersion)) {
      Status status =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(409)
              .withReason("Conflict")
              .withMessage(
                  "Operation cannot be fulfilled on pods \""
                      + old.path("metadata").path("name").asText()
                      + "\": the object has been modified; please apply your changes to the latest"
                      + " version and try again")
              .build();
      return new MockResponse().setResponseCode(409).setBody(Serialization.asJson(status));
    }
    ObjectNode result = stored.deepCopy();
    ObjectNode meta = (ObjectNode) result.get("metadata");
    for (String kept : List.of("uid", "creationTimestamp", "namespace", "name", "generation")) {
      if (old.path("metadata").has(kept)) {
        meta.set(kept, old.path("metadata").get(kept));
      }
    }
    if (isStatusPath(request.getPath())) {
      ObjectNode merged = old.deepCopy();
      merged.set("status", stored.get("status"));
      merged.set("metadata", meta);
      result = merged;
    }
    if (result.equals(old)) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(old.toString());
    }
    meta.put("resourceVersion", String.valueOf(requestResourceVersion()));
    storeDirect(itemPath(request.getPath()).replaceAll("/status$", ""), current, result.toString());
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(result.toString());
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    writes.lock();
    try {
      Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
      if (current == null) {
        return super.handlePatch(request);
      }
      JsonNode old = readTree(current.getValue());
      JsonNode patched;
      try {
        patched = applyPatch(old, request);
      } catch (io.fabric8.zjsonpatch.JsonPatchException e) {
        // A JSON patch that does not apply to the stored object (a path that no longer exists,
        // a failed test operation) is the client's error: the API server answers 422, not 500.
        return unprocessablePatch(request, e);
      } catch (RuntimeException | IOException e) {
        // let the mock produce its own error answer (unreadable patch, 415)
        return super.handlePatch(request);
      }
      if (patched == null) {
        return super.handlePatch(request);
      }
      JsonNode stored;
      try {
        stored = admitUpdate(request.getPath(), patched, old, username(request));
      } catch (AdmissionHook.Denied denied) {
        return denied(patched, value(getKey(request.getPath()), "plural"), denied.getMessage());
      }
      if (stored.equals(patched)) {
        return super.handlePatch(request);
      }
      // Admission or metadata rules changed the result: store it as a full update (the write
      // lock is held, so the version read above is still current).
      ((ObjectNode) stored.get("metadata"))
          .put("resourceVersion", old.path("metadata").path("resourceVersion").asText());
      return update(request, current, stored);
    } finally {
      writes.unlock();
    }
  }

  private static MockResponse unprocessablePatch(
      RecordedRequest request, io.fabric8.zjsonpatch.JsonPatchException e) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(422)
            .withReason("Invalid")
            .withMessage(
                "the patch for "
                    + request.getPath()
                    + " does not apply: "
                    + e.getMessage()
                    + (e.getPath() == null ? "" : " at " + e.getPath())
                    + " (patch: "
                    + bodyOf(request)
                    + ")")
            .build();
    return new MockResponse().setResponseCode(422).setBody(Serialization.asJson(status));
  }

  @Override
  public MockResponse handleDelete(String path) {
    return delete(path, null);
  }

  /** Deletes like the API server: graceful for pods on a node, immediate (or finalizers) else. */
  public MockResponse delete(String path, String body) {
    writes.lock();
    try {
      AttributeSet target = getKey(path);
      if ("pods".equals(value(target, "plural")) && value(target, "name") != null) {
        Map.Entry<AttributeSet, String> current = findResource(target);
        if (current != null) {
          MockResponse graceful =
              deletePodGracefully(path, current, readTree(current.getValue()), body);
          if (graceful != null) {
            return graceful;
          }
        }
      }
      return super.handleDelete(path);
    } finally {
      writes.unlock();
    }
  }

  private MockResponse deletePodGracefully(
      String path, Map.Entry<AttributeSet, String> current, JsonNode pod, String body) {
    String phase = pod.path("status").path("phase").asText("");
    boolean bound = !pod.path("spec").path("nodeName").asText("").isEmpty();
    if (!bound || phase.equals("Succeeded") || phase.equals("Failed")) {
      return null;
    }
    long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    JsonNode options = body == null || body.isBlank() ? null : readTree(body);
    if (options != null && options.hasNonNull("gracePeriodSeconds")) {
      grace = options.get("gracePeriodSeconds").asLong();
    }
    JsonNode metadata = pod.path("metadata");
    if (metadata.hasNonNull("deletionGracePeriodSeconds")) {
      long currentGrace = metadata.get("deletionGracePeriodSeconds").asLong();
      if (grace >= currentGrace) {
        return new MockResponse()
            .setResponseCode(HttpURLConnection.HTTP_OK)
            .setBody(pod.toString());
      }
    }
    if (grace <= 0 && !metadata.hasNonNull("deletionTimestamp")) {
      // grace 0 on a running pod: still leave the kubelet a chance to kill the process
      grace = 1;
    } else if (grace <= 0) {
      return null;
    }
    ObjectNode updated = pod.deepCopy();
    ObjectNode meta = (ObjectNode) updated.get("metadata");
    meta.put(
        "deletionTimestamp",
        Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
    meta.put("deletionGracePeriodSeconds", grace);
    meta.put("resourceVersion", String.valueOf(requestResourceVersion()));
    storeDirect(itemPath(path), current, updated.toString());
    return new MockResponse()
        .setResponseCode(HttpURLConnection.HTTP_OK)
        .setBody(updated.toString());
  }

  private static String itemPath(String path) {
    return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
  }

  /**
   * The object to store for an update: the API server's metadata rules, then admission. Status
   * writes skip admission (KubeVirt's status webhook only guards against users, who do not exist
   * here).
   */
  private JsonNode admitUpdate(String path, JsonNode object, JsonNode old, String username)
      throws AdmissionHook.Denied {
    ObjectNode result = object.deepCopy();
    JsonNode oldMeta = old.path("metadata");
    if (result.get("metadata") instanceof ObjectNode meta) {
      for (String immutable : List.of("deletionTimestamp", "deletionGracePeriodSeconds")) {
        if (oldMeta.has(immutable)) {
          meta.set(immutable, oldMeta.get(immutable));
        } else {
          meta.remove(immutable);
        }
      }
    }
    String plural = nullToEmpty(value(getKey(path), "plural"));
    String group = groupOf(old);
    if (isSecrets(group, plural) && !isStatusPath(path)) {
      result = (ObjectNode) SecretStringData.normalise(result);
    }
    if (isStatusPath(path) || !admission.handles(group, plural)) {
      return result;
    }
    return admission.admit(
        new AdmissionHook.Request(
            AdmissionHook.Operation.UPDATE,
            group,
            versionOf(old),
            plural,
            oldMeta.path("namespace").asText(""),
            result,
            old,
            username));
  }

  private JsonNode applyPatch(JsonNode old, RecordedRequest request) throws IOException {
    String contentType = request.getHeader("Content-Type");
    String body = bodyOf(request);
    if (contentType == null) {
      return null;
    }
    if (contentType.startsWith(JSON_PATCH)) {
      return JsonPatch.apply(MAPPER.readTree(body), old);
    }
    if (contentType.startsWith("application/merge-patch+json")) {
      try {
        return merge(old.deepCopy(), body);
      } catch (io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException e) {
        return null;
      }
    }
    return null; // strategic merge and apply patches: the mock answers 415
  }

  private static boolean isSecrets(String group, String plural) {
    return group.isEmpty() && "secrets".equals(plural);
  }

  private static boolean isStatusPath(String path) {
    return itemPath(path).endsWith("/status");
  }

  /** A watch, ending off the server's event loop (see {@link WatchEndsOffEventLoop}). */
  @Override
  public MockResponse handleWatch(String path) {
    return watchEnds.wrap(super.handleWatch(path));
  }

  @Override
  public void releaseResources() {
    super.releaseResources();
    watchEnds.close();
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      io.fabric8.kubernetes.api.model.GenericKubernetesResource resource,
      String newState) {
    String oldState = oldAttributes == null ? null : getMap().get(oldAttributes);
    String state = newState == null ? null : normaliseDeletionTimestamp(newState);
    var storedResource = state == newState ? resource : null;
    super.processEvent(path, pathAttributes, oldAttributes, storedResource, state);
    updateIndex(pathAttributes, oldState == null ? null : oldAttributes, storedResource, state);
    if (restoring) {
      return;
    }
    String plural = value(pathAttributes, "plural");
    try {
      if (state != null) {
        JsonNode node = readTree(state);
        lastUid =
            Math.max(lastUid, ApiJournal.uidNumber(node.path("metadata").path("uid").asText()));
        ObjectKey key = keyOf(node, plural);
        if (journal != null) {
          journal.recordPut(key, canonicalPath(node, plural), state, lastVersion);
        }
        notifyListeners(new Change(key, state, false));
      } else if (oldState != null) {
        JsonNode node = readTree(oldState);
        ObjectKey key = keyOf(node, plural);
        if (journal != null) {
          journal.recordDelete(key, lastVersion);
        }
        notifyListeners(new Change(key, oldState, true));
      }
      if (journal != null && journal.wantsCompaction()) {
        journal.compact(snapshotUnlocked());
      }
    } catch (IOException e) {
      if (journalFailure == null) {
        journalFailure = e;
      }
      LOG.error("The API journal could not be written; the state on disk is incomplete", e);
    }
  }

  private State snapshotUnlocked() {
    Map<ObjectKey, StoredObject> objects = new LinkedHashMap<>();
    for (Map.Entry<AttributeSet, String> entry : new ArrayList<>(getMap().entrySet())) {
      JsonNode node = readTree(entry.getValue());
      String plural = value(entry.getKey(), "plural");
      String path = node == null ? null : canonicalPath(node, plural);
      if (path != null) {
        objects.put(keyOf(node, plural), new StoredObject(path, entry.getValue()));
      }
    }
    return new State(objects, lastVersion, lastUid);
  }

  private void notifyListeners(Change change) {
    for (Consumer<Change> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("A change listener failed", e);
      }
    }
  }

  private static String normaliseDeletionTimestamp(String json) {
    if (!json.contains("\"deletionTimestamp\"")) {
      return json;
    }
    JsonNode node = readTree(json);
    JsonNode stamp = node.path("metadata").path("deletionTimestamp");
    if (!stamp.isTextual() || stamp.asText().endsWith("Z")) {
      return json;
    }
    try {
      Instant instant =
          LocalDateTime.parse(stamp.asText()).atZone(ZoneId.systemDefault()).toInstant();
      ((ObjectNode) node.get("metadata"))
          .put("deletionTimestamp", instant.truncatedTo(ChronoUnit.SECONDS).toString());
      return node.toString();
    } catch (DateTimeParseException e) {
      return json;
    }
  }

  static String groupOf(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  static String versionOf(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  static ObjectKey keyOf(JsonNode object, String plural) {
    return new ObjectKey(
        groupOf(object),
        nullToEmpty(plural),
        object.path("metadata").path("namespace").asText(""),
        object.path("metadata").path("name").asText(""));
  }

  /** {@code /api/v1/namespaces/ns/pods/name} or {@code /apis/group/version/...}. */
  static String canonicalPath(JsonNode object, String plural) {
    if (plural == null || plural.isEmpty()) {
      return null;
    }
    String group = groupOf(object);
    StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/");
    path.append(versionOf(object));
    String namespace = object.path("metadata").path("namespace").asText("");
    if (!namespace.isEmpty()) {
      path.append("/namespaces/").append(namespace);
    }
    path.append('/')
        .append(plural)
        .append('/')
        .append(object.path("metadata").path("name").asText());
    return path.toString();
  }

  private static String namespaceOf(AttributeSet target, JsonNode object) {
    String namespace = value(target, "namespace");
    return namespace != null ? namespace : object.path("metadata").path("namespace").asText("");
  }

  static String value(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    if (attribute == null || attribute.getValues().isEmpty()) {
      return null;
    }
    return attribute.getValues().get(0).toString();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static JsonNode readTree(String json) {
    try {
      return json == null ? null : MAPPER.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  /** The request body, read without draining it (the mock's handlers read it again). */
  private static String bodyOf(RecordedRequest request) {
    return request.getBody() == null
        ? null
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static RecordedRequest withBody(
      RecordedRequest original, HttpMethod method, String path, JsonNode body) {
    return new RecordedRequest(
        original.getHttpVersion() == null ? "HTTP/1.1" : original.getHttpVersion(),
        method,
        path,
        Headers.builder().add("Content-Type", "application/json").build(),
        new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static MockResponse denied(JsonNode object, String plural, String message) {
    String kind = object == null ? "" : object.path("kind").asText("");
    String name = object == null ? "" : object.path("metadata").path("name").asText("");
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(422)
            .withReason("Invalid")
            .withMessage(
                "admission webhook \"convoy-admission\" denied the request: "
                    + kind
                    + (name.isEmpty() ? "" : " \"" + name + "\"")
                    + ": "
                    + message)
            .withNewDetails()
            .withKind(plural)
            .withName(name)
            .endDetails()
            .build();
    return new MockResponse().setResponseCode(422).setBody(Serialization.asJson(status));
  }
}
