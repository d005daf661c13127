package dev.convoy.disk.ova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OvaMetadataTest {
  static final String OVF =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
                xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
        <References>
          <File ovf:href="vm-disk1.vmdk" ovf:id="file1" ovf:size="18884608"/>
        </References>
        <DiskSection>
          <Info>Virtual disk information</Info>
          <Disk ovf:capacity="64" ovf:capacityAllocationUnits="byte * 2^20" ovf:diskId="vmdisk1"
                ovf:fileRef="file1"
                ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
        </DiskSection>
      </Envelope>
      """;

  @Test
  void readsReferencesAndDisks() throws Exception {
    OvfDescriptor ovf = OvfDescriptor.parse("vm.ovf", OVF.getBytes(StandardCharsets.UTF_8));
    assertThat(ovf.files())
        .singleElement()
        .satisfies(
            file -> {
              assertThat(file.href()).isEqualTo("vm-disk1.vmdk");
              assertThat(file.size()).contains(18884608L);
              assertThat(file.compression()).isEmpty();
            });
    assertThat(ovf.disks())
        .singleElement()
        .satisfies(
            disk -> {
              assertThat(disk.capacityBytes()).contains(64L << 20);
              assertThat(disk.fileRef()).isEqualTo("file1");
              assertThat(disk.format().orElseThrow()).endsWith("#streamOptimized");
            });
  }

  @Test
  void doctypesAreRefused() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><Envelope>&e;</Envelope>";
    UnsafeImageException e =
        catchThrowableOfType(
            UnsafeImageException.class,
            () -> OvfDescriptor.parse("vm.ovf", xxe.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.rule()).isEqualTo(Rule.OVA_OVF);
  }

  @Test
  void manifestLines() throws Exception {
    String sha256 = "a".repeat(64);
    String sha1 = "B".repeat(40);
    OvaManifest manifest =
        OvaManifest.parse(
            "vm.mf",
            ("SHA256(vm.ovf)= " + sha256 + "\nSHA1(vm-disk1.vmdk)=" + sha1 + "\n")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(manifest.digest("vm.ovf")).contains(new OvaManifest.Digest("SHA-256", sha256));
    assertThat(manifest.digest("vm-disk1.vmdk"))
        .contains(new OvaManifest.Digest("SHA-1", "b".repeat(40)));
  }

  @Test
  void manifestProblems() {
    assertThat(refusal("MD5(vm.ovf)= abc\n").getMessage()).contains("line 1");
    assertThat(refusal("SHA256(vm.ovf)= abc\n").getMessage()).contains("64 hex digits");
    assertThat(refusal("SHA256(../x)= " + "a".repeat(64) + "\n").getMessage()).contains("'..'");
    assertThat(
            refusal("SHA256(a)= " + "a".repeat(64) + "\nSHA256(a)= " + "b".repeat(64) + "\n")
                .getMessage())
        .contains("second time");
  }

  static UnsafeImageException refusal(String text) {
    UnsafeImageException e =
        catchThrowableOfType(
            UnsafeImageException.class,
            () -> OvaManifest.parse("vm.mf", text.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.rule()).isEqualTo(Rule.OVA_MANIFEST);
    return e;
  }
}
