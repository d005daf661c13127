package dev.convoy.handler.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.KubeVirt;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.api.AdmissionHook;
import dev.convoy.operator.admission.Admission;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The operator's admission (defaults, then validation: KubeVirt's mutating and validating webhooks)
 * called in-process by the local API server before it stores a VirtualMachine or
 * VirtualMachineInstance.
 */
final class OperatorAdmission implements AdmissionHook {
  private final Admission admission;

  OperatorAdmission(Admission admission) {
    this.admission = admission;
  }

  @Override
  public boolean handles(String group, String plural) {
    return KubeVirt.GROUP.equals(group)
        && (plural.equals("virtualmachines") || plural.equals("virtualmachineinstances"));
  }

  @Override
  public JsonNode admit(Request request) throws Denied {
    Class<? extends HasMetadata> type =
        request.plural().equals("virtualmachines")
            ? VirtualMachine.class
            : VirtualMachineInstance.class;
    try {
      return Serialization.toTree(admit(type, request));
    } catch (Admission.AdmissionDeniedException e) {
      throw new Denied(e.getMessage());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new Denied(
          "the object cannot be read as a " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  private <T extends HasMetadata> T admit(Class<T> type, Request request)
      throws JsonProcessingException {
    T object = Serialization.json().treeToValue(request.object(), type);
    T old =
        request.oldObject() == null
            ? null
            : Serialization.json().treeToValue(request.oldObject(), type);
    return admission.admit(old, object, request.username());
  }
}
