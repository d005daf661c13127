package dev.convoy.disk.qemu;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.util.List;
import java.util.Optional;

/**
 * Compares {@code qemu-img info} with what Convoy's own parser found. qemu and Convoy must agree on
 * format, virtual size, create type and extents, and qemu must see no backing file and no data
 * file; any difference means the parsers disagree about the image, and it is refused.
 */
public final class InfoCrossCheck {
  private InfoCrossCheck() {}

  /**
   * What Convoy expects qemu to report.
   *
   * @param format the qemu format name
   * @param virtualSize bytes
   * @param createType the VMDK create type, if any
   * @param extentFilenames for descriptor VMDKs, the file name qemu must report for each extent in
   *     order; an empty entry (a ZERO extent, which has no file) matches anything
   */
  public record Expected(
      String format,
      long virtualSize,
      Optional<String> createType,
      Optional<List<Optional<String>>> extentFilenames) {}

  public static void check(String subject, Expected expected, QemuImgInfo info, long maxVirtualSize)
      throws UnsafeImageException {
    if (!info.format().equals(expected.format())) {
      throw mismatch(subject, "format", expected.format(), info.format());
    }
    if (info.backingFilename().isPresent()) {
      throw new UnsafeImageException(
          expected.format().equals("qcow2") ? Rule.QCOW2_BACKING_FILE : Rule.VMDK_PARENT,
          subject,
          "qemu-img info reports the backing file \"" + info.backingFilename().get() + "\"",
          info.backingFilename().get());
    }
    if (info.dataFile().isPresent()) {
      throw new UnsafeImageException(
          Rule.QCOW2_DATA_FILE,
          subject,
          "qemu-img info reports the external data file \"" + info.dataFile().get() + "\"",
          info.dataFile().get());
    }
    if (info.virtualSize() > maxVirtualSize) {
      throw new UnsafeImageException(
          Rule.VIRTUAL_SIZE_LIMIT,
          subject,
          "qemu-img info reports a virtual size of "
              + info.virtualSize()
              + " bytes, above the maximum of "
              + maxVirtualSize,
          "" + info.virtualSize());
    }
    if (info.virtualSize() != expected.virtualSize()) {
      throw mismatch(subject, "virtual size", "" + expected.virtualSize(), "" + info.virtualSize());
    }
    if (expected.createType().isPresent() && !expected.createType().equals(info.createType())) {
      throw mismatch(
          subject, "create type", expected.createType().get(), info.createType().orElse("none"));
    }
    if (expected.extentFilenames().isPresent()
        && !extentsMatch(expected.extentFilenames().get(), info.extentFilenames())) {
      throw mismatch(
          subject,
          "extents",
          expected.extentFilenames().get().toString(),
          info.extentFilenames().toString());
    }
  }

  static boolean extentsMatch(List<Optional<String>> expected, List<String> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).isPresent() && !expected.get(i).get().equals(actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static UnsafeImageException mismatch(
      String subject, String field, String expected, String actual) {
    return new UnsafeImageException(
        Rule.QEMU_INFO_MISMATCH,
        subject,
        "qemu-img info reports " + field + " " + actual + " but Convoy's parser found " + expected,
        actual);
  }
}
