package dev.convoy.plans.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.testing.ReferenceSchemas;
import dev.convoy.plans.manifests.ManifestGenerator.DiskMode;
import dev.convoy.plans.parse.PlanParser;
import dev.convoy.plans.resolve.PlanResolver;
import dev.convoy.plans.resolve.ResolvedPlan;
import dev.convoy.plans.waves.WavePlan;
import dev.convoy.plans.waves.WavePlanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestGeneratorTest {
  static final Path ROOT = Path.of(System.getProperty("convoy.root", ".."));
  static final Path GOLDEN = ROOT.resolve("migration-plans/src/test/resources/golden");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static String resource(String name) {
    try (InputStream in = ManifestGeneratorTest.class.getResourceAsStream("/generator/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<GeneratedFile> generate(String planText, DiskMode mode) {
    Inventory inventory =
        InventoryCodec.parse(
            resource("inventory.yaml"), InventoryCodec.Format.YAML, "inventory.yaml");
    ResolvedPlan resolved =
        PlanResolver.resolve(PlanParser.parse("plan.yaml", planText), inventory);
    WavePlan waves = WavePlanner.plan(resolved.plannerInput());
    assertThat(waves.issues()).isEmpty();
    return ManifestGenerator.generate(resolved, waves, mode);
  }

  static String variant(String name) {
    String plan = resource("plan.yaml");
    return switch (name) {
      case "pvc-virtio", "cdi-virtio" -> plan;
      case "cdi-scsi" -> plan.replace("diskBus: virtio", "diskBus: scsi");
      case "pvc-sata-compat" ->
          plan.replace("diskBus: virtio", "diskBus: sata")
              .replace(
                  "nicModel: virtio",
                  "nicModel: e1000e\n    preserveMacs: false\n    runStrategy: Always");
      default -> throw new IllegalArgumentException(name);
    };
  }

  static List<JsonNode> documents(GeneratedFile file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.content())) {
      var iterator = YAML.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        documents.add(iterator.next());
      }
    }
    return documents;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"pvc-virtio,PVC", "cdi-virtio,CDI", "cdi-scsi,CDI", "pvc-sata-compat,PVC"})
  @DisplayName("golden files: the generator's output for each variant, byte for byte")
  void golden(String name, DiskMode mode) throws IOException {
    List<GeneratedFile> files = generate(variant(name), mode);
    Path dir = GOLDEN.resolve(name);
    if (Boolean.getBoolean("convoy.updateGolden")) {
      if (Files.exists(dir)) {
        ManifestWriter.deleteTree(dir);
      }
      for (GeneratedFile file : files) {
        Path path = dir.resolve(file.path());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.content());
      }
    }
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.filter(Files::isRegularFile).toList()) {
        expected.put(dir.relativize(path).toString(), Files.readString(path));
      }
    }
    Map<String, String> actual = new TreeMap<>();
    files.forEach(f -> actual.put(f.path(), f.content()));
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    actual.forEach((path, content) -> assertThat(content).as(path).isEqualTo(expected.get(path)));
    // The same input always gives the same bytes.
    assertThat(generate(variant(name), mode)).isEqualTo(files);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"pvc-virtio,PVC", "cdi-virtio,CDI", "cdi-scsi,CDI", "pvc-sata-compat,PVC"})
  @DisplayName(
      "every VirtualMachine validates against KubeVirt's swagger, every DataVolume against CDI's")
  void schemaValid(String name, DiskMode mode) throws IOException {
    int vms = 0;
    int dataVolumes = 0;
    for (GeneratedFile file : generate(variant(name), mode)) {
      for (JsonNode document : documents(file)) {
        switch (document.path("kind").asText()) {
          case "VirtualMachine" -> {
            ReferenceSchemas.assertValidVirtualMachine(document);
            checkAdmissionRules(document);
            vms++;
          }
          case "DataVolume" -> {
            ReferenceSchemas.assertValidDataVolume(document);
            dataVolumes++;
          }
          default -> {}
        }
      }
    }
    assertThat(vms).isEqualTo(4);
    assertThat(dataVolumes).isEqualTo(mode == DiskMode.CDI ? 6 : 0);
  }

  /** What KubeVirt's admission webhook checks beyond the schema. */
  static void checkAdmissionRules(JsonNode vm) {
    JsonNode spec = vm.path("spec").path("template").path("spec");
    Set<String> volumes = new HashSet<>();
    spec.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
    Set<String> diskNames = new HashSet<>();
    Set<Integer> bootOrders = new HashSet<>();
    for (JsonNode disk : spec.path("domain").path("devices").path("disks")) {
      assertThat(diskNames.add(disk.path("name").asText())).as("unique disk names").isTrue();
      assertThat(volumes).contains(disk.path("name").asText());
      if (disk.has("bootOrder")) {
        assertThat(bootOrders.add(disk.path("bootOrder").asInt())).isTrue();
      }
    }
    Set<String> networks = new HashSet<>();
    spec.path("networks").forEach(n -> networks.add(n.path("name").asText()));
    int pod = 0;
    for (JsonNode network : spec.path("networks")) {
      pod += network.has("pod") ? 1 : 0;
    }
    assertThat(pod).as("at most one pod network").isLessThanOrEqualTo(1);
    for (JsonNode iface : spec.path("domain").path("devices").path("interfaces")) {
      assertThat(networks).contains(iface.path("name").asText());
      if (iface.has("macAddress")) {
        assertThat(iface.path("macAddress").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
      }
    }
    assertThat(vm.path("metadata").path("name").asText())
        .matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  }

  /** The generated VirtualMachine of the source VM named {@code sourceName}. */
  static JsonNode vmFor(List<GeneratedFile> files, String sourceName) throws IOException {
    for (GeneratedFile file : files) {
      for (JsonNode document : documents(file)) {
        if (document.path("kind").asText().equals("VirtualMachine")
            && sourceName.equals(
                document
                    .path("metadata")
                    .path("annotations")
                    .path("convoy.dev/source-vm-name")
                    .asText())) {
          return document;
        }
      }
    }
    throw new AssertionError("no VirtualMachine for " + sourceName);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PVC", "CDI"})
  @DisplayName(
      "the demo plan (vcsim inventory + demo OVA) gives two waves of schema-valid manifests")
  void demoPlan(DiskMode mode) throws Exception {
    var planned =
        dev.convoy.plans.PlanWorkflow.plan(ROOT.resolve("examples/plans/demo.yaml"), List.of());
    assertThat(planned.waves().waves()).hasSize(2);
    assertThat(planned.waves().issues()).isEmpty();
    int vms = 0;
    for (GeneratedFile file :
        ManifestGenerator.generate(planned.resolved(), planned.waves(), mode)) {
      for (JsonNode document : documents(file)) {
        if (document.path("kind").asText().equals("VirtualMachine")) {
          ReferenceSchemas.assertValidVirtualMachine(document);
          checkAdmissionRules(document);
          vms++;
        } else if (document.path("kind").asText().equals("DataVolume")) {
          ReferenceSchemas.assertValidDataVolume(document);
        }
      }
    }
    assertThat(vms).isEqualTo(5);
  }

  @Test
  @DisplayName(
      "hardware mapping: CPU topology, memory, EFI + secure boot + SMM, SMBIOS, disks, NICs")
  void hardwareMapping() throws IOException {
    List<GeneratedFile> files = generate(variant("pvc-virtio"), DiskMode.PVC);
    JsonNode app = vmFor(files, "App Server 01");
    JsonNode domain = app.path("spec").path("template").path("spec").path("domain");
    assertThat(domain.path("cpu").toString())
        .isEqualTo("{\"cores\":4,\"sockets\":2,\"threads\":1}");
    assertThat(domain.path("memory").path("guest").asText()).isEqualTo("16384Mi");
    assertThat(domain.path("firmware").path("uuid").asText())
        .isEqualTo("42135c3b-7f20-1c10-5c71-e7ac611bd26e");
    assertThat(domain.path("firmware").path("serial").asText())
        .isEqualTo("VMware-42 13 5c 3b 7f 20 1c 10-5c 71 e7 ac 61 1b d2 6e");
    assertThat(
            domain.path("firmware").path("bootloader").path("efi").path("secureBoot").asBoolean())
        .isTrue();
    assertThat(domain.path("features").path("smm").path("enabled").asBoolean()).isTrue();
    JsonNode disks = domain.path("devices").path("disks");
    assertThat(disks.get(0).path("disk").path("bus").asText()).isEqualTo("virtio");
    assertThat(disks.get(0).path("bootOrder").asInt()).isEqualTo(1);
    assertThat(disks.get(1).path("disk").path("bus").asText()).isEqualTo("virtio");
    assertThat(disks.get(2).path("disk").path("bus").asText())
        .as("SATA stays SATA")
        .isEqualTo("sata");
    assertThat(disks.get(2).path("shareable").asBoolean()).isTrue();
    JsonNode interfaces = domain.path("devices").path("interfaces");
    assertThat(interfaces.get(0).path("macAddress").asText()).isEqualTo("00:50:56:9a:01:01");
    assertThat(interfaces.get(0).has("masquerade")).isTrue();
    assertThat(interfaces.get(1).has("bridge")).isTrue();
    JsonNode networks = app.path("spec").path("template").path("spec").path("networks");
    assertThat(networks.get(1).path("multus").path("networkName").asText())
        .isEqualTo("finance/backend-100");
    assertThat(app.path("metadata").path("annotations").path("convoy.dev/source-moref").asText())
        .isEqualTo("vm-101");
    assertThat(
            app.path("metadata")
                .path("annotations")
                .path("convoy.dev/source-vcenter-uuid")
                .asText())
        .isEqualTo("0c8a6e41-2d5b-4d43-9f0e-7e1e2a3b4c5d");

    List<GeneratedFile> sata = generate(variant("pvc-sata-compat"), DiskMode.PVC);
    JsonNode compat = vmFor(sata, "App Server 01");
    JsonNode compatDevices =
        compat.path("spec").path("template").path("spec").path("domain").path("devices");
    compatDevices
        .path("disks")
        .forEach(d -> assertThat(d.path("disk").path("bus").asText()).isEqualTo("sata"));
    assertThat(compatDevices.path("interfaces").get(0).path("model").asText()).isEqualTo("e1000e");
    assertThat(compatDevices.path("interfaces").get(0).has("macAddress")).isFalse();
    assertThat(compat.path("spec").path("runStrategy").asText()).isEqualTo("Always");

    List<GeneratedFile> scsi = generate(variant("cdi-scsi"), DiskMode.CDI);
    JsonNode scsiDisks =
        vmFor(scsi, "App Server 01")
            .path("spec")
            .path("template")
            .path("spec")
            .path("domain")
            .path("devices")
            .path("disks");
    assertThat(scsiDisks.get(0).path("disk").path("bus").asText()).isEqualTo("scsi");
    assertThat(scsiDisks.get(2).path("disk").path("bus").asText()).isEqualTo("sata");
  }

  @Test
  @DisplayName(
      "names: sanitized to RFC 1123, collisions get a stable hash suffix, one folder per wave")
  void names() {
    List<GeneratedFile> files = generate(variant("pvc-virtio"), DiskMode.PVC);
    List<String> paths = files.stream().map(GeneratedFile::path).toList();
    assertThat(paths)
        .allMatch(p -> p.matches("wave-0[12]/([a-z0-9-]+\\.yaml|kustomization\\.yaml)"))
        .contains("wave-01/kustomization.yaml", "wave-02/kustomization.yaml")
        .anyMatch(p -> p.endsWith("/legacy-app.yaml"))
        .anyMatch(p -> p.endsWith("/db01.yaml"));
    List<String> appNames =
        paths.stream()
            .filter(p -> p.contains("app-server-01"))
            .map(p -> p.replaceAll(".*/", ""))
            .toList();
    assertThat(appNames).hasSize(2).allMatch(n -> n.matches("app-server-01-[0-9a-f]{6}\\.yaml"));
    assertThat(appNames.get(0)).isNotEqualTo(appNames.get(1));
  }

  @Test
  @DisplayName("CDI disks: VDDK from vCenter for vSphere disks, an upload for the OVA's disk")
  void cdiSources() throws IOException {
    List<GeneratedFile> files = generate(variant("cdi-virtio"), DiskMode.CDI);
    List<JsonNode> dataVolumes = new ArrayList<>();
    for (GeneratedFile file : files) {
      for (JsonNode document : documents(file)) {
        if (document.path("kind").asText().equals("DataVolume")) {
          dataVolumes.add(document);
        }
      }
    }
    JsonNode legacy =
        dataVolumes.stream()
            .filter(d -> d.path("metadata").path("name").asText().startsWith("legacy-app"))
            .findFirst()
            .orElseThrow();
    assertThat(legacy.path("spec").path("source").has("upload")).isTrue();
    assertThat(
            legacy
                .path("metadata")
                .path("annotations")
                .path("convoy.dev/source-disk-path")
                .asText())
        .isEqualTo("/data/ova/legacy.ova");
    JsonNode db =
        dataVolumes.stream()
            .filter(d -> d.path("metadata").path("name").asText().equals("db01-disk-0"))
            .findFirst()
            .orElseThrow();
    JsonNode vddk = db.path("spec").path("source").path("vddk");
    assertThat(vddk.path("url").asText()).isEqualTo("https://vc1.example.com/sdk");
    assertThat(vddk.path("uuid").asText()).isEqualTo("4213bbbb-cccc-dddd-eeee-ffff00001111");
    assertThat(vddk.path("backingFile").asText()).isEqualTo("[ds-fast] db01/db01.vmdk");
    assertThat(vddk.path("secretRef").asText()).isEqualTo("vc1-credentials");
    assertThat(db.path("spec").path("storage").path("storageClassName").asText())
        .isEqualTo("fast-ssd");
    assertThat(db.path("spec").path("storage").path("volumeMode").asText()).isEqualTo("Block");
  }
}
