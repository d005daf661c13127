package dev.convoy.disk.ova;

import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.image.PlainNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validates an OVA as a whole: member rules ({@link OvaArchive}), exactly one OVF descriptor whose
 * file references are plain names present in the archive, and the {@code .mf} checksums, which are
 * computed by reading members in place.
 */
public final class OvaInspector {
  /**
   * A disk of the OVA: an OVF {@code Disk} and the member holding its image.
   *
   * @param diskId the OVF disk id (e.g. {@code vmdisk1})
   * @param member the tar member holding the image
   * @param capacityBytes the capacity the OVF declares, if any
   * @param formatUri the OVF {@code ovf:format} URI, e.g. {@code ...vmdk.html#streamOptimized}
   */
  public record OvaDisk(
      String diskId,
      OvaArchive.Member member,
      Optional<Long> capacityBytes,
      Optional<String> formatUri) {}

  /**
   * A validated OVA.
   *
   * @param manifestName the .mf member, if the OVA has one
   * @param verifiedFiles the members whose checksums matched the manifest
   */
  public record OvaContents(
      OvaArchive archive,
      String ovfName,
      Optional<String> manifestName,
      List<OvaDisk> disks,
      List<String> verifiedFiles) {
    public OvaContents {
      disks = List.copyOf(disks);
      verifiedFiles = List.copyOf(verifiedFiles);
    }

    /** Picks a disk by OVF disk id or member name; with no selector, the only disk. */
    public OvaDisk select(Optional<String> selector) throws DiskConvertException {
      if (selector.isEmpty()) {
        if (disks.size() == 1) {
          return disks.get(0);
        }
        throw DiskConvertException.invalidInput(
            archive.path()
                + ": the OVA has "
                + disks.size()
                + " disks "
                + names()
                + "; choose one by name");
      }
      for (OvaDisk disk : disks) {
        if (disk.diskId().equals(selector.get()) || disk.member().name().equals(selector.get())) {
          return disk;
        }
      }
      throw DiskConvertException.invalidInput(
          archive.path()
              + ": the OVA has no disk "
              + PlainNames.quote(selector.get())
              + "; its disks are "
              + names());
    }

    private List<String> names() {
      List<String> names = new ArrayList<>();
      for (OvaDisk disk : disks) {
        names.add(disk.member().name());
      }
      return names;
    }
  }

  private OvaInspector() {}

  public static OvaContents inspect(Path ova, OvaLimits limits) throws DiskConvertException {
    String subject = ova.toString();
    OvaArchive archive = OvaArchive.open(ova, limits);
    OvaArchive.Member ovfMember = null;
    OvaArchive.Member manifestMember = null;
    for (OvaArchive.Member member : archive.members()) {
      String lower = member.name().toLowerCase(Locale.ROOT);
      if (lower.endsWith(".ovf")) {
        if (ovfMember != null) {
          throw new UnsafeImageException(
              Rule.OVA_OVF,
              subject,
              "the archive holds two OVF descriptors: "
                  + ovfMember.name()
                  + " and "
                  + member.name(),
              member.name());
        }
        ovfMember = member;
      } else if (lower.endsWith(".mf")) {
        if (manifestMember != null) {
          throw new UnsafeImageException(
              Rule.OVA_MANIFEST,
              subject,
              "the archive holds two manifests: " + manifestMember.name() + " and " + member.name(),
              member.name());
        }
        manifestMember = member;
      }
    }
    if (ovfMember == null) {
      throw new UnsafeImageException(
          Rule.OVA_OVF, subject, "the archive holds no .ovf descriptor", "");
    }
    String ovfSubject = subject + "!" + ovfMember.name();
    OvfDescriptor ovf =
        OvfDescriptor.parse(ovfSubject, archive.readSmall(ovfMember, limits.maxDescriptorBytes()));

    Map<String, OvaArchive.Member> byFileId = new HashMap<>();
    for (OvfDescriptor.FileReference file : ovf.files()) {
      Optional<String> problem = PlainNames.problem(file.href());
      if (problem.isPresent()) {
        throw new UnsafeImageException(
            Rule.OVA_REFERENCE,
            ovfSubject,
            "File "
                + PlainNames.quote(file.id())
                + " has href "
                + PlainNames.quote(file.href())
                + ", which "
                + problem.get()
                + "; references must be plain names in the OVA",
            file.href());
      }
      OvaArchive.Member member =
          archive
              .member(file.href())
              .orElseThrow(
                  () ->
                      new UnsafeImageException(
                          Rule.OVA_REFERENCE,
                          ovfSubject,
                          "File "
                              + PlainNames.quote(file.id())
                              + " refers to "
                              + PlainNames.quote(file.href())
                              + ", which is not in the archive",
                          file.href()));
      if (file.compression().isPresent() && !file.compression().get().equals("identity")) {
        throw new UnsafeImageException(
            Rule.OVA_REFERENCE,
            ovfSubject,
            "File "
                + PlainNames.quote(file.href())
                + " is compressed (ovf:compression=\""
                + file.compression().get()
                + "\"), which Convoy does not read",
            file.compression().get());
      }
      if (file.chunked()) {
        throw new UnsafeImageException(
            Rule.OVA_REFERENCE,
            ovfSubject,
            "File "
                + PlainNames.quote(file.href())
                + " is split into chunks (ovf:chunkSize),"
                + " which Convoy does not read",
            file.href());
      }
      if (file.size().isPresent() && file.size().get() != member.size()) {
        throw new UnsafeImageException(
            Rule.OVA_REFERENCE,
            ovfSubject,
            "File "
                + PlainNames.quote(file.href())
                + " declares ovf:size="
                + file.size().get()
                + " but the member holds "
                + member.size()
                + " bytes",
            "" + file.size().get());
      }
      if (byFileId.put(file.id(), member) != null) {
        throw new UnsafeImageException(
            Rule.OVA_OVF, ovfSubject, "two File elements share the id " + file.id(), file.id());
      }
    }
    List<OvaDisk> disks = new ArrayList<>();
    for (OvfDescriptor.VirtualDisk disk : ovf.disks()) {
      if (disk.fileRef().isEmpty()) {
        continue;
      }
      OvaArchive.Member member = byFileId.get(disk.fileRef());
      if (member == null) {
        throw new UnsafeImageException(
            Rule.OVA_OVF,
            ovfSubject,
            "Disk "
                + PlainNames.quote(disk.diskId())
                + " refers to file id "
                + PlainNames.quote(disk.fileRef())
                + ", which References does not list",
            disk.fileRef());
      }
      disks.add(new OvaDisk(disk.diskId(), member, disk.capacityBytes(), disk.format()));
    }

    List<String> verified = new ArrayList<>();
    Optional<String> manifestName = Optional.empty();
    if (manifestMember != null) {
      String mfSubject = subject + "!" + manifestMember.name();
      manifestName = Optional.of(manifestMember.name());
      OvaManifest manifest =
          OvaManifest.parse(
              mfSubject, archive.readSmall(manifestMember, limits.maxManifestBytes()));
      List<String> mustBeCovered = new ArrayList<>();
      mustBeCovered.add(ovfMember.name());
      for (OvaArchive.Member member : byFileId.values()) {
        mustBeCovered.add(member.name());
      }
      for (String name : mustBeCovered) {
        if (manifest.digest(name).isEmpty()) {
          throw new UnsafeImageException(
              Rule.OVA_MANIFEST,
              mfSubject,
              "the manifest has no checksum for "
                  + PlainNames.quote(name)
                  + ", so its integrity cannot be checked",
              name);
        }
      }
      for (Map.Entry<String, OvaManifest.Digest> entry : manifest.entries().entrySet()) {
        OvaArchive.Member member =
            archive
                .member(entry.getKey())
                .orElseThrow(
                    () ->
                        new UnsafeImageException(
                            Rule.OVA_MANIFEST,
                            mfSubject,
                            "the manifest lists "
                                + PlainNames.quote(entry.getKey())
                                + ", which is not in the archive",
                            entry.getKey()));
        String actual = digest(archive.path(), member, entry.getValue().algorithm());
        if (!actual.equals(entry.getValue().hex())) {
          throw new UnsafeImageException(
              Rule.OVA_CHECKSUM,
              mfSubject,
              "the "
                  + entry.getValue().algorithm()
                  + " of "
                  + PlainNames.quote(member.name())
                  + " is "
                  + actual
                  + " but the manifest says "
                  + entry.getValue().hex(),
              actual);
        }
        verified.add(member.name());
      }
    }
    return new OvaContents(archive, ovfMember.name(), manifestName, disks, verified);
  }

  /** Hashes a member in place, reading the OVA at the member's offset. */
  static String digest(Path ova, OvaArchive.Member member, String algorithm)
      throws DiskConvertException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel =
        FileChannel.open(ova, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long position = member.dataOffset();
      long end = member.dataOffset() + member.size();
      while (position < end) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException("unexpected end of file");
        }
        buffer.flip();
        md.update(buffer);
        position += n;
      }
    } catch (IOException e) {
      throw DiskConvertException.unavailable(ova + ": cannot read " + member.name(), e);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
