package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A node of a VM's snapshot tree.
 *
 * @param id the snapshot's managed object id
 * @param createTime RFC 3339
 * @param powerState the VM's power state when the snapshot was taken
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(
    String id,
    String name,
    String description,
    String createTime,
    PowerState powerState,
    Boolean quiesced,
    List<Snapshot> children) {
  public Snapshot {
    children = Lists.copy(children);
  }

  /** This snapshot and all its descendants. */
  public int count() {
    return 1 + children.stream().mapToInt(Snapshot::count).sum();
  }
}
