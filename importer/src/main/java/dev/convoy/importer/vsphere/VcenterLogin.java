package dev.convoy.importer.vsphere;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a process needs to open its own vCenter session, as the migration's connection says: where,
 * who, and how to trust the certificate. Import pods get it as environment variables from a Secret
 * (never as arguments, which anyone who can read the pod sees), so they verify vCenter exactly like
 * the controller and can log in again when their session ends during a long import.
 *
 * @param endpoint where
 * @param credentials who
 * @param tls how to trust vCenter's certificate
 */
public record VcenterLogin(
    VsphereEndpoint endpoint, VsphereCredentials credentials, TlsPolicy tls) {
  /** {@code vsphere://host:port}. */
  public static final String URL_ENV = "CONVOY_VSPHERE_URL";

  /** The login user. */
  public static final String USERNAME_ENV = VsphereCredentials.USERNAME_ENV;

  /** The password. */
  public static final String PASSWORD_ENV = VsphereCredentials.PASSWORD_ENV;

  /** A pinned certificate thumbprint (SHA-256 or SHA-1, colon-separated hex). */
  public static final String THUMBPRINT_ENV = "CONVOY_VSPHERE_THUMBPRINT";

  /** PEM certificates of the CA that issued vCenter's certificate. */
  public static final String CA_ENV = "CONVOY_VSPHERE_CA";

  /** "true": accept any certificate (only on the user's explicit request). */
  public static final String INSECURE_ENV = "CONVOY_VSPHERE_INSECURE";

  /** The login of {@code session}, to hand to another process. */
  public static VcenterLogin of(VsphereSession session) {
    return new VcenterLogin(session.endpoint(), session.credentials(), session.tls());
  }

  /** The environment variables another process reads with {@link #fromEnvironment}. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(URL_ENV, endpoint.location());
    env.put(USERNAME_ENV, credentials.username());
    env.put(PASSWORD_ENV, credentials.password());
    if (tls instanceof TlsPolicy.Pinned p) {
      env.put(THUMBPRINT_ENV, p.thumbprint().toString());
    } else if (tls instanceof TlsPolicy.CaFile c) {
      try {
        env.put(CA_ENV, Files.readString(c.file()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the CA file " + c.file(), e);
      }
    } else if (tls instanceof TlsPolicy.Insecure) {
      env.put(INSECURE_ENV, "true");
    }
    return env;
  }

  /**
   * The login in {@code env}, empty when it names no vCenter ({@link #URL_ENV} unset).
   *
   * @param scratch where a CA bundle is written for the TLS policy to read (a private file)
   * @throws IllegalArgumentException naming the variable that is missing or wrong
   */
  public static Optional<VcenterLogin> fromEnvironment(Map<String, String> env, Path scratch) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    VsphereEndpoint endpoint;
    try {
      endpoint = VsphereEndpoint.parse(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL_ENV + ": " + e.getMessage(), e);
    }
    String username = env.getOrDefault(USERNAME_ENV, "");
    if (username.isBlank()) {
      username = endpoint.user();
    }
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException(
          URL_ENV + " names no user and " + USERNAME_ENV + " is unset");
    }
    String password = env.get(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(PASSWORD_ENV + " is unset");
    }
    String thumbprint = env.getOrDefault(THUMBPRINT_ENV, "").trim();
    String ca = env.getOrDefault(CA_ENV, "");
    boolean insecure = "true".equalsIgnoreCase(env.getOrDefault(INSECURE_ENV, "").trim());
    int trusts = (thumbprint.isEmpty() ? 0 : 1) + (ca.isBlank() ? 0 : 1) + (insecure ? 1 : 0);
    if (trusts > 1) {
      throw new IllegalArgumentException(
          "set only one of " + THUMBPRINT_ENV + ", " + CA_ENV + " and " + INSECURE_ENV);
    }
    TlsPolicy tls;
    if (!thumbprint.isEmpty()) {
      try {
        tls = new TlsPolicy.Pinned(Thumbprint.parse(thumbprint));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(THUMBPRINT_ENV + ": " + e.getMessage(), e);
      }
    } else if (!ca.isBlank()) {
      try {
        Files.createDirectories(scratch);
        Path file = Files.createTempFile(scratch, "vcenter-ca-", ".crt");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, ca);
        file.toFile().deleteOnExit();
        tls = new TlsPolicy.CaFile(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the CA bundle under " + scratch, e);
      }
    } else if (insecure) {
      tls = new TlsPolicy.Insecure();
    } else {
      tls = new TlsPolicy.SystemTrust();
    }
    return Optional.of(
        new VcenterLogin(endpoint, new VsphereCredentials(username, password.toCharArray()), tls));
  }

  @Override
  public String toString() {
    return "VcenterLogin[" + endpoint + ", " + credentials + ", " + tls + "]";
  }
}
