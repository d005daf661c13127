package dev.convoy.handler.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the local API server's objects on disk: a snapshot ({@code snapshot.json}) plus an append
 * log ({@code journal.log}, one JSON line per stored or removed object).
 *
 * <p>{@link #load()} reads the snapshot, replays the log (a torn last line from a crash is
 * dropped), then compacts both into a fresh snapshot. The highest resourceVersion ever handed out
 * is kept so that versions stay monotonic across restarts. A line is written to the OS before the
 * API request answers, so it survives the process being killed; a machine crash can lose the last
 * few lines (no fsync per write: it would cost a disk flush per status update).
 */
public final class ApiJournal implements AutoCloseable {
  static final String SNAPSHOT = "snapshot.json";
  static final String LOG = "journal.log";
  private static final int COMPACT_AFTER_LINES = 20_000;

  private final Path dir;
  private final ObjectMapper mapper = new ObjectMapper();
  private OutputStream log;
  private int linesSinceSnapshot;

  /**
   * The persisted state: the objects by key, in insertion order, the highest resourceVersion, and
   * the highest uid counter ever used (the mock numbers uids; see {@link #uidNumber}).
   */
  public record State(
      Map<ObjectKey, StoredObject> objects, long resourceVersion, long uidCounter) {}

  /** One stored object: the canonical collection-or-item path it lives under and its JSON. */
  public record StoredObject(String path, String json) {}

  /** Identity of an object across updates: group/version-less, as the API server keys it. */
  public record ObjectKey(String group, String plural, String namespace, String name) {
    @Override
    public String toString() {
      return (group.isEmpty() ? "" : group + "/")
          + plural
          + "/"
          + (namespace.isEmpty() ? "" : namespace + "/")
          + name;
    }
  }

  public ApiJournal(Path dir) {
    this.dir = dir;
  }

  /** Reads snapshot and log, compacts them, and opens the log for appending. */
  public synchronized State load() throws IOException {
    Files.createDirectories(dir);
    Map<ObjectKey, StoredObject> objects = new LinkedHashMap<>();
    long version = 0;
    long uids = 0;
    Path snapshot = dir.resolve(SNAPSHOT);
    if (Files.exists(snapshot)) {
      JsonNode root;
      try {
        root = mapper.readTree(snapshot.toFile());
      } catch (IOException e) {
        throw new IOException(
            snapshot + ": the API snapshot is unreadable (" + e.getMessage() + ")", e);
      }
      version = root.path("resourceVersion").asLong(0);
      uids = root.path("uidCounter").asLong(0);
      for (JsonNode entry : root.path("objects")) {
        StoredObject stored =
            new StoredObject(
                entry.path("path").asText(), mapper.writeValueAsString(entry.get("object")));
        objects.put(keyOf(entry.path("key")), stored);
      }
    }
    Path logFile = dir.resolve(LOG);
    if (Files.exists(logFile)) {
      try (BufferedReader reader = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
        String line;
        int lineNumber = 0;
        List<String> lines = new ArrayList<>();
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
        for (String text : lines) {
          lineNumber++;
          if (text.isBlank()) {
            continue;
          }
          JsonNode entry;
          try {
            entry = mapper.readTree(text);
          } catch (IOException e) {
            if (lineNumber == lines.size()) {
              break; // a torn last line: the process died while writing it
            }
            throw new IOException(
                logFile + ":" + lineNumber + ": corrupt journal line (" + e.getMessage() + ")", e);
          }
          version = Math.max(version, entry.path("rv").asLong(0));
          ObjectKey key = keyOf(entry.path("key"));
          if ("delete".equals(entry.path("op").asText())) {
            objects.remove(key);
          } else {
            uids =
                Math.max(
                    uids, uidNumber(entry.path("object").path("metadata").path("uid").asText()));
            objects.put(
                key,
                new StoredObject(
                    entry.path("path").asText(), mapper.writeValueAsString(entry.get("object"))));
          }
        }
      }
    }
    for (StoredObject stored : objects.values()) {
      JsonNode metadata = mapper.readTree(stored.json()).path("metadata");
      uids = Math.max(uids, uidNumber(metadata.path("uid").asText()));
      JsonNode rv = metadata.path("resourceVersion");
      if (rv.isTextual()) {
        try {
          version = Math.max(version, Long.parseLong(rv.asText()));
        } catch (NumberFormatException ignored) {
          // not one of ours; nothing to keep monotonic
        }
      }
    }
    State state = new State(objects, version, uids);
    writeSnapshot(state);
    return state;
  }

  /** Appends a stored (created, updated) object. */
  public synchronized void recordPut(ObjectKey key, String path, String json, long version)
      throws IOException {
    ObjectNode entry = mapper.createObjectNode();
    entry.put("op", "put");
    entry.put("rv", version);
    entry.set("key", keyNode(key));
    entry.put("path", path);
    entry.set("object", mapper.readTree(json));
    append(entry);
  }

  /** Appends a removal. */
  public synchronized void recordDelete(ObjectKey key, long version) throws IOException {
    ObjectNode entry = mapper.createObjectNode();
    entry.put("op", "delete");
    entry.put("rv", version);
    entry.set("key", keyNode(key));
    append(entry);
  }

  /** Whether the log has grown enough that the caller should {@link #compact} it. */
  public synchronized boolean wantsCompaction() {
    return linesSinceSnapshot >= COMPACT_AFTER_LINES;
  }

  /** Replaces snapshot and log with a snapshot of {@code state}. */
  public synchronized void compact(State state) throws IOException {
    writeSnapshot(state);
  }

  private void append(ObjectNode entry) throws IOException {
    if (log == null) {
      throw new IOException("the API journal in " + dir + " is closed");
    }
    log.write(mapper.writeValueAsBytes(entry));
    log.write('\n');
    log.flush();
    linesSinceSnapshot++;
  }

  private void writeSnapshot(State state) throws IOException {
    if (log != null) {
      log.close();
      log = null;
    }
    ObjectNode root = mapper.createObjectNode();
    root.put("resourceVersion", state.resourceVersion());
    root.put("uidCounter", state.uidCounter());
    ArrayNode array = root.putArray("objects");
    for (Map.Entry<ObjectKey, StoredObject> entry : state.objects().entrySet()) {
      ObjectNode node = array.addObject();
      node.set("key", keyNode(entry.getKey()));
      node.put("path", entry.getValue().path());
      node.set("object", mapper.readTree(entry.getValue().json()));
    }
    Path tmp = dir.resolve(SNAPSHOT + ".tmp");
    Files.write(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE);
    log =
        Files.newOutputStream(
            dir.resolve(LOG),
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    linesSinceSnapshot = 0;
  }

  /**
   * The number in a uid the mock server generated ({@code 00000000-0000-0000-0000-<hex>}), or 0 for
   * any other uid. The mock counts uids from zero in every process, so the counter must be moved
   * past every uid ever used in this data directory, or a new object would reuse the uid of an old
   * one (and the garbage collector would take it for that object's owner).
   */
  public static long uidNumber(String uid) {
    if (uid == null || !uid.startsWith("00000000-0000-0000-0000-") || uid.length() != 36) {
      return 0;
    }
    try {
      return Long.parseLong(uid.substring(24), 16);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private ObjectNode keyNode(ObjectKey key) {
    ObjectNode node = mapper.createObjectNode();
    node.put("group", key.group());
    node.put("plural", key.plural());
    node.put("namespace", key.namespace());
    node.put("name", key.name());
    return node;
  }

  private static ObjectKey keyOf(JsonNode node) {
    return new ObjectKey(
        node.path("group").asText(""),
        node.path("plural").asText(""),
        node.path("namespace").asText(""),
        node.path("name").asText(""));
  }

  @Override
  public synchronized void close() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        log = null;
      }
    }
  }
}
