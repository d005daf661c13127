package dev.convoy.disk;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where a disk image comes from. Every source is untrusted and inspected before use. */
public sealed interface DiskSource
    permits DiskSource.LocalFile, DiskSource.OvaMember, DiskSource.Http {
  /** The format the user (or the OVF) declares; the header must agree. Empty: detect it. */
  Optional<ImageFormat> declaredFormat();

  /** A readable description without secrets. */
  String describe();

  /**
   * A file on a local filesystem: raw, qcow2, a sparse VMDK, or a VMDK descriptor whose extents lie
   * beside it.
   */
  record LocalFile(Path path, Optional<ImageFormat> declaredFormat) implements DiskSource {
    public LocalFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(declaredFormat, "declaredFormat");
    }

    public static LocalFile of(Path path) {
      return new LocalFile(path, Optional.empty());
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  /**
   * A disk inside an OVA, read in place.
   *
   * @param disk the OVF disk id or member name; empty selects the only disk
   */
  record OvaMember(Path ova, Optional<String> disk) implements DiskSource {
    public OvaMember {
      Objects.requireNonNull(ova, "ova");
      Objects.requireNonNull(disk, "disk");
    }

    @Override
    public Optional<ImageFormat> declaredFormat() {
      return Optional.of(ImageFormat.VMDK);
    }

    @Override
    public String describe() {
      return ova + disk.map(d -> "!" + d).orElse("");
    }
  }

  /**
   * An image served over HTTP(S) with byte-range support, e.g. a vCenter datastore {@code
   * /folder/...} download.
   *
   * @param cookie a Cookie header value (e.g. vCenter's {@code vmware_soap_session=...}); never
   *     printed
   * @param headers extra request headers (e.g. {@code Authorization}); never printed
   * @param verifyTls false to accept any certificate (test setups only)
   * @param tls the trust to verify the server with instead of the JDK's trust store (e.g. a pinned
   *     vCenter thumbprint or its CA file); only with {@code verifyTls}
   * @param session how to get a new cookie when the server refuses the current one (401/403), e.g.
   *     by logging in to vCenter again
   */
  record Http(
      URI url,
      Optional<String> cookie,
      java.util.Map<String, String> headers,
      Optional<ImageFormat> declaredFormat,
      boolean verifyTls,
      Optional<javax.net.ssl.SSLContext> tls,
      Optional<dev.convoy.disk.http.SessionRenewal> session)
      implements DiskSource {
    public Http {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(cookie, "cookie");
      Objects.requireNonNull(declaredFormat, "declaredFormat");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(session, "session");
      if (tls.isPresent() && !verifyTls) {
        throw new IllegalArgumentException("a TLS trust was given but verifyTls is false");
      }
      headers = java.util.Map.copyOf(headers);
      String scheme =
          url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
    }

    /** With the JDK's trust store (or none when not verifying) and a fixed cookie. */
    public Http(
        URI url,
        Optional<String> cookie,
        java.util.Map<String, String> headers,
        Optional<ImageFormat> declaredFormat,
        boolean verifyTls) {
      this(url, cookie, headers, declaredFormat, verifyTls, Optional.empty(), Optional.empty());
    }

    @Override
    public String describe() {
      return url.getScheme()
          + "://"
          + url.getHost()
          + (url.getPort() > 0 ? ":" + url.getPort() : "")
          + url.getRawPath();
    }

    /** A URL with a cookie, no extra headers, verifying TLS. */
    public static Http of(URI url, Optional<String> cookie) {
      return new Http(url, cookie, java.util.Map.of(), Optional.empty(), true);
    }

    @Override
    public String toString() {
      return "Http["
          + describe()
          + (cookie.isPresent() ? ", cookie=<redacted>" : "")
          + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
          + (tls.isPresent() ? ", own trust" : verifyTls ? "" : ", insecure")
          + (session.isPresent() ? ", renewable session" : "")
          + "]";
    }
  }
}
