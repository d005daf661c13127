package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

/**
 * cloud-init data for a NoCloud or ConfigDrive volume (KubeVirt CloudInitNoCloudSource and
 * CloudInitConfigDriveSource have the same fields).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudInitSource extends ExtensibleObject {
  @JsonPropertyDescription("User data as text.")
  private String userData;

  @JsonPropertyDescription("User data, base64-encoded.")
  private String userDataBase64;

  @JsonPropertyDescription("Secret holding the user data (key userdata or userData).")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription("Network data as text.")
  private String networkData;

  @JsonPropertyDescription("Network data, base64-encoded.")
  private String networkDataBase64;

  @JsonPropertyDescription("Secret holding the network data (key networkdata or networkData).")
  private LocalObjectReference networkDataSecretRef;

  public String getUserData() {
    return userData;
  }

  public void setUserData(String userData) {
    this.userData = userData;
  }

  public String getUserDataBase64() {
    return userDataBase64;
  }

  public void setUserDataBase64(String userDataBase64) {
    this.userDataBase64 = userDataBase64;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public String getNetworkData() {
    return networkData;
  }

  public void setNetworkData(String networkData) {
    this.networkData = networkData;
  }

  public String getNetworkDataBase64() {
    return networkDataBase64;
  }

  public void setNetworkDataBase64(String networkDataBase64) {
    this.networkDataBase64 = networkDataBase64;
  }

  public LocalObjectReference getNetworkDataSecretRef() {
    return networkDataSecretRef;
  }

  public void setNetworkDataSecretRef(LocalObjectReference networkDataSecretRef) {
    this.networkDataSecretRef = networkDataSecretRef;
  }
}
