package dev.convoy.disk.image;

import java.nio.charset.StandardCharsets;

/**
 * Detects an image's format from its first bytes, mirroring the probes qemu's block drivers run.
 * Convoy never lets qemu probe (every call passes {@code -f}); detecting the format ourselves lets
 * us refuse an image whose content does not match the format it is declared as.
 */
public final class FormatSniffer {
  /** How many leading bytes {@link #sniff} looks at. */
  public static final int HEAD_BYTES = 2048;

  /** The detected kind of image. */
  public enum Kind {
    RAW,
    QCOW2,
    VMDK_SPARSE,
    VMDK_DESCRIPTOR,
    /** A format qemu knows but Convoy refuses; {@link Sniffed#name()} says which. */
    NOT_ALLOWED
  }

  /**
   * The result of sniffing.
   *
   * @param kind what was found
   * @param name a human name for the format, e.g. {@code qcow2}, {@code vhdx}
   */
  public record Sniffed(Kind kind, String name) {}

  private FormatSniffer() {}

  /** Sniffs the first bytes of an image (up to {@link #HEAD_BYTES}). */
  public static Sniffed sniff(byte[] head) {
    if (Bytes.startsWith(head, 0, Qcow2Inspector.MAGIC)) {
      long version = head.length >= 8 ? Bytes.be32(head, 4) : 0;
      return version == 1
          ? new Sniffed(Kind.NOT_ALLOWED, "qcow (version 1)")
          : new Sniffed(Kind.QCOW2, "qcow2");
    }
    if (Bytes.startsWith(head, 0, VmdkSparseHeader.MAGIC)) {
      return new Sniffed(Kind.VMDK_SPARSE, "vmdk");
    }
    if (startsWith(head, "COWD")) {
      return new Sniffed(Kind.NOT_ALLOWED, "vmdk (ESX COWD sparse)");
    }
    if (startsWith(head, "QED\0")) {
      return new Sniffed(Kind.NOT_ALLOWED, "qed");
    }
    if (startsWith(head, "conectix")) {
      return new Sniffed(Kind.NOT_ALLOWED, "vpc (VHD)");
    }
    if (startsWith(head, "vhdxfile")) {
      return new Sniffed(Kind.NOT_ALLOWED, "vhdx");
    }
    if (head.length >= 68 && Bytes.le32(head, 64) == 0xbeda107fL) {
      return new Sniffed(Kind.NOT_ALLOWED, "vdi");
    }
    if (Bytes.startsWith(head, 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})) {
      return new Sniffed(Kind.NOT_ALLOWED, "luks");
    }
    if (startsWith(head, "Bochs Virtual HD Image")) {
      return new Sniffed(Kind.NOT_ALLOWED, "bochs");
    }
    if (startsWith(head, "#!/bin/sh\n#V2.0 Format\n")) {
      return new Sniffed(Kind.NOT_ALLOWED, "cloop");
    }
    if (startsWith(head, "WithoutFreeSpace") || startsWith(head, "WithouFreSpacExt")) {
      return new Sniffed(Kind.NOT_ALLOWED, "parallels");
    }
    if (vmdkDescriptorProbe(head)) {
      return new Sniffed(Kind.VMDK_DESCRIPTOR, "vmdk (descriptor)");
    }
    return new Sniffed(Kind.RAW, "raw");
  }

  /**
   * qemu's {@code vmdk_probe} for text descriptors: comment lines and blank lines, then a {@code
   * version=N} line.
   */
  static boolean vmdkDescriptorProbe(byte[] b) {
    int p = 0;
    int end = b.length;
    while (p < end) {
      if (b[p] == '#') {
        while (p < end && b[p] != '\n') {
          p++;
        }
        p++;
        continue;
      }
      if (b[p] == ' ') {
        while (p < end && b[p] == ' ') {
          p++;
        }
        if (p < end && b[p] == '\r') {
          p++;
        }
        if (p == end || b[p] != '\n') {
          return false;
        }
        p++;
        continue;
      }
      for (String version : new String[] {"version=1", "version=2", "version=3"}) {
        if (startsWithAt(b, p, version + "\n") || startsWithAt(b, p, version + "\r\n")) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  private static boolean startsWith(byte[] b, String prefix) {
    return startsWithAt(b, 0, prefix);
  }

  private static boolean startsWithAt(byte[] b, int off, String prefix) {
    return Bytes.startsWith(b, off, prefix.getBytes(StandardCharsets.ISO_8859_1));
  }
}
