package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Where Convoy's import pods read OVA packages: a volume mounted read-only into them (an NFS
 * export, like Forklift's OVA provider, or a PVC holding the packages), and the directory of the
 * inventory's package paths that the volume's root holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OvaVolume {
  @JsonPropertyDescription(
      "The absolute directory, as the inventory names the packages (where convoy inventory read them), that the volume's root holds: /mnt/ova/web.ova is web.ova in the volume.")
  @Required
  private String root;

  @JsonPropertyDescription("An NFS export holding the packages.")
  private OvaNfsSource nfs;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim of the target namespace holding the packages (ReadOnlyMany or ReadWriteMany).")
  private OvaClaimSource persistentVolumeClaim;

  public String getRoot() {
    return root;
  }

  public void setRoot(String root) {
    this.root = root;
  }

  public OvaNfsSource getNfs() {
    return nfs;
  }

  public void setNfs(OvaNfsSource nfs) {
    this.nfs = nfs;
  }

  public OvaClaimSource getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(OvaClaimSource persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }
}
