package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** An inventory provider; exactly one field is set. */
@ValidationRule(
    value = "[has(self.vsphere), has(self.ova), has(self.inventory)].filter(x, x).size() == 1",
    message = "exactly one of vsphere, ova or inventory must be set")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceProvider {
  @JsonPropertyDescription("A vCenter or ESXi host, read over its SOAP API.")
  private VsphereProvider vsphere;

  @JsonPropertyDescription("An OVA file or a directory of OVA/OVF files.")
  private OvaProvider ova;

  @JsonPropertyDescription(
      "An inventory file exported earlier (convoy inventory export) or an RVTools workbook.")
  private InventoryProvider inventory;

  public VsphereProvider getVsphere() {
    return vsphere;
  }

  public void setVsphere(VsphereProvider vsphere) {
    this.vsphere = vsphere;
  }

  public OvaProvider getOva() {
    return ova;
  }

  public void setOva(OvaProvider ova) {
    this.ova = ova;
  }

  public InventoryProvider getInventory() {
    return inventory;
  }

  public void setInventory(InventoryProvider inventory) {
    this.inventory = inventory;
  }
}
