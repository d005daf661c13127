package dev.convoy.disk.http;

import java.io.IOException;
import java.util.Optional;

/**
 * A login that can issue a new session cookie when the server refused the current one, e.g. an
 * import pod's own vCenter session: a long import outlives a session, and an administrator may
 * terminate it. One session serves every request of a conversion (inspection, download, ranges), so
 * a renewal is shared by all of them; implementations are thread-safe.
 */
public interface SessionRenewal {
  /** The cookie to send now (the newest login's). */
  Optional<String> current();

  /**
   * The server refused {@code refused}: logs in again, unless the session has a newer cookie
   * already (another request renewed it).
   *
   * @return the cookie to send instead
   * @throws IOException naming why no new session could be had (the login was refused, the server
   *     is unreachable, ...)
   */
  String renew(Optional<String> refused) throws IOException;
}
