package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import dev.convoy.api.kubevirt.v1.Bootloader;
import dev.convoy.api.kubevirt.v1.Efi;
import dev.convoy.api.kubevirt.v1.Firmware;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;

/**
 * Machine type and firmware. The machine defaults to {@code q35} (KubeVirt's amd64 default; only
 * q35 machine types are accepted). BIOS is SeaBIOS; EFI is OVMF from {@link FirmwarePaths}, with
 * Secure Boot unless {@code efi.secureBoot: false} (KubeVirt's default is on), which needs SMM
 * (turned on by {@link FeaturesStep}). The EFI variable store is a per-VM copy of the template at
 * {@link RuntimePaths#nvram()}.
 */
final class OsStep implements DomainStep {
  static final String DEFAULT_MACHINE = "q35";

  @Override
  public void apply(ConversionInput input, Domain domain) {
    String architecture = architecture(input);
    if (architecture != null && !architecture.equals("amd64")) {
      input.problem("spec.architecture", "only amd64 is supported, not " + architecture);
    }
    String machine = DEFAULT_MACHINE;
    var machineSpec = input.domainSpec().getMachine();
    if (machineSpec != null && machineSpec.getType() != null && !machineSpec.getType().isEmpty()) {
      machine = machineSpec.getType();
      if (!machine.equals("q35") && !machine.startsWith("pc-q35-")) {
        input.problem(
            "spec.domain.machine.type",
            "only q35 machine types (q35, pc-q35-*) are supported, not " + machine);
      }
    }
    XmlElement os = element("os");
    os.child(textElement("type", "hvm").attr("arch", "x86_64").attr("machine", machine));

    Firmware firmware = input.domainSpec().getFirmware();
    Bootloader bootloader = firmware == null ? null : firmware.getBootloader();
    boolean useSerial = false;
    if (bootloader != null && bootloader.getBios() != null && bootloader.getEfi() != null) {
      input.problem("spec.domain.firmware.bootloader", "set either bios or efi, not both");
    } else if (bootloader != null && bootloader.getEfi() != null) {
      efi(input, bootloader.getEfi(), os);
    } else if (bootloader != null && bootloader.getBios() != null) {
      useSerial = Boolean.TRUE.equals(bootloader.getBios().getUseSerial());
    }
    os.child(element("smbios").attr("mode", "sysinfo"));
    if (useSerial) {
      os.child(element("bios").attr("useserial", "yes"));
    }
    domain.os(os);
  }

  private static void efi(ConversionInput input, Efi efi, XmlElement os) {
    if (Boolean.TRUE.equals(efi.getPersistent())) {
      input.problem(
          "spec.domain.firmware.bootloader.efi.persistent",
          "persistent EFI variables are not supported by the Convoy launcher");
    }
    FirmwarePaths paths = input.context().firmware();
    boolean secure = secureBoot(efi);
    os.child(
        textElement("loader", (secure ? paths.secureBootCode() : paths.efiCode()).toString())
            .attr("readonly", "yes")
            .attr("secure", secure ? "yes" : "no")
            .attr("type", "pflash"));
    os.child(
        textElement("nvram", input.context().paths().nvram().toString())
            .attr(
                "template",
                (secure ? paths.secureBootVarsTemplate() : paths.efiVarsTemplate()).toString()));
  }

  /** KubeVirt turns Secure Boot on unless the VMI turns it off. */
  static boolean secureBoot(Efi efi) {
    return efi.getSecureBoot() == null || efi.getSecureBoot();
  }

  private static String architecture(ConversionInput input) {
    Object value = input.spec().getAdditionalProperties().get("architecture");
    return value == null ? null : value.toString();
  }
}
