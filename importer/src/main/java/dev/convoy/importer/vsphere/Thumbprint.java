package dev.convoy.importer.vsphere;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as govc and vCenter print it: upper-case hex bytes separated by colons.
 * SHA-256 is what Convoy pins; SHA-1 is accepted because older tools (govc's {@code
 * GOVC_TLS_KNOWN_HOSTS}, ESXi's UI) still show it.
 *
 * @param algorithm {@code SHA-256} or {@code SHA-1}
 * @param bytes the digest
 */
public record Thumbprint(String algorithm, byte[] bytes) {

  /**
   * Parses {@code AB:CD:...} or plain hex; 32 bytes is SHA-256, 20 bytes is SHA-1.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Thumbprint parse(String text) {
    String hex = text.trim().replace(":", "").replace(" ", "");
    if (hex.startsWith("sha256/") || hex.startsWith("SHA256/")) {
      hex = hex.substring(7);
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "thumbprint '" + text + "' is not hex bytes separated by colons");
    }
    return switch (bytes.length) {
      case 32 -> new Thumbprint("SHA-256", bytes);
      case 20 -> new Thumbprint("SHA-1", bytes);
      default ->
          throw new IllegalArgumentException(
              "thumbprint '"
                  + text
                  + "' has "
                  + bytes.length
                  + " bytes; a SHA-256 thumbprint has 32 (a SHA-1 one 20)");
    };
  }

  /** The fingerprint of {@code certificate} with {@code algorithm}. */
  public static Thumbprint of(X509Certificate certificate, String algorithm) {
    try {
      return new Thumbprint(
          algorithm, MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate with " + algorithm, e);
    }
  }

  /** Whether {@code certificate} has this fingerprint. */
  public boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(bytes, of(certificate, algorithm).bytes);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      if (s.length() > 0) {
        s.append(':');
      }
      s.append(String.format("%02X", b & 0xff));
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Thumbprint t
        && algorithm.equals(t.algorithm)
        && java.util.Arrays.equals(bytes, t.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }
}
