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

  @Test
  @DisplayName(
      "interleavings around our write lose no foreign change: a write between ours and its echo,"
          + " and an echo seen before the write is recorded")
  void interleavings() {
    OwnWrites<VirtualMachine> own = new OwnWrites<>();
    // ours (8), then someone else's (9) before the echo of ours arrives: 8 dropped, 9 reconciled
    own.wrote(vm("a", "8"));
    assertThat(own.accept(vm("a", "8"), vm("a", "7"))).isFalse();
    assertThat(own.accept(vm("a", "9"), vm("a", "8"))).isTrue();
    // the watch only ever delivers the newest version: a skipped echo (8 and 9 coalesced into 9)
    // leaves a stale mark that drops nothing later
    own.wrote(vm("b", "8"));
    assertThat(own.accept(vm("b", "9"), vm("b", "7"))).isTrue();
    own.wrote(vm("b", "10"));
    assertThat(own.accept(vm("b", "11"), vm("b", "10"))).isTrue();
    // the echo processed before wrote() ran: reconciled once more (nothing lost), and the late
    // mark matches no later version
    assertThat(own.accept(vm("c", "5"), vm("c", "4"))).isTrue();
    own.wrote(vm("c", "5"));
    assertThat(own.accept(vm("c", "6"), vm("c", "5"))).isTrue();
  }
}
