package dev.convoy.launcher.accel;

import java.util.Locale;

/** How the accelerator is chosen: forced to KVM or TCG, or probed ({@code auto}, the default). */
public enum AcceleratorMode {
  KVM,
  TCG,
  AUTO;

  /** Parses {@code kvm}, {@code tcg} or {@code auto}, in any case. */
  public static AcceleratorMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "accelerator '" + text + "' is not one of kvm, tcg, auto", e);
    }
  }
}
