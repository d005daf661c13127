package dev.convoy.disk.qemu;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code qemu-img convert} invocation.
 *
 * @param source the source image
 * @param sourceFormat {@code -f}
 * @param target the target path (a new file, or an existing block device with {@code targetExists})
 * @param targetFormat {@code -O}
 * @param flags the tuning flags
 * @param targetExists {@code -n}: write into an existing target (block device) instead of creating
 */
public record ConvertCommand(
    QemuImageSpec source,
    String sourceFormat,
    String target,
    String targetFormat,
    ConvertFlags flags,
    boolean targetExists) {

  /** The arguments after {@code qemu-img}. Pure, so the exact command line is unit-tested. */
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add("convert");
    args.add("-p");
    for (String object : source.objects()) {
      args.add("--object");
      args.add(object);
    }
    args.add("-f");
    args.add(sourceFormat);
    args.add("-O");
    args.add(targetFormat);
    args.addAll(flags.arguments());
    if (targetExists) {
      args.add("-n");
    }
    flags
        .preallocation()
        .filter(p -> !targetExists)
        .ifPresent(
            p -> {
              args.add("-o");
              args.add("preallocation=" + p);
            });
    args.add(source.argument());
    args.add(target);
    return args;
  }
}
