package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * A start or stop request queued on a VirtualMachine status (KubeVirt
 * VirtualMachineStateChangeRequest).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineStateChangeRequest extends ExtensibleObject {
  /** The {@code action} that asks for a start. */
  public static final String START = "Start";

  /** The {@code action} that asks for a stop. */
  public static final String STOP = "Stop";

  @JsonPropertyDescription("Start or Stop.")
  @Required
  private String action;

  @JsonPropertyDescription("Extra data of the request.")
  private Map<String, String> data;

  @JsonPropertyDescription("UID of the VirtualMachineInstance a Stop refers to.")
  private String uid;

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public Map<String, String> getData() {
    return data;
  }

  public void setData(Map<String, String> data) {
    this.data = data;
  }

  public String getUid() {
    return uid;
  }

  public void setUid(String uid) {
    this.uid = uid;
  }
}
