package dev.convoy.launcher.convert;

import dev.convoy.launcher.domain.Domain;

/**
 * What libvirt does when the guest powers off, reboots or crashes: a power-off or crash ends the
 * domain (the VMI is then Succeeded or Failed and never restarts in place), a reboot stays in the
 * same QEMU process.
 */
final class LifecycleStep implements DomainStep {
  @Override
  public void apply(ConversionInput input, Domain domain) {
    domain.lifecycle("destroy", "restart", "destroy");
  }
}
