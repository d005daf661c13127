package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convoy.api.ExtensibleObject;

/** Timers exposed to the guest (KubeVirt Timer). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Timer extends ExtensibleObject {
  private ClockTimer hpet;

  private ClockTimer kvm;

  private ClockTimer pit;

  private ClockTimer rtc;

  private ClockTimer hyperv;

  public ClockTimer getHpet() {
    return hpet;
  }

  public void setHpet(ClockTimer hpet) {
    this.hpet = hpet;
  }

  public ClockTimer getKvm() {
    return kvm;
  }

  public void setKvm(ClockTimer kvm) {
    this.kvm = kvm;
  }

  public ClockTimer getPit() {
    return pit;
  }

  public void setPit(ClockTimer pit) {
    this.pit = pit;
  }

  public ClockTimer getRtc() {
    return rtc;
  }

  public void setRtc(ClockTimer rtc) {
    this.rtc = rtc;
  }

  public ClockTimer getHyperv() {
    return hyperv;
  }

  public void setHyperv(ClockTimer hyperv) {
    this.hyperv = hyperv;
  }
}
