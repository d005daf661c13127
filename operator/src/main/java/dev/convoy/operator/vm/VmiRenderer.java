package dev.convoy.operator.vm;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.KubeVirt;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import dev.convoy.operator.admission.Defaults;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the VirtualMachineInstance of a VirtualMachine (KubeVirt's {@code SetupVMIFromVM}): the
 * VM's name and namespace, the template's labels and annotations, a controller owner reference to
 * the VM (so a real cluster garbage-collects it), the template spec with the admission defaults
 * applied (the same defaults the mutating webhook adds, so the VMI is complete even where no
 * webhook runs), and {@code startStrategy: Paused} for a start request that asks for it.
 */
public final class VmiRenderer {

  /**
   * Annotation on the VMI: the VM's metadata.generation it was rendered from (KubeVirt's {@code
   * kubevirt.io/vm-generation}).
   */
  public static final String VM_GENERATION = "kubevirt.io/vm-generation";

  private VmiRenderer() {}

  /** The VMI for {@code vm}. */
  public static VirtualMachineInstance render(VirtualMachine vm) {
    VirtualMachineInstance vmi = new VirtualMachineInstance();
    ObjectMeta template =
        vm.getSpec().getTemplate().getMetadata() == null
            ? new ObjectMeta()
            : Serialization.deepCopy(vm.getSpec().getTemplate().getMetadata());
    ObjectMeta meta = new ObjectMeta();
    meta.setName(vm.getMetadata().getName());
    meta.setNamespace(vm.getMetadata().getNamespace());
    Map<String, String> labels =
        template.getLabels() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(template.getLabels());
    labels.putIfAbsent(Labels.VM_NAME, vm.getMetadata().getName());
    meta.setLabels(labels);
    Map<String, String> annotations =
        template.getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(template.getAnnotations());
    if (vm.getMetadata().getGeneration() != null) {
      annotations.put(VM_GENERATION, vm.getMetadata().getGeneration().toString());
    }
    if (!annotations.isEmpty()) {
      meta.setAnnotations(annotations);
    }
    meta.setOwnerReferences(List.of(controllerReference(vm)));
    vmi.setMetadata(meta);

    VirtualMachineInstanceSpec spec = Serialization.deepCopy(vm.getSpec().getTemplate().getSpec());
    if (RunStrategies.hasStartPausedRequest(vm)) {
      spec.setStartStrategy("Paused");
    }
    vmi.setSpec(spec);
    Defaults.applyTo(vmi);
    return vmi;
  }

  /**
   * Whether the running {@code vmi} no longer matches {@code vm}'s template spec (KubeVirt's
   * RestartRequired: Convoy applies no change live, so any spec change waits for the next start).
   * Cheap when the VM's generation is still the one the VMI was rendered from; otherwise the VMI
   * spec is compared with the spec the current template would give. A start strategy set by a
   * paused start request is not a template change.
   */
  public static boolean templateChanged(VirtualMachine vm, VirtualMachineInstance vmi) {
    if (vmi == null || vmi.getSpec() == null || vm.getSpec().getTemplate() == null) {
      return false;
    }
    Map<String, String> annotations = vmi.getMetadata().getAnnotations();
    String renderedFrom = annotations == null ? null : annotations.get(VM_GENERATION);
    if (renderedFrom != null
        && vm.getMetadata().getGeneration() != null
        && renderedFrom.equals(vm.getMetadata().getGeneration().toString())) {
      return false;
    }
    VirtualMachineInstanceSpec wanted = render(vm).getSpec();
    wanted.setStartStrategy(vmi.getSpec().getStartStrategy());
    return !Serialization.sameJson(wanted, vmi.getSpec());
  }

  /** The controller reference from a VMI to its VM. */
  public static OwnerReference controllerReference(VirtualMachine vm) {
    return new OwnerReferenceBuilder()
        .withApiVersion(KubeVirt.API_VERSION)
        .withKind("VirtualMachine")
        .withName(vm.getMetadata().getName())
        .withUid(vm.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Whether {@code vmi} is controlled by {@code vm} (by UID). */
  public static boolean isControlledBy(VirtualMachineInstance vmi, VirtualMachine vm) {
    if (vmi.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    for (OwnerReference ref : vmi.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())
          && "VirtualMachine".equals(ref.getKind())
          && ref.getUid() != null
          && ref.getUid().equals(vm.getMetadata().getUid())) {
        return true;
      }
    }
    return false;
  }
}
