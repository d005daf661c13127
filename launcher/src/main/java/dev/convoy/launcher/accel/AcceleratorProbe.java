package dev.convoy.launcher.accel;

import dev.convoy.launcher.convert.Accelerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides between KVM and TCG by testing whether KVM really runs a guest, not by whether {@code
 * /dev/kvm} exists.
 *
 * <ol>
 *   <li>No usable {@code /dev/kvm}: TCG.
 *   <li>Which module backs {@code /dev/kvm}: {@code kvm_intel} or {@code kvm_amd} is hardware
 *       virtualization; {@code kvm_pvm} alone is PVM, a software nested KVM that runs only
 *       PVM-enabled guest kernels and hangs or fails on stock ones: TCG.
 *   <li>Boot probe: QEMU runs a 64 KiB firmware image under KVM whose reset vector writes to an
 *       {@code isa-debug-exit} port. Only if QEMU exits with the code that write produces, within
 *       the timeout, is KVM used.
 * </ol>
 *
 * PVM passes firmware-level probes (measured: it runs this ROM, and SeaBIOS booting a boot sector),
 * and fails only on a stock kernel; that is why the module check comes before the boot probe, which
 * catches a KVM that cannot run a guest at all (no nested support, a broken device).
 *
 * <p>Configuration can force either accelerator ({@link AcceleratorMode}).
 */
public final class AcceleratorProbe {
  /** QEMU's exit status for value 0x31 written to isa-debug-exit: (0x31 << 1) | 1. */
  static final int PROBE_EXIT_CODE = 99;

  private static final int ROM_SIZE = 64 * 1024;

  private final Path devKvm;
  private final Path sysModules;
  private final String qemuBinary;
  private final long timeoutMillis;

  /** The probe for this host: {@code /dev/kvm}, {@code /sys/module}, {@code qemu-system-x86_64}. */
  public AcceleratorProbe() {
    this(Path.of("/dev/kvm"), Path.of("/sys/module"), "qemu-system-x86_64", 10_000);
  }

  AcceleratorProbe(Path devKvm, Path sysModules, String qemuBinary, long timeoutMillis) {
    this.devKvm = devKvm;
    this.sysModules = sysModules;
    this.qemuBinary = qemuBinary;
    this.timeoutMillis = timeoutMillis;
  }

  /** The accelerator for {@code mode}: the forced one, or the probed one for {@code auto}. */
  public AcceleratorChoice choose(AcceleratorMode mode) {
    return switch (mode) {
      case KVM -> new AcceleratorChoice(Accelerator.KVM, "configured: kvm");
      case TCG -> new AcceleratorChoice(Accelerator.TCG, "configured: tcg");
      case AUTO -> probe();
    };
  }

  /** Probes the host (steps in the class comment). */
  public AcceleratorChoice probe() {
    if (!Files.exists(devKvm)) {
      return tcg(devKvm + " does not exist");
    }
    if (!Files.isReadable(devKvm) || !Files.isWritable(devKvm)) {
      return tcg(devKvm + " is not readable and writable");
    }
    String moduleProblem = backingModuleProblem();
    if (moduleProblem != null) {
      return tcg(moduleProblem);
    }
    String bootProblem = bootProbe("kvm");
    if (bootProblem != null) {
      return tcg("KVM boot probe failed: " + bootProblem);
    }
    return new AcceleratorChoice(Accelerator.KVM, "KVM boot probe passed");
  }

  /** Why the module behind /dev/kvm cannot run stock guests, or {@code null} if it can. */
  String backingModuleProblem() {
    boolean hardware =
        Files.isDirectory(sysModules.resolve("kvm_intel"))
            || Files.isDirectory(sysModules.resolve("kvm_amd"));
    boolean pvm = Files.isDirectory(sysModules.resolve("kvm_pvm"));
    if (pvm && !hardware) {
      return "kvm_pvm (PVM) backs /dev/kvm: it runs only PVM-enabled guest kernels";
    }
    return null;
  }

  /**
   * Runs the probe firmware under {@code accel} ({@code kvm} or {@code tcg}); {@code null} when
   * QEMU exited with {@link #PROBE_EXIT_CODE} in time, otherwise what went wrong.
   */
  String bootProbe(String accel) {
    Path rom = null;
    Process process = null;
    try {
      rom = Files.createTempFile("convoy-accel-probe-", ".rom");
      Files.write(rom, probeRom());
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              qemuBinary,
              "-accel",
              accel,
              "-machine",
              "q35",
              "-m",
              "16",
              "-nodefaults",
              "-no-user-config",
              "-display",
              "none",
              "-serial",
              "none",
              "-monitor",
              "none",
              "-bios",
              rom.toString(),
              "-device",
              "isa-debug-exit,iobase=0xf4,iosize=0x04"));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        return "QEMU did not finish within " + timeoutMillis + " ms (the guest hangs)";
      }
      String output = new String(process.getInputStream().readAllBytes()).trim();
      if (process.exitValue() != PROBE_EXIT_CODE) {
        return "QEMU exited with " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
      }
      return null;
    } catch (IOException e) {
      return "cannot run " + qemuBinary + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      if (rom != null) {
        try {
          Files.deleteIfExists(rom);
        } catch (IOException ignored) {
          // A leftover temp file of 64 KiB is harmless.
        }
      }
    }
  }

  /**
   * 64 KiB of {@code hlt}, with the x86 reset vector (16 bytes below the end) doing {@code mov al,
   * 0x31; out 0xf4, al; hlt; jmp $-1}.
   */
  static byte[] probeRom() {
    byte[] rom = new byte[ROM_SIZE];
    java.util.Arrays.fill(rom, (byte) 0xF4);
    byte[] resetVector = {
      (byte) 0xB0,
      0x31, // mov al, 0x31
      (byte) 0xE6,
      (byte) 0xF4, // out 0xf4, al
      (byte) 0xF4, // hlt
      (byte) 0xEB,
      (byte) 0xFD // jmp back to hlt
    };
    System.arraycopy(resetVector, 0, rom, ROM_SIZE - 16, resetVector.length);
    return rom;
  }

  private static AcceleratorChoice tcg(String reason) {
    return new AcceleratorChoice(Accelerator.TCG, reason);
  }
}
