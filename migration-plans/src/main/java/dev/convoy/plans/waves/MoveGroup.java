package dev.convoy.plans.waves;

import java.util.List;

/**
 * VMs that always move in the same wave (an application, a folder, a tag).
 *
 * @param name the group's name, shown in reasons
 * @param origin how the group was formed, e.g. {@code tag app/billing}
 * @param vmIds the member VMs' ids
 */
public record MoveGroup(String name, String origin, List<String> vmIds) {
  public MoveGroup {
    vmIds = List.copyOf(vmIds);
  }
}
