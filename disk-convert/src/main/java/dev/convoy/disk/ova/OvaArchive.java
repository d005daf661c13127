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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The member index of an OVA (a tar archive), built by reading only the tar headers. Members are
 * never extracted: each is a byte range of the OVA that callers read in place. Opening refuses
 * links, devices, directories, sparse members, names that are not plain, and duplicates.
 */
public final class OvaArchive {
  /**
   * One regular-file member.
   *
   * @param name its plain name
   * @param dataOffset where its bytes start in the OVA file
   * @param size its length in bytes
   */
  public record Member(String name, long dataOffset, long size) {}

  private final Path path;
  private final Map<String, Member> members;

  private OvaArchive(Path path, Map<String, Member> members) {
    this.path = path;
    this.members = members;
  }

  /** Indexes {@code ova}, applying the member rules. */
  public static OvaArchive open(Path ova, OvaLimits limits) throws DiskConvertException {
    String subject = ova.toString();
    Map<String, Member> members = new LinkedHashMap<>();
    long fileSize;
    List<TarArchiveEntry> entries;
    try (FileChannel channel =
            FileChannel.open(ova, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        TarFile tar = new TarFile(channel)) {
      fileSize = channel.size();
      entries = tar.getEntries();
    } catch (IOException | RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (e instanceof java.io.EOFException
          || message.toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
        throw new UnsafeImageException(
            Rule.IMAGE_TRUNCATED, subject, "the tar archive is truncated: " + message, message);
      }
      throw DiskConvertException.invalidInput(
          ova + ": not a readable tar archive (an OVA is a tar file): " + e.getMessage());
    }
    if (entries.size() > limits.maxMembers()) {
      throw new UnsafeImageException(
          Rule.OVA_LIMIT,
          subject,
          "the archive has " + entries.size() + " members, more than " + limits.maxMembers(),
          "" + entries.size());
    }
    for (TarArchiveEntry entry : entries) {
      String name = entry.getName();
      String quoted = PlainNames.quote(name);
      byte flag = entry.getLinkFlag();
      if (entry.isSymbolicLink()) {
        throw new UnsafeImageException(
            Rule.OVA_MEMBER_TYPE,
            subject,
            "member " + quoted + " is a symbolic link to " + PlainNames.quote(entry.getLinkName()),
            name);
      }
      if (entry.isLink()) {
        throw new UnsafeImageException(
            Rule.OVA_MEMBER_TYPE,
            subject,
            "member " + quoted + " is a hard link to " + PlainNames.quote(entry.getLinkName()),
            name);
      }
      boolean regular =
          flag == TarConstants.LF_NORMAL
              || flag == TarConstants.LF_OLDNORM
              || flag == TarConstants.LF_CONTIG;
      if (!regular || entry.isDirectory() || entry.isSparse()) {
        throw new UnsafeImageException(
            Rule.OVA_MEMBER_TYPE,
            subject,
            "member "
                + quoted
                + " is not a regular file (tar type '"
                + (char) (flag == 0 ? '0' : flag)
                + "'"
                + (entry.isSparse() ? ", sparse" : "")
                + ")",
            name);
      }
      Optional<String> problem = PlainNames.problem(name);
      if (problem.isPresent()) {
        throw new UnsafeImageException(
            Rule.OVA_MEMBER_NAME,
            subject,
            "member name " + quoted + " " + problem.get() + "; OVA members must be plain names",
            name);
      }
      if (members.containsKey(name)) {
        throw new UnsafeImageException(
            Rule.OVA_DUPLICATE_MEMBER,
            subject,
            "member " + quoted + " appears more than once",
            name);
      }
      long offset = entry.getDataOffset();
      long size = entry.getSize();
      if (offset < 0 || size < 0 || offset + size > fileSize) {
        throw new UnsafeImageException(
            Rule.IMAGE_TRUNCATED,
            subject,
            "member "
                + quoted
                + " ("
                + size
                + " bytes at "
                + offset
                + ") runs past the end of"
                + " the archive ("
                + fileSize
                + " bytes)",
            name);
      }
      members.put(name, new Member(name, offset, size));
    }
    return new OvaArchive(ova, members);
  }

  /** The OVA file. */
  public Path path() {
    return path;
  }

  /** All members, in archive order. */
  public List<Member> members() {
    return new ArrayList<>(members.values());
  }

  public Optional<Member> member(String name) {
    return Optional.ofNullable(members.get(name));
  }

  /** Reads a whole (small) member into memory, refusing members above {@code maxBytes}. */
  public byte[] readSmall(Member member, int maxBytes) throws DiskConvertException {
    if (member.size() > maxBytes) {
      throw new UnsafeImageException(
          Rule.OVA_LIMIT,
          path.toString(),
          "member "
              + PlainNames.quote(member.name())
              + " is "
              + member.size()
              + " bytes, more than the "
              + maxBytes
              + " bytes allowed",
          member.name());
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) member.size());
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, member.dataOffset() + buffer.position()) < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw DiskConvertException.unavailable(path + ": cannot read " + member.name(), e);
    }
    return buffer.array();
  }
}
