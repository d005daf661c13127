package dev.convoy.cli;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.importer.inventory.CredentialResolver;
import dev.convoy.importer.inventory.InventoryException;
import dev.convoy.importer.inventory.InventoryProgress;
import dev.convoy.importer.inventory.InventoryService;
import dev.convoy.importer.inventory.SourceSettings;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The sources and connection options shared by {@code convoy inventory} and {@code convoy assess}:
 * what to read, how to trust vCenter's certificate, where the password comes from.
 */
public final class SourceOptions {
  @Parameters(
      arity = "1..*",
      paramLabel = "SOURCE",
      description = {
        "vsphere://[user@]host[:port][/datacenter], FILE.ova, FILE.ovf, an OVF folder, an"
            + " RVTools CSV (vInfo, with vDisk/vNetwork beside it) or its folder, or a saved"
            + " inventory (.json/.yaml). Several sources are merged."
      })
  List<String> sources;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "Trust vCenter certificates issued by the CA certificates in this PEM file.")
  Path caFile;

  @Option(
      names = "--thumbprint",
      paramLabel = "SHA256",
      description =
          "Trust exactly the vCenter certificate with this SHA-256 (or SHA-1) thumbprint,"
              + " AB:CD:... as govc and vCenter print it.")
  String thumbprint;

  @Option(
      names = {"-k", "--insecure"},
      description = "Do not verify vCenter's TLS certificate (prints a warning).")
  boolean insecure;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "Read the vCenter password from the first line of FILE (default: the"
              + " CONVOY_VSPHERE_PASSWORD environment variable). The user comes from the URL or"
              + " CONVOY_VSPHERE_USERNAME.")
  Path passwordFile;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Objects per RetrievePropertiesEx page (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "Connect and per-request time limit for vCenter (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--no-verify-checksums",
      negatable = false,
      description = "Do not verify OVA/OVF manifest checksums (they are verified by default).")
  boolean noVerifyChecksums;

  /** The settings these options describe; warns on {@code err} when TLS is not verified. */
  SourceSettings settings(CommandSpec spec, PrintWriter err) {
    int policies = (caFile != null ? 1 : 0) + (thumbprint != null ? 1 : 0) + (insecure ? 1 : 0);
    if (policies > 1) {
      throw new ParameterException(
          spec.commandLine(), "--ca-file, --thumbprint and --insecure exclude each other");
    }
    if (pageSize < 1) {
      throw new ParameterException(spec.commandLine(), "--page-size must be at least 1");
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    TlsPolicy tls;
    if (caFile != null) {
      tls = new TlsPolicy.CaFile(caFile);
    } else if (thumbprint != null) {
      try {
        tls = new TlsPolicy.Pinned(Thumbprint.parse(thumbprint));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--thumbprint: " + e.getMessage());
      }
    } else if (insecure) {
      tls = new TlsPolicy.Insecure();
      if (sources.stream().anyMatch(s -> s.regionMatches(true, 0, "vsphere://", 0, 10))) {
        err.println(
            "convoy: warning: --insecure: vCenter's TLS certificate is not verified; anyone on the"
                + " network path can impersonate it and read the credentials");
      }
    } else {
      tls = new TlsPolicy.SystemTrust();
    }
    return new SourceSettings(
        tls,
        new CredentialResolver(passwordFile, System.getenv()),
        pageSize,
        Duration.ofSeconds(timeoutSeconds),
        !noVerifyChecksums);
  }

  /**
   * The inventory of the sources, progress on {@code err}; a source that cannot be read is a {@link
   * UserException} with its exit code.
   */
  Inventory collect(CommandSpec spec, PrintWriter err) {
    try {
      return new InventoryService(settings(spec, err), progress(err)).collect(sources);
    } catch (InventoryException e) {
      throw toUserException(e);
    }
  }

  /** Progress lines on {@code err}, prefixed like every convoy message. */
  static InventoryProgress progress(PrintWriter err) {
    return (source, message) -> {
      err.println("convoy: " + source + ": " + message);
      err.flush();
    };
  }

  /** The exit code and one-line error for a source that could not be read. */
  static UserException toUserException(InventoryException e) {
    return new UserException(
        e.kind() == InventoryException.Kind.INVALID_INPUT
            ? ExitCodes.INVALID_INPUT
            : ExitCodes.UNAVAILABLE,
        e.getMessage(),
        e);
  }
}
