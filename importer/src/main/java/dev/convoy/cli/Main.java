package dev.convoy.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of the {@code convoy} CLI. {@link #run} is what tests call: it takes the output
 * streams and returns the exit code, so a test sees exactly what a user sees.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int exitCode = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /** Runs one command line with the given streams and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = newCommandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  /** The configured command tree, shared by {@link #run} and the completion-script generator. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new ConvoyCommand());
    addHelpOptions(commandLine);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  /**
   * Every command, however deep, takes {@code -h/--help} (and {@code -V/--version}), whether or not
   * it asks for them.
   */
  private static void addHelpOptions(CommandLine commandLine) {
    commandLine.getCommandSpec().mixinStandardHelpOptions(true);
    commandLine.getSubcommands().values().forEach(Main::addHelpOptions);
  }

  /**
   * Maps exceptions to exit codes in one place: a {@link UserException} prints its message only;
   * anything else is a bug and prints the stack trace when {@code CONVOY_DEBUG} is set.
   */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      PrintWriter err = commandLine.getErr();
      if (exception instanceof UserException user) {
        err.println("convoy: error: " + user.getMessage());
        return user.exitCode();
      }
      err.println(
          "convoy: internal error: "
              + exception
              + System.lineSeparator()
              + "This is a bug in Convoy; please report it with the command you ran."
              + " Set CONVOY_DEBUG=1 to print the stack trace.");
      if (System.getenv("CONVOY_DEBUG") != null) {
        exception.printStackTrace(err);
      }
      return ExitCodes.INTERNAL_ERROR;
    }
  }
}
