package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import dev.convoy.api.kubevirt.v1.Firmware;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;

/**
 * SMBIOS system information the guest reads with dmidecode: manufacturer and family "Convoy", the
 * firmware UUID (the domain UUID) and the firmware serial when the VMI sets one. Guests moved from
 * VMware keep their BIOS UUID and serial this way.
 */
final class SysinfoStep implements DomainStep {
  static final String MANUFACTURER = "Convoy";

  @Override
  public void apply(ConversionInput input, Domain domain) {
    XmlElement system = element("system");
    system.child(entry("manufacturer", MANUFACTURER));
    system.child(entry("product", "None"));
    Firmware firmware = input.domainSpec().getFirmware();
    if (firmware != null && firmware.getSerial() != null && !firmware.getSerial().isEmpty()) {
      system.child(entry("serial", firmware.getSerial()));
    }
    if (domain.uuid() != null) {
      system.child(entry("uuid", domain.uuid()));
    }
    system.child(entry("family", MANUFACTURER));
    domain.sysinfo(element("sysinfo").attr("type", "smbios").child(system));
  }

  private static XmlElement entry(String name, String value) {
    return textElement("entry", value).attr("name", name);
  }
}
