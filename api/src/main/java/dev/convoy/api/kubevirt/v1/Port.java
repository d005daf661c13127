package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A port forwarded to the guest (KubeVirt Port). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Port extends ExtensibleObject {
  private String name;

  @JsonPropertyDescription("TCP or UDP (default TCP).")
  private String protocol;

  @JsonPropertyDescription("Port number.")
  @Required
  private Integer port;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
