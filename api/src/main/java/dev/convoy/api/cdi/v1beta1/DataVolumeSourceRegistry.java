package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Container registry import source (CDI DataVolumeSourceRegistry). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSourceRegistry extends ExtensibleObject {
  @JsonPropertyDescription("docker:// or oci-archive:// URL of the image.")
  private String url;

  @JsonPropertyDescription("Secret with the registry credentials.")
  private String secretRef;

  @JsonPropertyDescription("ConfigMap with the CA bundle of the registry.")
  private String certConfigMap;

  @JsonPropertyDescription("pod or node.")
  private String pullMethod;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(String secretRef) {
    this.secretRef = secretRef;
  }

  public String getCertConfigMap() {
    return certConfigMap;
  }

  public void setCertConfigMap(String certConfigMap) {
    this.certConfigMap = certConfigMap;
  }

  public String getPullMethod() {
    return pullMethod;
  }

  public void setPullMethod(String pullMethod) {
    this.pullMethod = pullMethod;
  }
}
