package dev.convoy.plans.resolve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Kubernetes-valid names from VMware names, deterministically: the same source name and key give
 * the same result on every run, whatever else is in the plan.
 */
public final class KubernetesNames {
  /** The longest VM name we produce: leaves room for "-disk-NN" in derived object names. */
  public static final int MAX_VM_NAME = 52;

  private KubernetesNames() {}

  /**
   * An RFC 1123 label from {@code name}: lower case, runs of other characters become one '-', no
   * '-' at the ends, at most {@code max} characters; "vm" if nothing is left.
   */
  public static String label(String name, int max) {
    String lower = name.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
        dash = false;
      } else if (!dash && out.length() > 0) {
        out.append('-');
        dash = true;
      }
    }
    String label = out.toString();
    if (label.length() > max) {
      label = label.substring(0, max);
    }
    label = label.replaceAll("-+$", "");
    return label.isEmpty() ? "vm" : label;
  }

  /** {@code base} shortened to fit, plus "-" and 6 hex characters of a hash of {@code key}. */
  public static String withSuffix(String base, String key, int max) {
    String suffix = shortHash(key);
    String head = base.length() > max - 7 ? base.substring(0, max - 7).replaceAll("-+$", "") : base;
    return head + "-" + suffix;
  }

  /** 6 hex characters of the SHA-256 of {@code key}. */
  public static String shortHash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** A label value (at most 63 characters of [A-Za-z0-9-_.], alphanumeric at the ends). */
  public static String labelValue(String value) {
    String cleaned = value.replaceAll("[^A-Za-z0-9._-]+", "-");
    if (cleaned.length() > 63) {
      cleaned = cleaned.substring(0, 56) + "-" + shortHash(value);
    }
    cleaned = cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return cleaned;
  }
}
