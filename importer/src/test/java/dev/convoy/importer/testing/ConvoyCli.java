package dev.convoy.importer.testing;

import dev.convoy.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code convoy} CLI in the test's process and keeps what it printed. */
public final class ConvoyCli {
  private ConvoyCli() {}

  /** What a run printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  /** Runs {@code convoy args...}. */
  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /**
   * Runs {@code convoy args...} writing its output to {@code out} as it goes (a test may follow a
   * run on another thread), then its errors; returns the exit code.
   */
  public static int run(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    int exitCode = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    out.append(err.toString());
    return exitCode;
  }
}
