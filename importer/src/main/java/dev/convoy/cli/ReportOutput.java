package dev.convoy.cli;

import dev.convoy.importer.inventory.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Where a command's document goes: standard output, or a file given with {@code --out}. */
final class ReportOutput {
  private ReportOutput() {}

  /**
   * Prints {@code text}, or writes it atomically to {@code out} when given and says so on standard
   * error: {@code convoy: wrote <what> to <out>}. A file that cannot be written is invalid input.
   */
  static void write(CommandSpec spec, Path out, String text, String what) {
    if (out == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return;
    }
    try {
      AtomicFiles.write(out, text);
    } catch (IOException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("convoy: wrote " + what + " to " + out);
  }
}
