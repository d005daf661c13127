package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.api.kubevirt.v1.FeatureHyperv;
import dev.convoy.api.kubevirt.v1.FeatureState;
import dev.convoy.api.kubevirt.v1.Features;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;

/**
 * Hypervisor features. ACPI and APIC are on unless the VMI turns them off (without ACPI the guest
 * gets no power button, so a graceful shutdown cannot work). SMM is on when asked for and whenever
 * EFI Secure Boot is used. Hyper-V enlightenments map one to one; {@code pvspinlock} needs KVM.
 */
final class FeaturesStep implements DomainStep {

  @Override
  public void apply(ConversionInput input, Domain domain) {
    Features features = input.domainSpec().getFeatures();
    if (features == null) {
      features = new Features();
    }
    XmlElement element = element("features");
    if (enabled(features.getAcpi(), true)) {
      element.addChild("acpi");
    }
    var apic = features.getApic();
    if (apic == null || apic.getEnabled() == null || apic.getEnabled()) {
      XmlElement apicElement = element.addChild("apic");
      if (apic != null && apic.getEndOfInterrupt() != null) {
        apicElement.attr("eoi", apic.getEndOfInterrupt() ? "on" : "off");
      }
    }
    if (features.getHyperv() != null) {
      element.child(hyperv(features.getHyperv()));
    }
    if (features.getPvspinlock() != null) {
      if (input.context().accelerator() == Accelerator.TCG) {
        input.problem(
            "spec.domain.features.pvspinlock",
            "needs KVM; this host runs guests under QEMU's TCG emulator");
      }
      element.addChild("pvspinlock").attr("state", onOff(enabled(features.getPvspinlock(), true)));
    }
    boolean secureBoot = secureBootRequested(input);
    if (features.getSmm() != null) {
      boolean smm = enabled(features.getSmm(), true);
      if (!smm && secureBoot) {
        input.problem(
            "spec.domain.features.smm", "EFI Secure Boot needs SMM; it cannot be turned off");
      }
      element.addChild("smm").attr("state", onOff(smm));
    } else if (secureBoot) {
      element.addChild("smm").attr("state", "on");
    }
    domain.features(element);
  }

  private static XmlElement hyperv(FeatureHyperv hyperv) {
    XmlElement element = element("hyperv").attr("mode", "custom");
    state(element, "relaxed", hyperv.getRelaxed());
    state(element, "vapic", hyperv.getVapic());
    var spinlocks = hyperv.getSpinlocks();
    if (spinlocks != null) {
      boolean on = spinlocks.getEnabled() == null || spinlocks.getEnabled();
      XmlElement spin = element.addChild("spinlocks").attr("state", onOff(on));
      if (on) {
        spin.attr("retries", spinlocks.getSpinlocks() == null ? 4096 : spinlocks.getSpinlocks());
      }
    }
    state(element, "vpindex", hyperv.getVpindex());
    state(element, "runtime", hyperv.getRuntime());
    state(element, "synic", hyperv.getSynic());
    state(element, "reset", hyperv.getReset());
    state(element, "frequencies", hyperv.getFrequencies());
    state(element, "reenlightenment", hyperv.getReenlightenment());
    state(element, "ipi", hyperv.getIpi());
    state(element, "evmcs", hyperv.getEvmcs());
    return element;
  }

  private static void state(XmlElement parent, String name, FeatureState state) {
    if (state != null) {
      parent.addChild(name).attr("state", onOff(enabled(state, true)));
    }
  }

  /** KubeVirt's rule: a feature that is present is enabled unless {@code enabled: false}. */
  static boolean enabled(FeatureState state, boolean whenAbsent) {
    if (state == null) {
      return whenAbsent;
    }
    return state.getEnabled() == null || state.getEnabled();
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static boolean secureBootRequested(ConversionInput input) {
    var firmware = input.domainSpec().getFirmware();
    if (firmware == null || firmware.getBootloader() == null) {
      return false;
    }
    var efi = firmware.getBootloader().getEfi();
    return efi != null && firmware.getBootloader().getBios() == null && OsStep.secureBoot(efi);
  }
}
