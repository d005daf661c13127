package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.launcher.domain.Domain;

/**
 * The memory balloon: a virtio balloon with 10 s statistics when {@code autoattachMemBalloon:
 * true}, otherwise explicitly none (libvirt would add one by default).
 */
final class MemBalloonStep implements DomainStep {
  @Override
  public void apply(ConversionInput input, Domain domain) {
    var devices = input.domainSpec().getDevices();
    if (devices != null && Boolean.TRUE.equals(devices.getAutoattachMemBalloon())) {
      var balloon = element("memballoon").attr("model", "virtio");
      balloon.addChild("stats").attr("period", 10);
      domain.memballoon(balloon);
    } else {
      domain.memballoon(element("memballoon").attr("model", "none"));
    }
  }
}
