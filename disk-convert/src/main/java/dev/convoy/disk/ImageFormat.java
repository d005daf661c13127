package dev.convoy.disk;

import java.util.Locale;
import java.util.Optional;

/** The source image formats Convoy accepts, named as qemu-img names them. */
public enum ImageFormat {
  RAW("raw"),
  QCOW2("qcow2"),
  VMDK("vmdk");

  private final String qemuName;

  ImageFormat(String qemuName) {
    this.qemuName = qemuName;
  }

  /** The name passed to {@code qemu-img -f}. */
  public String qemuName() {
    return qemuName;
  }

  /** Parses a qemu format name ({@code raw}, {@code qcow2}, {@code vmdk}), case-insensitively. */
  public static Optional<ImageFormat> fromQemuName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (ImageFormat format : values()) {
      if (format.qemuName.equals(lower)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
