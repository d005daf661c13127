package dev.convoy.launcher.protocol;

import java.util.List;

/**
 * One response line. {@code ok} tells success; on failure {@code errorCode} is one of {@link
 * ErrorCodes} and {@code error} says what went wrong. {@code domain} is the domain's status after
 * the command; {@code supportedVersions} answers {@code Info}.
 */
public record Response(
    String id,
    boolean ok,
    String message,
    String errorCode,
    String error,
    DomainStatus domain,
    List<Integer> supportedVersions) {

  static Response success(String id, DomainStatus domain) {
    return new Response(id, true, null, null, null, domain, null);
  }

  static Response failure(String id, String code, String error) {
    return new Response(id, false, null, code, error, null, null);
  }
}
