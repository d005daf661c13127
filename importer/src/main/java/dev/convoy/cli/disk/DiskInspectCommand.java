package dev.convoy.cli.disk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.convoy.cli.ExitCodes;
import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.DiskInspector;
import dev.convoy.disk.InspectionReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy disk inspect FILE}: run every safety rule on an image without converting it. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Check an image (file, .ova or http(s) URL) against Convoy's safety rules",
      "and show its format, create type, virtual size and extents. Writes nothing.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  the image passed every rule",
      "  2  usage error",
      "  3  the image was refused (the message names the rule id and the offending value)",
      "  4  the source or qemu-img could not be used"
    })
public final class DiskInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DiskSourceOptions sourceOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "Image file, OVA, or http(s) URL.")
  String file;

  /** Output formats. */
  enum Format {
    table,
    json
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format output;

  @Override
  public Integer call() {
    InspectionReport report;
    try {
      report = DiskInspector.create().inspect(sourceOptions.source(file));
    } catch (DiskConvertException e) {
      throw DiskSourceOptions.toUserException(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.json) {
      out.println(json(report));
    } else {
      out.print(table(report));
    }
    out.flush();
    return ExitCodes.OK;
  }

  static String table(InspectionReport report) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("%-14s %s%n", "source", report.source()));
    text.append(String.format("%-14s %s%n", "format", report.format().qemuName()));
    report.createType().ifPresent(t -> text.append(String.format("%-14s %s%n", "create type", t)));
    text.append(
        String.format(
            "%-14s %s (%d bytes)%n",
            "virtual size", human(report.virtualSize()), report.virtualSize()));
    text.append(
        String.format(
            "%-14s %s (%d bytes)%n",
            "data", human(report.allocatedBytes()), report.allocatedBytes()));
    for (InspectionReport.Extent extent : report.extents()) {
      text.append(
          String.format(
              "%-14s %s %d sectors %s%n",
              "extent", extent.type(), extent.sectors(), extent.file().orElse("")));
    }
    report
        .ova()
        .ifPresent(
            ova -> {
              text.append(
                  String.format(
                      "%-14s %s (disk %s, OVF %s)%n",
                      "ova member", ova.member(), ova.diskId(), ova.ovf()));
              text.append(
                  String.format(
                      "%-14s %s%n",
                      "manifest",
                      ova.manifest().isPresent()
                          ? ova.manifest().get() + ": checksums verified for " + ova.verifiedFiles()
                          : "none in the OVA"));
            });
    text.append(
        String.format(
            "%-14s passed %d rules: %s%n",
            "safe", report.rulesChecked().size(), String.join(", ", report.rulesChecked())));
    return text.toString();
  }

  static String json(InspectionReport report) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("source", report.source());
    map.put("format", report.format().qemuName());
    map.put("createType", report.createType().orElse(null));
    map.put("virtualSize", report.virtualSize());
    map.put("allocatedBytes", report.allocatedBytes());
    map.put(
        "extents",
        report.extents().stream()
            .map(
                e -> {
                  Map<String, Object> extent = new LinkedHashMap<>();
                  extent.put("type", e.type());
                  extent.put("sectors", e.sectors());
                  extent.put("offsetSectors", e.offsetSectors());
                  extent.put("file", e.file().orElse(null));
                  return extent;
                })
            .toList());
    report
        .ova()
        .ifPresent(
            ova -> {
              Map<String, Object> o = new LinkedHashMap<>();
              o.put("ovf", ova.ovf());
              o.put("member", ova.member());
              o.put("diskId", ova.diskId());
              o.put("manifest", ova.manifest().orElse(null));
              o.put("verifiedFiles", ova.verifiedFiles());
              map.put("ova", o);
            });
    map.put("rulesChecked", report.rulesChecked());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(map);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String human(long bytes) {
    List<String> units = List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB");
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.size() - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : String.format(java.util.Locale.ROOT, "%.1f %s", value, units.get(unit));
  }
}
