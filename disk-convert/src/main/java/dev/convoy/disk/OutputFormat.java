package dev.convoy.disk;

/** The formats Convoy writes into a PVC: raw (what KubeVirt and CDI use) or qcow2. */
public enum OutputFormat {
  RAW("raw"),
  QCOW2("qcow2");

  private final String qemuName;

  OutputFormat(String qemuName) {
    this.qemuName = qemuName;
  }

  /** The name passed to {@code qemu-img -O} and {@code -F}. */
  public String qemuName() {
    return qemuName;
  }
}
