package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.launcher.domain.Domain;

/**
 * Controllers: no USB controller (no device needs one, and it costs guest boot time), and a
 * virtio-scsi controller when a disk uses the scsi bus. q35's built-in SATA controller and the PCIe
 * root ports are added by libvirt.
 */
final class ControllersStep implements DomainStep {
  @Override
  public void apply(ConversionInput input, Domain domain) {
    domain.controllers().add(element("controller").attr("type", "usb").attr("model", "none"));
    if (input.scsiControllerNeeded()) {
      domain
          .controllers()
          .add(
              element("controller")
                  .attr("type", "scsi")
                  .attr("index", 0)
                  .attr("model", "virtio-scsi"));
    }
  }
}
