package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import dev.convoy.api.kubevirt.v1.Firmware;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Domain type, name {@code <namespace>_<name>}, UUID, and Convoy's metadata block: the VMI's
 * namespace, name, UID and grace period, so a domain found in libvirt can be traced back to its VMI
 * (KubeVirt keeps the same facts in its {@code <kubevirt>} metadata).
 */
final class MetadataStep implements DomainStep {
  /** XML namespace of Convoy's domain metadata. */
  static final String METADATA_NAMESPACE = "https://convoy.dev/xmlns/launcher/v1";

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Override
  public void apply(ConversionInput input, Domain domain) {
    var meta = input.vmi().getMetadata();
    if (meta.getName() == null || meta.getName().isEmpty()) {
      input.problem("metadata.name", "is required");
      return;
    }
    domain.type(input.context().accelerator().domainType());
    domain.name(VmiNames.domainName(input.vmi()));

    Firmware firmware = input.domainSpec().getFirmware();
    String uuid = firmware == null ? null : firmware.getUuid();
    if (uuid == null || uuid.isEmpty()) {
      domain.uuid(VmiNames.derivedFirmwareUuid(input.vmi()));
    } else if (UUID_TEXT.matcher(uuid).matches()) {
      domain.uuid(UUID.fromString(uuid).toString());
    } else {
      input.problem("spec.domain.firmware.uuid", "'" + uuid + "' is not a UUID");
    }

    long grace = VmiNames.gracePeriodSeconds(input.vmi());
    if (grace < 0) {
      input.problem("spec.terminationGracePeriodSeconds", "must not be negative, not " + grace);
    }
    XmlElement vmiElement =
        element("convoy:vmi")
            .attr("xmlns:convoy", METADATA_NAMESPACE)
            .child(textElement("convoy:namespace", VmiNames.namespace(input.vmi())))
            .child(textElement("convoy:name", meta.getName()));
    if (meta.getUid() != null && !meta.getUid().isEmpty()) {
      vmiElement.child(textElement("convoy:uid", meta.getUid()));
    }
    vmiElement.child(textElement("convoy:gracePeriodSeconds", grace));
    domain.metadata(element("metadata").child(vmiElement));
  }
}
