package dev.convoy.disk.http;

import dev.convoy.disk.DiskConvertException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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

  /** Bytes gathered before they are handed on (a reader waiting for them waits ~1 ms). */
  private static final int CHUNK = 256 << 10;

  private HttpDownload() {}

  /**
   * What was downloaded.
   *
   * @param sha256 the SHA-256 of the body, null when not computed
   */
  public record Downloaded(long bytes, String sha256) {}

  /** Receives the body in order: {@code length} bytes of {@code buffer} at {@code position}. */
  @FunctionalInterface
  public interface Chunks {
    void accept(byte[] buffer, int length, long position) throws IOException, DiskConvertException;
  }

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
    // opened with the first bytes: a response refused on its headers leaves no file
    FileChannel[] out = new FileChannel[1];
    try {
      Downloaded downloaded =
          stream(
              client,
              url,
              access,
              length,
              validator,
              true,
              (buffer, n, position) -> {
                if (out[0] == null) {
                  out[0] =
                      FileChannel.open(
                          file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                  out[0].write(chunk);
                }
              },
              progress,
              cancel -> {});
      if (out[0] == null) {
        Files.createFile(file); // an empty resource
      }
      return downloaded;
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          subject + ": cannot write the staged copy " + file + ": " + e.getMessage(), e);
    } finally {
      if (out[0] != null) {
        try {
          out[0].close();
        } catch (IOException e) {
          // the copy is read back by path; a close error shows there
        }
      }
    }
  }

  /**
   * One sequential GET of {@code url}, its body handed to {@code chunks} in order.
   *
   * @param sha256 compute the SHA-256 of the body on the way (about 0.7 ns per byte of CPU)
   * @param cancel given, once connected, something that aborts the transfer when closed (from
   *     another thread: the blocked read fails)
   */
  public static Downloaded stream(
      HttpClient client,
      URI url,
      HttpAccess access,
      long length,
      Optional<String> validator,
      boolean sha256,
      Chunks chunks,
      LongConsumer progress,
      java.util.function.Consumer<java.io.Closeable> cancel)
      throws DiskConvertException {
    String subject = HttpRangeSource.redact(url);
    Optional<String> sent = access.cookie();
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
      sent.ifPresent(c -> connection.setRequestProperty("Cookie", c));
      access.headers().forEach(connection::setRequestProperty);
      cancel.accept(connection::disconnect);
      connection.connect();
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          subject + ": HTTP GET failed: " + HttpRangeSource.describe(e), e);
    }
    try {
      int status = connection.getResponseCode();
      if ((status == 401 || status == 403) && access.renew(sent)) {
        // the session ended: once more with the new cookie (a fixed one, so at most once)
        connection.disconnect();
        return stream(
            client, url, access.fixed(), length, validator, sha256, chunks, progress, cancel);
      }
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
        return copy(body, subject, length, sha256, chunks, progress);
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
      InputStream body,
      String subject,
      long length,
      boolean computeSha256,
      Chunks chunks,
      LongConsumer progress)
      throws IOException, DiskConvertException {
    MessageDigest sha256 = null;
    if (computeSha256) {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    long done = 0;
    long reported = 0;
    byte[] buffer = new byte[BUFFER];
    while (true) {
      // a TLS stream returns a record (16 KiB) per read: hand on larger chunks, fewer syscalls
      int filled = 0;
      int n = 0;
      while (filled < CHUNK && (n = body.read(buffer, filled, BUFFER - filled)) >= 0) {
        filled += n;
      }
      if (filled > 0) {
        if (done + filled > length) {
          throw DiskConvertException.unavailable(
              subject + ": the server sent more than the " + length + " bytes it announced", null);
        }
        if (sha256 != null) {
          sha256.update(buffer, 0, filled);
        }
        chunks.accept(buffer, filled, done);
        done += filled;
        if (done - reported >= 64L << 20) {
          reported = done;
          progress.accept(done);
        }
      }
      if (n < 0) {
        break;
      }
    }
    if (done != length) {
      throw DiskConvertException.unavailable(
          subject + ": the download ended after " + done + " of " + length + " bytes", null);
    }
    progress.accept(done);
    return new Downloaded(done, sha256 == null ? null : HexFormat.of().formatHex(sha256.digest()));
  }
}
