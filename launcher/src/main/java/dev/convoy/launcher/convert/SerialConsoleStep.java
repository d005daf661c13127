package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;

/**
 * The serial console (unless {@code autoattachSerialConsole: false}): COM1 on a unix socket that
 * the launcher's console proxy attaches to, with everything the guest writes also logged to a file
 * from the first byte on (libvirt's virtlogd writes it, so nothing is lost before anyone attaches).
 */
final class SerialConsoleStep implements DomainStep {
  @Override
  public void apply(ConversionInput input, Domain domain) {
    var devices = input.domainSpec().getDevices();
    if (devices != null && Boolean.FALSE.equals(devices.getAutoattachSerialConsole())) {
      return;
    }
    var paths = input.context().paths();
    XmlElement serial = element("serial").attr("type", "unix");
    serial.addChild("source").attr("mode", "bind").attr("path", paths.serialSocket().toString());
    serial.addChild("log").attr("file", paths.serialLog().toString()).attr("append", "on");
    serial.addChild("target").attr("port", 0);
    serial.addChild("alias").attr("name", "serial0");
    domain.serials().add(serial);
  }
}
