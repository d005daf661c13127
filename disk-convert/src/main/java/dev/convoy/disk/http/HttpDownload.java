package dev.convoy.disk.http;

import dev.convoy.disk.DiskConvertException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.net.ssl.HttpsURLConnection;

/**
 * One sequential GET of a whole HTTP(S) resource into a local file (the staged copy qemu-img
 * converts and verification compares against), with the SHA-256 of what was received computed on
 * the way. The response must be the very resource that was inspected: status 200, the same length
 * and, when the server sent one, the same validator (ETag or Last-Modified). A read that waits
 * longer than the access's timeout fails the download.
 */
public final class HttpDownload {
  private static final int BUFFER = 1 << 20;

  private HttpDownload() {}

  /** What was downloaded. */
  public record Downloaded(long bytes, String sha256) {}

  /**
   * Downloads {@code url} into {@code file} (created, must not exist).
   *
   * @param length the length the inspection saw; the response must have exactly this many bytes
   * @param validator the ETag/Last-Modified the inspection saw, if any
   * @param progress told the number of bytes written so far, now and then
   */
  public static Downloaded toFile(
      HttpClient client,
      URI url,
      HttpAccess access,
      long length,
      Optional<String> validator,
      Path file,
      LongConsumer progress)
      throws DiskConvertException {
    String subject = HttpRangeSource.redact(url);
    HttpURLConnection connection;
    try {
      // HttpsURLConnection rather than the JDK's HttpClient for this one long body: its TLS
      // record path costs about half the CPU per byte here (importer/bench/README.md). Same trust
      // as the inspection's requests: the client's SSLContext (default or the user's insecure
      // choice) and the JDK's default HTTPS hostname check; the default proxy selector and no
      // redirects, like the client.
      connection = (HttpURLConnection) url.toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(client.sslContext().getSocketFactory());
      }
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      int timeout = (int) Math.min(Integer.MAX_VALUE, access.timeout().toMillis());
      connection.setConnectTimeout(timeout);
      // a body that stops arriving for this long fails the blocked read
      connection.setReadTimeout(timeout);
      access.cookie().ifPresent(c -> connection.setRequestProperty("Cookie", c));
      access.headers().forEach(connection::setRequestProperty);
      connection.connect();
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          subject + ": HTTP GET failed: " + HttpRangeSource.describe(e), e);
    }
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new DiskConvertException(
            status == 401 || status == 403 || status == 404
                ? DiskConvertException.Kind.INVALID_INPUT
                : DiskConvertException.Kind.UNAVAILABLE,
            subject
                + ": HTTP GET answered "
                + status
                + (status == 401 || status == 403 ? " (is the cookie missing or expired?)" : ""));
      }
      long announced = connection.getContentLengthLong();
      Optional<String> served =
          Optional.ofNullable(connection.getHeaderField("ETag"))
              .or(() -> Optional.ofNullable(connection.getHeaderField("Last-Modified")));
      if ((announced >= 0 && announced != length)
          || (validator.isPresent() && served.isPresent() && !validator.equals(served))) {
        throw DiskConvertException.unavailable(
            subject
                + ": the source changed while it was being read (length "
                + length
                + " -> "
                + announced
                + (served.isPresent()
                    ? ", validator " + validator.orElse("-") + " -> " + served.get()
                    : "")
                + ")",
            null);
      }
      try (InputStream body = connection.getInputStream()) {
        return copy(body, subject, length, file, progress);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw DiskConvertException.unavailable(
          subject + ": no data for " + access.timeout().toSeconds() + " s", e);
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          subject + ": download failed: " + HttpRangeSource.describe(e), e);
    } finally {
      connection.disconnect();
    }
  }

  private static Downloaded copy(
      InputStream body, String subject, long length, Path file, LongConsumer progress)
      throws IOException, DiskConvertException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long done = 0;
    long reported = 0;
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (done + n > length) {
          throw DiskConvertException.unavailable(
              subject + ": the server sent more than the " + length + " bytes it announced", null);
        }
        sha256.update(buffer, 0, n);
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        done += n;
        if (done - reported >= 64L << 20) {
          reported = done;
          progress.accept(done);
        }
      }
    }
    if (done != length) {
      throw DiskConvertException.unavailable(
          subject + ": the download ended after " + done + " of " + length + " bytes", null);
    }
    progress.accept(done);
    return new Downloaded(done, HexFormat.of().formatHex(sha256.digest()));
  }
}
