package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** HTTP(S) import source (CDI DataVolumeSourceHTTP). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSourceHttp extends ExtensibleObject {
  @JsonPropertyDescription("URL of the image.")
  @Required
  private String url;

  @JsonPropertyDescription("Secret with accessKeyId and secretKey for basic auth.")
  private String secretRef;

  @JsonPropertyDescription("ConfigMap with the CA bundle of the server.")
  private String certConfigMap;

  @JsonPropertyDescription("Extra HTTP headers, as \"Name: value\".")
  private List<String> extraHeaders;

  @JsonPropertyDescription("Secrets holding extra HTTP headers.")
  private List<String> secretExtraHeaders;

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

  public List<String> getExtraHeaders() {
    return extraHeaders;
  }

  public void setExtraHeaders(List<String> extraHeaders) {
    this.extraHeaders = extraHeaders;
  }

  public List<String> getSecretExtraHeaders() {
    return secretExtraHeaders;
  }

  public void setSecretExtraHeaders(List<String> secretExtraHeaders) {
    this.secretExtraHeaders = secretExtraHeaders;
  }
}
