package dev.convoy.importer.inventory;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.ova.OvfReader;
import dev.convoy.importer.rvtools.RvToolsReader;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads inventories from every kind of source the CLI accepts and merges them into one:
 *
 * <ul>
 *   <li>{@code vsphere://[user@]host[:port][/datacenter]}: a live vCenter or ESXi;
 *   <li>{@code FILE.ova}, {@code FILE.ovf}, or a folder holding one {@code .ovf}: OVF packages;
 *   <li>an RVTools CSV export ({@code *vInfo*.csv}, or a folder holding it);
 *   <li>{@code FILE.json}, {@code FILE.yaml}: an inventory saved by {@code convoy inventory}.
 * </ul>
 */
public final class InventoryService {
  private final SourceSettings settings;
  private final InventoryProgress progress;

  public InventoryService(SourceSettings settings, InventoryProgress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Reads every source in order; fails on the first one that cannot be read. */
  public Inventory collect(List<String> sources) throws InventoryException {
    if (sources.isEmpty()) {
      throw InventoryException.invalid("no source given");
    }
    Inventory merged = Inventory.empty(Instant.now().toString());
    Set<String> ids = new HashSet<>();
    for (String source : sources) {
      Inventory one = read(source, uniqueId(source, ids));
      merged = merged.merge(one);
    }
    return merged;
  }

  /** Which kind of source {@code text} names. */
  public enum SourceKind {
    VSPHERE,
    OVA,
    OVF,
    RVTOOLS,
    SAVED
  }

  /** Classifies a source argument without reading it (a folder is looked into). */
  public static SourceKind kindOf(String text) throws InventoryException {
    if (VsphereEndpoint.matches(text)) {
      return SourceKind.VSPHERE;
    }
    Path path = Path.of(text);
    String name =
        path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        List<String> names =
            files.map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)).toList();
        if (names.stream().anyMatch(n -> n.endsWith(".ovf"))) {
          return SourceKind.OVF;
        }
        if (names.stream().anyMatch(n -> n.endsWith(".csv") && n.contains("vinfo"))) {
          return SourceKind.RVTOOLS;
        }
      } catch (IOException e) {
        throw InventoryException.invalid(text + ": cannot list the folder: " + e.getMessage());
      }
      throw InventoryException.invalid(
          text + ": the folder holds neither an .ovf descriptor nor an RVTools vInfo CSV");
    }
    if (!Files.exists(path)) {
      throw InventoryException.invalid(
          text
              + ": no such file (sources are vsphere://host URLs, .ova/.ovf files, OVF or RVTools"
              + " folders, RVTools .csv files, or saved .json/.yaml inventories)");
    }
    if (name.endsWith(".ova")) {
      return SourceKind.OVA;
    }
    if (name.endsWith(".ovf")) {
      return SourceKind.OVF;
    }
    if (name.endsWith(".csv")) {
      return SourceKind.RVTOOLS;
    }
    if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
      return SourceKind.SAVED;
    }
    throw InventoryException.invalid(
        text + ": unknown kind of source (expected .ova, .ovf, .csv, .json, .yaml or a folder)");
  }

  private Inventory read(String source, String id) throws InventoryException {
    SourceKind kind = kindOf(source);
    return switch (kind) {
      case VSPHERE -> vsphere(source, id);
      case OVA, OVF -> OvfReader.read(Path.of(source), id, settings.verifyChecksums());
      case RVTOOLS -> RvToolsReader.read(Path.of(source), id);
      case SAVED -> saved(Path.of(source));
    };
  }

  private Inventory vsphere(String source, String id) throws InventoryException {
    VsphereEndpoint endpoint;
    try {
      endpoint = VsphereEndpoint.parse(source);
    } catch (IllegalArgumentException e) {
      throw InventoryException.invalid(e.getMessage());
    }
    VsphereCredentials credentials = settings.credentials().credentials(endpoint);
    String where = endpoint.location();
    progress.report(where, "connecting as " + credentials.username());
    try (VsphereSession session =
        VsphereSession.open(endpoint, credentials, settings.tls(), settings.timeout())) {
      VsphereCollector.Result result =
          new VsphereCollector(settings.pageSize())
              .collect(
                  session,
                  id,
                  new VsphereCollector.Listener() {
                    @Override
                    public void received(int objects) {
                      if (objects > 0 && objects % 1000 == 0) {
                        progress.report(where, objects + " objects received");
                      }
                    }

                    @Override
                    public void restarted(String reason) {
                      progress.report(where, "session ended (" + reason + "); logged in again");
                    }
                  });
      VsphereCollector.Stats stats = result.stats();
      progress.report(
          where,
          String.format(
              Locale.ROOT,
              "%d VMs, %d objects in %.2f s (%d SOAP round trips, %d page%s)",
              stats.vms(),
              stats.objects(),
              stats.elapsed().toMillis() / 1000.0,
              stats.roundTrips(),
              stats.pages(),
              stats.pages() == 1 ? "" : "s"));
      return result.inventory();
    } catch (VsphereException e) {
      throw new InventoryException(InventoryException.Kind.UNAVAILABLE, e.getMessage(), e);
    } finally {
      credentials.clear();
    }
  }

  private static Inventory saved(Path file) throws InventoryException {
    try {
      return InventoryCodec.read(file);
    } catch (InventoryCodec.InvalidInventoryException e) {
      throw InventoryException.invalid(e.getMessage());
    } catch (IOException e) {
      throw InventoryException.invalid(file + ": cannot read: " + e.getMessage());
    }
  }

  private static String uniqueId(String source, Set<String> taken) {
    String base;
    if (VsphereEndpoint.matches(source)) {
      try {
        base = VsphereEndpoint.parse(source).host();
      } catch (IllegalArgumentException e) {
        base = "vsphere";
      }
    } else {
      Path name = Path.of(source).toAbsolutePath().normalize().getFileName();
      base = name == null ? "source" : name.toString();
    }
    String id = base;
    for (int i = 2; !taken.add(id); i++) {
      id = base + "-" + i;
    }
    return id;
  }
}
