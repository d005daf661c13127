package dev.convoy.operator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.cdi.v1beta1.DataVolumeSpec;
import dev.convoy.api.cdi.v1beta1.DataVolumeStatus;
import dev.convoy.api.kubevirt.v1.DataVolumeTemplateSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("dataVolumeTemplates plan: create what is missing, wait for what is not populated")
class DataVolumeTemplatesPlanTest {

  static VirtualMachine vm(String... names) {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Always"), "vm-uid");
    vm.getSpec()
        .setDataVolumeTemplates(
            java.util.Arrays.stream(names)
                .map(
                    n -> {
                      DataVolumeTemplateSpec t = new DataVolumeTemplateSpec();
                      t.setMetadata(n == null ? null : new ObjectMetaBuilder().withName(n).build());
                      t.setSpec(new DataVolumeSpec());
                      return t;
                    })
                .toList());
    return vm;
  }

  static DataVolume dv(String phase) {
    DataVolume d = new DataVolume();
    DataVolumeStatus s = new DataVolumeStatus();
    s.setPhase(phase);
    d.setStatus(s);
    return d;
  }

  @ParameterizedTest(name = "existing DataVolume in phase {0} → ready {1}")
  @CsvSource({
    "Succeeded, true",
    "WaitForFirstConsumer, true",
    "ImportInProgress, false",
    "Pending, false",
    "Failed, false"
  })
  void phases(String phase, boolean ready) {
    var plan = DataVolumeTemplates.plan(vm("root"), Map.of("root", dv(phase)), Map.of());
    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.ready()).isEqualTo(ready);
  }

  @Test
  @DisplayName(
      "missing DataVolumes are rendered owned by the VM; an existing PVC of that name is adopted")
  void create() {
    var plan =
        DataVolumeTemplates.plan(
            vm("root", "data"),
            Map.of(),
            Map.of(
                "data",
                new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName("data")
                    .endMetadata()
                    .build()));
    assertThat(plan.ready()).isFalse();
    assertThat(plan.toCreate())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getMetadata().getName()).isEqualTo("root");
              assertThat(d.getMetadata().getNamespace()).isEqualTo("ns");
              assertThat(d.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo("vm-uid"));
            });
  }

  @Test
  @DisplayName("a template without a name is reported by its path")
  void unnamed() {
    assertThat(DataVolumeTemplates.plan(vm("root", null), Map.of(), Map.of()).problem())
        .isEqualTo("spec.dataVolumeTemplates[1].metadata.name is required");
  }
}
