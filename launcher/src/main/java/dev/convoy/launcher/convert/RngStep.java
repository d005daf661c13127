package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import dev.convoy.launcher.domain.Domain;
import java.util.Map;

/** {@code devices.rng: {}}: a virtio RNG fed from the host's {@code /dev/urandom}. */
final class RngStep implements DomainStep {
  @Override
  public void apply(ConversionInput input, Domain domain) {
    var devices = input.domainSpec().getDevices();
    if (devices == null || !devices.getAdditionalProperties().containsKey("rng")) {
      return;
    }
    Object rng = devices.getAdditionalProperties().get("rng");
    if (!(rng instanceof Map<?, ?> map) || !map.isEmpty()) {
      input.problem("spec.domain.devices.rng", "must be an empty object: {}");
      return;
    }
    domain
        .rngs()
        .add(
            element("rng")
                .attr("model", "virtio")
                .child(textElement("backend", "/dev/urandom").attr("model", "random")));
  }
}
