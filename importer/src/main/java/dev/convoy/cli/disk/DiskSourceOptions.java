package dev.convoy.cli.disk;

import dev.convoy.cli.ExitCodes;
import dev.convoy.cli.UserException;
import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.DiskSource;
import dev.convoy.disk.ImageFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that say how to read a source image, shared by inspect and convert. */
public final class DiskSourceOptions {
  @Option(
      names = "--source-format",
      paramLabel = "FORMAT",
      description = "The format the source must have: raw, qcow2 or vmdk (default: detect it).")
  String sourceFormat;

  @Option(
      names = "--ova-disk",
      paramLabel = "NAME",
      description = "For an OVA with several disks: the OVF disk id or member name to use.")
  String ovaDisk;

  @Option(
      names = "--cookie-file",
      paramLabel = "FILE",
      description = "HTTP sources: send the Cookie header read from FILE (e.g. a vCenter session).")
  Path cookieFile;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "HTTP sources: an extra request header (repeatable; visible in ps).")
  List<String> headers = List.of();

  @Option(
      names = "--insecure",
      description = "HTTP sources: accept any TLS certificate (test setups only).")
  boolean insecure;

  /** Builds the source for {@code argument}: an http(s) URL, an .ova file, or an image file. */
  DiskSource source(String argument) {
    Optional<ImageFormat> declared = Optional.empty();
    if (sourceFormat != null) {
      declared =
          Optional.of(
              ImageFormat.fromQemuName(sourceFormat)
                  .orElseThrow(
                      () ->
                          UserException.invalidInput(
                              "--source-format " + sourceFormat + ": use raw, qcow2 or vmdk")));
    }
    String lower = argument.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      Map<String, String> headerMap = new LinkedHashMap<>();
      for (String header : headers) {
        int eq = header.indexOf('=');
        if (eq <= 0) {
          throw UserException.invalidInput("--header " + header + ": expected NAME=VALUE");
        }
        headerMap.put(header.substring(0, eq).strip(), header.substring(eq + 1).strip());
      }
      Optional<String> cookie = Optional.empty();
      if (cookieFile != null) {
        try {
          cookie = Optional.of(Files.readString(cookieFile).strip());
        } catch (IOException e) {
          throw UserException.invalidInput("--cookie-file " + cookieFile + ": " + e.getMessage());
        }
      }
      try {
        return new DiskSource.Http(URI.create(argument), cookie, headerMap, declared, !insecure);
      } catch (IllegalArgumentException e) {
        throw UserException.invalidInput(argument + ": not a valid URL: " + e.getMessage());
      }
    }
    if (lower.endsWith(".ova")) {
      return new DiskSource.OvaMember(Path.of(argument), Optional.ofNullable(ovaDisk));
    }
    return new DiskSource.LocalFile(Path.of(argument), declared);
  }

  /** Maps a disk-convert failure to the CLI's exit codes; the message already names the rule. */
  static UserException toUserException(DiskConvertException e) {
    return new UserException(
        e.kind() == DiskConvertException.Kind.INVALID_INPUT
            ? ExitCodes.INVALID_INPUT
            : ExitCodes.UNAVAILABLE,
        e.getMessage(),
        e);
  }
}
