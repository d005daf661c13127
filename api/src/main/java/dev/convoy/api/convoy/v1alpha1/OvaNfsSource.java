package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An NFS export, as Kubernetes' nfs volume names it; always mounted read-only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OvaNfsSource {
  @JsonPropertyDescription("The NFS server's host name or IP address.")
  @Required
  private String server;

  @JsonPropertyDescription("The exported path, absolute.")
  @Required
  private String path;

  public String getServer() {
    return server;
  }

  public void setServer(String server) {
    this.server = server;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
