package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Hypervisor features (KubeVirt Features). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Features extends ExtensibleObject {
  @JsonPropertyDescription("ACPI; enabled by default.")
  private FeatureState acpi;

  @JsonPropertyDescription("APIC.")
  private FeatureApic apic;

  @JsonPropertyDescription("System management mode, needed by Secure Boot.")
  private FeatureState smm;

  @JsonPropertyDescription("Paravirtual spinlocks.")
  private FeatureState pvspinlock;

  @JsonPropertyDescription("Hyper-V enlightenments for Windows guests.")
  private FeatureHyperv hyperv;

  public FeatureState getAcpi() {
    return acpi;
  }

  public void setAcpi(FeatureState acpi) {
    this.acpi = acpi;
  }

  public FeatureApic getApic() {
    return apic;
  }

  public void setApic(FeatureApic apic) {
    this.apic = apic;
  }

  public FeatureState getSmm() {
    return smm;
  }

  public void setSmm(FeatureState smm) {
    this.smm = smm;
  }

  public FeatureState getPvspinlock() {
    return pvspinlock;
  }

  public void setPvspinlock(FeatureState pvspinlock) {
    this.pvspinlock = pvspinlock;
  }

  public FeatureHyperv getHyperv() {
    return hyperv;
  }

  public void setHyperv(FeatureHyperv hyperv) {
    this.hyperv = hyperv;
  }
}
