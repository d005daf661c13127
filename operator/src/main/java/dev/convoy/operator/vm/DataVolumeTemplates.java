package dev.convoy.operator.vm;

import dev.convoy.api.Serialization;
import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.cdi.v1beta1.DataVolumePhase;
import dev.convoy.api.kubevirt.v1.DataVolumeTemplateSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spec.dataVolumeTemplates} of a VirtualMachine (KubeVirt's {@code handleDataVolumes}), as
 * pure functions: which DataVolumes to create (with a controller owner reference to the VM, so they
 * share its life) and whether they are all populated, in which case a VMI may start.
 */
public final class DataVolumeTemplates {

  /** Phases in which a DataVolume no longer holds a VM back. */
  private static final Set<String> READY_PHASES =
      Set.of(
          DataVolumePhase.SUCCEEDED, DataVolumePhase.WAIT_FOR_FIRST_CONSUMER, "PendingPopulation");

  private DataVolumeTemplates() {}

  /**
   * What to do about the templates.
   *
   * @param toCreate DataVolumes that do not exist yet (and have no PVC of their name to adopt)
   * @param ready every template's DataVolume exists and is populated (or its PVC exists already)
   * @param problem a template that cannot be rendered, or null
   */
  public record Plan(List<DataVolume> toCreate, boolean ready, String problem) {}

  /** Plans the DataVolumes of {@code vm} given those and the PVCs that exist in its namespace. */
  public static Plan plan(
      VirtualMachine vm,
      Map<String, DataVolume> existing,
      Map<String, PersistentVolumeClaim> pvcs) {
    List<DataVolumeTemplateSpec> templates =
        vm.getSpec() == null || vm.getSpec().getDataVolumeTemplates() == null
            ? List.of()
            : vm.getSpec().getDataVolumeTemplates();
    List<DataVolume> toCreate = new ArrayList<>();
    boolean ready = true;
    for (int i = 0; i < templates.size(); i++) {
      DataVolumeTemplateSpec t = templates.get(i);
      String name = t.getMetadata() == null ? null : t.getMetadata().getName();
      if (name == null || name.isEmpty()) {
        return new Plan(
            List.of(), false, "spec.dataVolumeTemplates[" + i + "].metadata.name is required");
      }
      DataVolume dv = existing.get(name);
      if (dv == null) {
        if (pvcs.containsKey(name)) {
          continue; // a populated claim of that name is adopted as it is
        }
        toCreate.add(render(vm, t));
        ready = false;
      } else if (dv.getStatus() == null || !READY_PHASES.contains(dv.getStatus().getPhase())) {
        ready = false;
      }
    }
    return new Plan(toCreate, ready, null);
  }

  /** The DataVolume for one template, owned by the VM. */
  static DataVolume render(VirtualMachine vm, DataVolumeTemplateSpec template) {
    DataVolume dv = new DataVolume();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(template.getMetadata().getName());
    meta.setNamespace(vm.getMetadata().getNamespace());
    if (template.getMetadata().getLabels() != null) {
      meta.setLabels(new LinkedHashMap<>(template.getMetadata().getLabels()));
    }
    if (template.getMetadata().getAnnotations() != null) {
      meta.setAnnotations(new LinkedHashMap<>(template.getMetadata().getAnnotations()));
    }
    meta.setOwnerReferences(List.of(VmiRenderer.controllerReference(vm)));
    dv.setMetadata(meta);
    dv.setSpec(Serialization.deepCopy(template.getSpec()));
    return dv;
  }
}
