package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.SecretReference;

/** A vCenter or ESXi endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VsphereProvider {
  @JsonPropertyDescription("SDK URL, e.g. https://vcenter.example.com/sdk.")
  @Required
  private String url;

  @JsonPropertyDescription("Secret with the keys user and password (and optionally cacert).")
  @Required
  private SecretReference credentialsSecretRef;

  @JsonPropertyDescription(
      "SHA-1 fingerprint of the server certificate (AA:BB:...), pinned instead of trusting a CA.")
  private String thumbprint;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public String getThumbprint() {
    return thumbprint;
  }

  public void setThumbprint(String thumbprint) {
    this.thumbprint = thumbprint;
  }
}
