package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/**
 * Hyper-V enlightenments (KubeVirt FeatureHyperv); those not named here are kept as additional
 * properties.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureHyperv extends ExtensibleObject {
  private FeatureState relaxed;

  private FeatureState vapic;

  private FeatureState vpindex;

  private FeatureState runtime;

  private FeatureState synic;

  private FeatureState reset;

  private FeatureState frequencies;

  private FeatureState reenlightenment;

  private FeatureState ipi;

  private FeatureState evmcs;

  @JsonPropertyDescription("Spinlock retries before notifying the hypervisor.")
  private FeatureSpinlocks spinlocks;

  public FeatureState getRelaxed() {
    return relaxed;
  }

  public void setRelaxed(FeatureState relaxed) {
    this.relaxed = relaxed;
  }

  public FeatureState getVapic() {
    return vapic;
  }

  public void setVapic(FeatureState vapic) {
    this.vapic = vapic;
  }

  public FeatureState getVpindex() {
    return vpindex;
  }

  public void setVpindex(FeatureState vpindex) {
    this.vpindex = vpindex;
  }

  public FeatureState getRuntime() {
    return runtime;
  }

  public void setRuntime(FeatureState runtime) {
    this.runtime = runtime;
  }

  public FeatureState getSynic() {
    return synic;
  }

  public void setSynic(FeatureState synic) {
    this.synic = synic;
  }

  public FeatureState getReset() {
    return reset;
  }

  public void setReset(FeatureState reset) {
    this.reset = reset;
  }

  public FeatureState getFrequencies() {
    return frequencies;
  }

  public void setFrequencies(FeatureState frequencies) {
    this.frequencies = frequencies;
  }

  public FeatureState getReenlightenment() {
    return reenlightenment;
  }

  public void setReenlightenment(FeatureState reenlightenment) {
    this.reenlightenment = reenlightenment;
  }

  public FeatureState getIpi() {
    return ipi;
  }

  public void setIpi(FeatureState ipi) {
    this.ipi = ipi;
  }

  public FeatureState getEvmcs() {
    return evmcs;
  }

  public void setEvmcs(FeatureState evmcs) {
    this.evmcs = evmcs;
  }

  public FeatureSpinlocks getSpinlocks() {
    return spinlocks;
  }

  public void setSpinlocks(FeatureSpinlocks spinlocks) {
    this.spinlocks = spinlocks;
  }
}
