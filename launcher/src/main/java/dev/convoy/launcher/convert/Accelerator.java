package dev.convoy.launcher.convert;

/**
 * How QEMU runs the guest: hardware virtualization through KVM, or QEMU's TCG emulator. The choice
 * is made outside the converter (probe or configuration, see {@code AcceleratorProbe}) and passed
 * in, so the same VMI always converts to the same XML for the same accelerator.
 */
public enum Accelerator {
  KVM("kvm"),
  TCG("qemu");

  private final String domainType;

  Accelerator(String domainType) {
    this.domainType = domainType;
  }

  /** The libvirt {@code <domain type=...>} value. */
  public String domainType() {
    return domainType;
  }
}
