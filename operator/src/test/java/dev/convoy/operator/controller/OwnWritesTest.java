package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("own-write filter: only the exact version this controller wrote is dropped, once")
class OwnWritesTest {

  static VirtualMachine vm(String name, String resourceVersion) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("ns")
            .withName(name)
            .withResourceVersion(resourceVersion)
            .build());
    return vm;
  }

  @Test
  void dropsOwnVersionOnce() {
    OwnWrites<VirtualMachine> own = new OwnWrites<>();
    own.wrote(vm("a", "7"));
    assertThat(own.isOwn(vm("a", "7"))).isTrue();
    assertThat(own.accept(vm("a", "7"), vm("a", "6"))).isFalse();
    // the mark is consumed: a relist delivering the same version again is reconciled
    assertThat(own.accept(vm("a", "7"), vm("a", "7"))).isTrue();
    assertThat(own.size()).isZero();
  }

  @Test
  void acceptsOtherWritersAndOtherObjects() {
    OwnWrites<VirtualMachine> own = new OwnWrites<>();
    own.wrote(vm("a", "7"));
    assertThat(own.accept(vm("a", "8"), vm("a", "7"))).isTrue(); // someone wrote after us
    assertThat(own.accept(vm("b", "7"), vm("b", "6"))).isTrue();
    own.forget(vm("a", "7"));
    assertThat(own.accept(vm("a", "7"), vm("a", "6"))).isTrue();
  }
}
