package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** Container disk volume source (KubeVirt ContainerDiskSource). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerDiskSource extends ExtensibleObject {
  @JsonPropertyDescription("Container image holding the disk image.")
  @Required
  private String image;

  @JsonPropertyDescription("Path of the disk image inside the container image.")
  private String path;

  @JsonPropertyDescription("Always, IfNotPresent or Never.")
  private String imagePullPolicy;

  @JsonPropertyDescription("Name of the image pull secret.")
  private String imagePullSecret;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public String getImagePullSecret() {
    return imagePullSecret;
  }

  public void setImagePullSecret(String imagePullSecret) {
    this.imagePullSecret = imagePullSecret;
  }
}
