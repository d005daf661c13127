package dev.convoy.launcher.convert;

import java.util.Map;
import java.util.Optional;

/**
 * Host bridges for interfaces with {@code bridge} binding, by network: the key is a Multus
 * network's {@code networkName} (e.g. {@code ptp-conf}) or {@link #POD_NETWORK} for the pod
 * network. Masquerade on the pod network needs no entry: it becomes QEMU user-mode networking.
 */
public record NetworkLayout(Map<String, String> bridges) {
  /** The key of the pod network. */
  public static final String POD_NETWORK = "pod";

  public NetworkLayout {
    bridges = Map.copyOf(bridges);
  }

  /** No host bridges: only masquerade (user-mode) networking is available. */
  public static NetworkLayout none() {
    return new NetworkLayout(Map.of());
  }

  /** The host bridge for {@code network}, if one is configured. */
  public Optional<String> bridgeFor(String network) {
    return Optional.ofNullable(bridges.get(network));
  }
}
