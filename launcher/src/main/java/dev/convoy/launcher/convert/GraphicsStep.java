package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;

/**
 * Graphics and input, off unless the VMI asks for them: {@code autoattachGraphicsDevice: true} adds
 * a VGA card and VNC on a unix socket, {@code autoattachInputDevice: true} a virtio tablet.
 * KubeVirt attaches graphics by default; Convoy does not, since the VMs it moves are run headless
 * through their serial console and a display costs guest CPU under TCG (documented in
 * docs/launcher-protocol.md).
 */
final class GraphicsStep implements DomainStep {
  @Override
  public void apply(ConversionInput input, Domain domain) {
    var devices = input.domainSpec().getDevices();
    if (devices == null) {
      return;
    }
    if (Boolean.TRUE.equals(devices.getAutoattachInputDevice())) {
      domain.inputs().add(element("input").attr("type", "tablet").attr("bus", "virtio"));
    }
    if (Boolean.TRUE.equals(devices.getAutoattachGraphicsDevice())) {
      XmlElement vnc = element("graphics").attr("type", "vnc");
      vnc.addChild("listen")
          .attr("type", "socket")
          .attr("socket", input.context().paths().vncSocket().toString());
      domain.graphics().add(vnc);
      XmlElement video = element("video");
      video.addChild("model").attr("type", "vga").attr("vram", 16384).attr("heads", 1);
      domain.videos().add(video);
    }
  }
}
