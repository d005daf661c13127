package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Something the collector wants the reader to know about the data itself: a property the vSphere
 * client did not know and kept raw, an RVTools row that referenced an unknown VM, and so on.
 *
 * @param sourceId the source the note is about
 * @param level how much it matters
 * @param message one sentence naming the object and field concerned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryNote(String sourceId, Level level, String message) {

  /** Notes are informational or warnings; errors abort the collection instead. */
  public enum Level {
    @JsonProperty("info")
    INFO,
    @JsonProperty("warning")
    WARNING
  }
}
