package dev.convoy.disk.qemu;

import dev.convoy.disk.DiskConvertException;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The qemu-img edge: every call names the format explicitly ({@code -f}), and runs under {@link
 * ProcessLimits}. {@link ProcessQemuImg} runs the real binary.
 */
public interface QemuImg {
  /** {@code qemu-img info -f FORMAT --output=json IMAGE}. */
  QemuImgInfo info(QemuImageSpec image, String format, ProcessLimits limits)
      throws DiskConvertException;

  /**
   * Runs a conversion, reporting progress as a fraction 0..1 as qemu prints it.
   *
   * @throws DiskConvertException if qemu-img fails, times out, or the thread is interrupted (the
   *     process is killed first)
   */
  void convert(ConvertCommand command, DoubleConsumer progress, ProcessLimits limits)
      throws DiskConvertException;

  /**
   * {@code qemu-img compare -f A -F B a b}: true if the guest-visible contents are identical.
   *
   * @return empty if identical, otherwise qemu's description of the first difference
   */
  java.util.Optional<String> compare(
      QemuImageSpec first,
      String firstFormat,
      QemuImageSpec second,
      String secondFormat,
      ProcessLimits limits)
      throws DiskConvertException;

  /** {@code qemu-img map -f FORMAT --output=json}: the allocation map of a (trusted) image. */
  List<MapEntry> map(QemuImageSpec image, String format, ProcessLimits limits)
      throws DiskConvertException;

  /**
   * One range of a {@code qemu-img map} result.
   *
   * @param start guest offset
   * @param length bytes
   * @param data true if the range holds data
   * @param zero true if it reads as zeros
   * @param offset host file offset of the data, -1 if none
   */
  record MapEntry(long start, long length, boolean data, boolean zero, long offset) {}
}
