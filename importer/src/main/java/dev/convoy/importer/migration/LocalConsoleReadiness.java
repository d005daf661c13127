package dev.convoy.importer.migration;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalPaths;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo guest's readiness on the local runtime. Its console log (written by libvirt into the
 * launcher pod's sockets directory) shows {@code CONVOY-GUEST-READY disk-sha256=<hex> mac=<mac>
 * ...} once the guest is up, where the checksum is of a data region of its boot disk (see
 * examples/guest/README.md). The expected value is the same region's SHA-256 in the converted disk
 * (the PVC's {@code disk.img}, a local directory on this runtime).
 */
public final class LocalConsoleReadiness implements GuestReadiness {
  /** The ready line as the demo guest prints it. */
  public static final Pattern READY =
      Pattern.compile(
          "(?m)^CONVOY-GUEST-READY disk-sha256=([0-9a-f]{64}) mac=([0-9a-f:]{17}|none) disk=(\\S+)");

  private final KubernetesClient client;
  private final LocalPaths paths;
  private final long regionOffset;
  private final long regionLength;
  private final Map<String, String> expected = new ConcurrentHashMap<>();

  /**
   * @param regionOffset where the region the guest hashes starts on its boot disk
   * @param regionLength its length
   */
  public LocalConsoleReadiness(
      KubernetesClient client, LocalPaths paths, long regionOffset, long regionLength) {
    this.client = client;
    this.paths = paths;
    this.regionOffset = regionOffset;
    this.regionLength = regionLength;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Optional<Report> report(VmWorkload vm) {
    return readyLine(vm).map(m -> new Report(m.group(1), expectedFor(vm)));
  }

  /** The MAC the guest reported, once ready. */
  public Optional<String> reportedMac(VmWorkload vm) {
    return readyLine(vm).map(m -> m.group(2));
  }

  private String expectedFor(VmWorkload vm) {
    return expected.computeIfAbsent(vm.namespace() + "/" + vm.name(), k -> regionSha256(vm));
  }

  private String regionSha256(VmWorkload vm) {
    String claimName = vm.disks().get(0).claim().getMetadata().getName();
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(vm.namespace()).withName(claimName).get();
    if (claim == null || claim.getSpec().getVolumeName() == null) {
      throw new IllegalStateException("PVC " + claimName + " is not bound");
    }
    PersistentVolume volume =
        client.persistentVolumes().withName(claim.getSpec().getVolumeName()).get();
    if (volume == null || volume.getSpec().getLocal() == null) {
      throw new IllegalStateException(
          "PVC " + claimName + " is not a local volume of this runtime");
    }
    Path disk = Path.of(volume.getSpec().getLocal().getPath()).resolve("disk.img");
    try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      long position = regionOffset;
      long end = regionOffset + regionLength;
      while (position < end) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new IllegalStateException(disk + " ends before the guest's data region");
        }
        buffer.flip();
        sha.update(buffer);
        position += read;
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + disk + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<Matcher> readyLine(VmWorkload vm) {
    VirtualMachineInstance vmi =
        client
            .resources(VirtualMachineInstance.class)
            .inNamespace(vm.namespace())
            .withName(vm.name())
            .get();
    if (vmi == null) {
      return Optional.empty();
    }
    for (Pod pod :
        client
            .pods()
            .inNamespace(vm.namespace())
            .withLabel(Labels.CREATED_BY, vmi.getMetadata().getUid())
            .list()
            .getItems()) {
      Path log =
          paths.emptyDirStorage(pod.getMetadata().getUid(), "sockets").resolve("serial0.log");
      try {
        if (Files.isRegularFile(log)) {
          Matcher m = READY.matcher(Files.readString(log));
          if (m.find()) {
            return Optional.of(m);
          }
        }
      } catch (IOException e) {
        // not readable yet
      }
    }
    return Optional.empty();
  }
}
