package dev.convoy.launcher.domxml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.launcher.convert.Accelerator;
import dev.convoy.launcher.convert.ConversionContext;
import dev.convoy.launcher.convert.ConversionException;
import dev.convoy.launcher.convert.FirmwarePaths;
import dev.convoy.launcher.convert.NetworkLayout;
import dev.convoy.launcher.convert.PodVolumeLayout;
import dev.convoy.launcher.convert.RuntimePaths;
import dev.convoy.launcher.convert.VmiConverter;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The domain XML a VirtualMachineInstance manifest (or a VirtualMachine's template) turns into in a
 * launcher pod, without touching libvirt: what {@code convoy vmi domxml} prints. Volumes and
 * run-time files are placed by KubeVirt's pod conventions ({@link PodVolumeLayout}).
 */
public final class DomainXmlPreview {
  /** Where a launcher pod keeps its run-time files (serial socket and log, EFI variables). */
  public static final Path POD_RUNTIME_DIRECTORY = Path.of("/var/run/convoy/launcher");

  private DomainXmlPreview() {}

  /**
   * The pod context: KubeVirt's volume layout with {@code blockClaims} as block PVCs, {@code
   * bridges} as host bridges by network, Debian's OVMF.
   */
  public static ConversionContext podContext(
      Accelerator accelerator, Set<String> blockClaims, Map<String, String> bridges) {
    return new ConversionContext(
        accelerator,
        new PodVolumeLayout(blockClaims),
        new NetworkLayout(bridges),
        RuntimePaths.in(POD_RUNTIME_DIRECTORY),
        FirmwarePaths.debian());
  }

  /** Reads {@code manifest} and returns its domain XML. */
  public static String render(Path manifest, ConversionContext context) throws ManifestException {
    VirtualMachineInstance vmi = readVmi(manifest);
    try {
      return VmiConverter.convert(vmi, context).xml();
    } catch (ConversionException e) {
      throw new ManifestException(manifest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads one VirtualMachineInstance, or the VMI a VirtualMachine's template would create (named
   * like the VM, in its namespace), from a YAML or JSON file holding exactly one of them.
   */
  public static VirtualMachineInstance readVmi(Path manifest) throws ManifestException {
    List<JsonNode> documents = readDocuments(manifest);
    if (documents.size() != 1) {
      throw new ManifestException(
          manifest
              + ": expected one VirtualMachineInstance or VirtualMachine, found "
              + documents.size()
              + " documents");
    }
    JsonNode document = documents.get(0);
    String kind = document.path("kind").asText("");
    try {
      switch (kind) {
        case "VirtualMachineInstance":
          return Serialization.json().treeToValue(document, VirtualMachineInstance.class);
        case "VirtualMachine":
          return fromTemplate(
              manifest, Serialization.json().treeToValue(document, VirtualMachine.class));
        default:
          throw new ManifestException(
              manifest
                  + ": kind is '"
                  + kind
                  + "'; expected VirtualMachineInstance or VirtualMachine");
      }
    } catch (JsonProcessingException e) {
      throw new ManifestException(manifest + ": " + e.getOriginalMessage(), e);
    }
  }

  private static VirtualMachineInstance fromTemplate(Path manifest, VirtualMachine vm)
      throws ManifestException {
    if (vm.getSpec() == null
        || vm.getSpec().getTemplate() == null
        || vm.getSpec().getTemplate().getSpec() == null) {
      throw new ManifestException(manifest + ": spec.template.spec: is required");
    }
    var template = vm.getSpec().getTemplate();
    VirtualMachineInstance vmi = new VirtualMachineInstance();
    ObjectMeta meta =
        template.getMetadata() == null
            ? new ObjectMeta()
            : Serialization.deepCopy(template.getMetadata());
    meta.setName(vm.getMetadata() == null ? null : vm.getMetadata().getName());
    meta.setNamespace(vm.getMetadata() == null ? null : vm.getMetadata().getNamespace());
    vmi.setMetadata(meta);
    vmi.setSpec(template.getSpec());
    return vmi;
  }

  private static List<JsonNode> readDocuments(Path manifest) throws ManifestException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        Serialization.yaml()
            .readerFor(JsonNode.class)
            .readValues(Files.newBufferedReader(manifest))) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    } catch (NoSuchFileException e) {
      throw new ManifestException(manifest + ": no such file");
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String position = where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr();
      throw new ManifestException(manifest + position + ": " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof JsonProcessingException cause) {
        JsonLocation where = cause.getLocation();
        String position = where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr();
        throw new ManifestException(manifest + position + ": " + cause.getOriginalMessage(), e);
      }
      throw e;
    } catch (IOException e) {
      throw new ManifestException(manifest + ": cannot read: " + e.getMessage(), e);
    }
    return documents;
  }
}
