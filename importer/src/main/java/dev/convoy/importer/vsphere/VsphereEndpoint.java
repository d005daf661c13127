package dev.convoy.importer.vsphere;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A vCenter or ESXi endpoint as the CLI takes it: {@code
 * vsphere://[user@]host[:port][/datacenter]}. The user may contain {@code @} (e.g. {@code
 * administrator@vsphere.local@vc.example.com}); the last {@code @} separates it from the host.
 * Passwords are never part of the URL.
 *
 * @param user the login user from the URL, or null
 * @param host host name or IP address (IPv6 without brackets)
 * @param port the HTTPS port, 443 by default
 * @param datacenter restrict collection to this datacenter, or null for all
 */
public record VsphereEndpoint(String user, String host, int port, String datacenter) {

  /** The scheme the CLI recognises. */
  public static final String SCHEME = "vsphere://";

  /** Whether {@code text} looks like a vSphere endpoint rather than a file. */
  public static boolean matches(String text) {
    return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Parses {@code vsphere://...}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static VsphereEndpoint parse(String text) {
    if (!matches(text)) {
      throw new IllegalArgumentException("'" + text + "' does not start with " + SCHEME);
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    int at = authority.lastIndexOf('@');
    String user = at < 0 ? null : decode(authority.substring(0, at));
    if (at >= 0 && authority.substring(0, at).contains(":")) {
      throw new IllegalArgumentException(
          "'"
              + redact(text)
              + "' contains a password; pass it in CONVOY_VSPHERE_PASSWORD or --password-file");
    }
    String hostPort = authority.substring(at + 1);
    if (hostPort.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' has no host name");
    }
    URI uri;
    try {
      uri = new URI("https://" + hostPort + "/");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' has an invalid host: " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + text + "' has an invalid host '" + hostPort + "'");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    String datacenter = path.isEmpty() ? null : decode(path.replaceAll("/+$", ""));
    return new VsphereEndpoint(
        user == null || user.isEmpty() ? null : user, host, port, datacenter);
  }

  /** The SOAP endpoint, {@code https://host:port/sdk}. */
  public URI sdkUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("https://" + h + ":" + port + "/sdk");
  }

  /** The endpoint without the user, for logs and inventories. */
  public String location() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return SCHEME
        + h
        + (port == 443 ? "" : ":" + port)
        + (datacenter == null ? "" : "/" + datacenter);
  }

  @Override
  public String toString() {
    return location();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String redact(String text) {
    return text.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
  }
}
