package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What VMware Tools report from inside the guest.
 *
 * @param ipAddress the primary IP address
 * @param toolsRunningStatus {@code guestToolsRunning}, {@code guestToolsNotRunning}, ...
 * @param toolsVersionStatus {@code guestToolsCurrent}, {@code guestToolsNotInstalled}, ...
 * @param guestId the guest OS identifier Tools detected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuestInfo(
    String hostname,
    String ipAddress,
    List<Nic> nics,
    String toolsRunningStatus,
    String toolsVersionStatus,
    String guestId,
    String guestFullName,
    String guestFamily) {
  public GuestInfo {
    nics = Lists.copy(nics);
  }

  /** Every IP address Tools report, primary first, without duplicates. */
  public List<String> allIpAddresses() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    if (ipAddress != null && !ipAddress.isBlank()) {
      all.add(ipAddress);
    }
    nics.forEach(n -> all.addAll(n.ipAddresses()));
    return List.copyOf(all);
  }

  /**
   * A guest network interface.
   *
   * @param network the network name the adapter is on
   * @param ipAddresses IPv4 and IPv6 addresses, without prefix length
   * @param deviceKey the key of the VM's {@link dev.convoy.api.inventory.Nic} it belongs to
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Nic(
      String macAddress,
      String network,
      List<String> ipAddresses,
      Boolean connected,
      Integer deviceKey) {
    public Nic {
      ipAddresses = Lists.copy(ipAddresses);
    }
  }
}
