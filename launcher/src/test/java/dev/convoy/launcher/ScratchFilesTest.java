package dev.convoy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.launcher.convert.ContainerDiskImage;
import dev.convoy.launcher.convert.ScratchFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scratch-file edge with the real tools: genisoimage/xorriso and qemu-img. */
class ScratchFilesTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a NoCloud ISO has the volume label cidata and carries meta-data and user-data")
  void cloudInitIso() throws Exception {
    Path iso = dir.resolve("ci/noCloud.iso");
    ScratchFiles.make(
        List.of(
            new ScratchFile.CloudInitIso(
                iso, "instance-id: a.b\n", "#cloud-config\nhostname: zz-marker\n", null)));
    byte[] bytes = Files.readAllBytes(iso);
    // ISO 9660: the primary volume descriptor is sector 16; its volume identifier starts at byte
    // 40.
    String label =
        new String(
            Arrays.copyOfRange(bytes, 16 * 2048 + 40, 16 * 2048 + 46), StandardCharsets.US_ASCII);
    assertThat(label).isEqualTo("cidata");
    String content = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(content).contains("hostname: zz-marker").contains("instance-id: a.b");
    assertThat(Files.getPosixFilePermissions(iso.getParent()).toString())
        .contains("OTHERS_EXECUTE");
  }

  @Test
  @DisplayName(
      "an emptyDisk is a sparse qcow2 of the asked size; a containerDisk overlay backs onto its image")
  void qcow2Files() throws Exception {
    Path empty = dir.resolve("e/disk.qcow2");
    Path base = dir.resolve("base.raw");
    Files.write(base, new byte[1 << 20]);
    Path overlay = dir.resolve("c/disk.qcow2");
    ScratchFiles.make(
        List.of(
            new ScratchFile.EmptyDisk(empty, 3L << 30),
            new ScratchFile.ContainerDiskOverlay(overlay, new ContainerDiskImage(base, "raw"))));
    assertThat(qemuImgInfo(empty))
        .contains("\"virtual-size\": 3221225472")
        .contains("\"format\": \"qcow2\"");
    assertThat(Files.size(empty)).isLessThan(1 << 20);
    assertThat(qemuImgInfo(overlay))
        .contains("\"backing-filename\": \"" + base + "\"")
        .contains("\"backing-filename-format\": \"raw\"");
  }

  private static String qemuImgInfo(Path image) throws Exception {
    Process p =
        new ProcessBuilder("qemu-img", "info", "--output=json", "-U", image.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }
}
