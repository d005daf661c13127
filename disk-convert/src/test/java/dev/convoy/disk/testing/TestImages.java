package dev.convoy.disk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Generates test images with the real qemu-img and inspects outputs. */
public final class TestImages {
  private TestImages() {}

  /**
   * Writes a sparse raw image of {@code size} bytes with seeded random data in scattered 64 KiB
   * blocks (about a third of it), plus a non-zero first and last sector.
   */
  public static Path sparseRaw(Path file, long size, long seed) {
    Random random = new Random(seed);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.truncate(size);
      byte[] block = new byte[64 * 1024];
      for (long offset = 0; offset + block.length <= size; offset += block.length) {
        if (offset == 0 || random.nextInt(3) == 0) {
          random.nextBytes(block);
          channel.write(ByteBuffer.wrap(block), offset);
        }
      }
      byte[] last = new byte[512];
      random.nextBytes(last);
      channel.write(ByteBuffer.wrap(last), size - 512);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Runs qemu-img and fails the test if it fails. Returns stdout. */
  public static String qemuImg(String... args) {
    List<String> command = new ArrayList<>();
    command.add("qemu-img");
    command.addAll(List.of(args));
    return run(command, true);
  }

  /**
   * Runs a command; with {@code check}, fails the test on a non-zero exit. Returns stdout+stderr.
   */
  public static String run(List<String> command, boolean check) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      if (check) {
        assertThat(process.exitValue()).as("%s\n%s", command, output).isZero();
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code qemu-img convert -f raw -O vmdk -o subformat=SUB raw out}. */
  public static Path vmdk(Path raw, Path out, String subformat) {
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vmdk",
        "-o",
        "subformat=" + subformat,
        raw.toString(),
        out.toString());
    return out;
  }

  public static Path qcow2(Path raw, Path out) {
    qemuImg("convert", "-f", "raw", "-O", "qcow2", raw.toString(), out.toString());
    return out;
  }

  public static String sha256(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** True if {@code file} contains {@code needle} anywhere. */
  public static boolean contains(Path file, byte[] needle) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      int window = 1 << 20;
      ByteBuffer buffer = ByteBuffer.allocate(window + needle.length);
      long position = 0;
      long size = channel.size();
      while (position < size) {
        buffer.clear();
        int n = channel.read(buffer, position);
        if (n <= 0) {
          break;
        }
        byte[] bytes = buffer.array();
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (bytes[i + j] != needle[j]) {
              continue outer;
            }
          }
          return true;
        }
        position += window;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Patches bytes in place at {@code offset}. */
  public static void patch(Path file, long offset, byte[] bytes) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] le64(long value) {
    return ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  public static byte[] be64(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  public static byte[] be32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  /**
   * Rewrites a qemu-written streamOptimized VMDK into VMware's layout: the header's gdOffset
   * becomes GD_AT_END, and a footer marker, a footer (the original header) and an end-of-stream
   * marker are appended, as ovftool writes them.
   */
  public static Path vmwareStyleStream(Path qemuStream, Path out) {
    try {
      byte[] original = Files.readAllBytes(qemuStream);
      int body = (original.length + 511) / 512 * 512;
      byte[] result = new byte[body + 3 * 512];
      System.arraycopy(original, 0, result, 0, original.length);
      System.arraycopy(le64(-1L), 0, result, 56, 8);
      ByteBuffer marker =
          ByteBuffer.wrap(result, body, 512).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      marker.putLong(1).putInt(0).putInt(3);
      System.arraycopy(original, 0, result, body + 512, 512);
      Files.write(out, result);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
