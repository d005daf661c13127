package dev.convoy.disk.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds OVA (tar) files for tests, including malformed ones. */
public final class OvaBuilder {
  private record Entry(String name, byte[] data, Path file, byte type, String link) {}

  private final List<Entry> entries = new ArrayList<>();

  public OvaBuilder add(String name, byte[] data) {
    entries.add(new Entry(name, data, null, TarConstants.LF_NORMAL, null));
    return this;
  }

  public OvaBuilder add(String name, String text) {
    return add(name, text.getBytes(StandardCharsets.UTF_8));
  }

  public OvaBuilder addFile(String name, Path file) {
    entries.add(new Entry(name, null, file, TarConstants.LF_NORMAL, null));
    return this;
  }

  public OvaBuilder addSymlink(String name, String target) {
    entries.add(new Entry(name, null, null, TarConstants.LF_SYMLINK, target));
    return this;
  }

  public OvaBuilder addHardlink(String name, String target) {
    entries.add(new Entry(name, null, null, TarConstants.LF_LINK, target));
    return this;
  }

  /** A minimal OVF descriptor with one disk file reference. */
  public static String ovf(String href, long fileSize, long capacityBytes) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
                  xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
          <References>
            <File ovf:href="%s" ovf:id="file1" ovf:size="%d"/>
          </References>
          <DiskSection>
            <Info>Virtual disk information</Info>
            <Disk ovf:capacity="%d" ovf:capacityAllocationUnits="byte" ovf:diskId="vmdisk1"
                  ovf:fileRef="file1"
                  ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
          </DiskSection>
          <VirtualSystem ovf:id="demo"><Info>A virtual machine</Info></VirtualSystem>
        </Envelope>
        """
        .formatted(href, fileSize, capacityBytes);
  }

  /** A manifest line {@code SHA256(name)= hex} for the given bytes. */
  public static String sha256Line(String name, byte[] data) {
    return "SHA256(" + name + ")= " + hex("SHA-256", data) + "\n";
  }

  public static String sha256Line(String name, Path file) {
    try {
      return sha256Line(name, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A valid single-disk OVA: OVF, the disk, a SHA-256 manifest.
   *
   * @param diskName the member name of the disk
   */
  public static Path valid(Path ova, Path disk, String diskName, long capacity) {
    try {
      long size = Files.size(disk);
      String ovf = ovf(diskName, size, capacity);
      String manifest =
          sha256Line("demo.ovf", ovf.getBytes(StandardCharsets.UTF_8)) + sha256Line(diskName, disk);
      return new OvaBuilder()
          .add("demo.ovf", ovf)
          .addFile(diskName, disk)
          .add("demo.mf", manifest)
          .write(ova);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path write(Path ova) {
    try (OutputStream out = Files.newOutputStream(ova);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry entry : entries) {
        TarArchiveEntry tarEntry =
            entry.type() == TarConstants.LF_NORMAL
                ? new TarArchiveEntry(entry.name(), true)
                : new TarArchiveEntry(entry.name(), entry.type(), true);
        if (entry.link() != null) {
          tarEntry.setLinkName(entry.link());
          tarEntry.setSize(0);
          tar.putArchiveEntry(tarEntry);
        } else if (entry.file() != null) {
          tarEntry.setSize(Files.size(entry.file()));
          tar.putArchiveEntry(tarEntry);
          Files.copy(entry.file(), tar);
        } else {
          tarEntry.setSize(entry.data().length);
          tar.putArchiveEntry(tarEntry);
          tar.write(entry.data());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ova;
  }
}
