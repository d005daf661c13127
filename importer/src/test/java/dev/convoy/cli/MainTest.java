package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.importer.testing.ConvoyCli.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  @DisplayName("convoy --help lists the commands and the exit codes")
  void helpListsCommandsAndExitCodes() {
    Result result = run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: convoy", "version", "demo", "Exit codes:");
  }

  @Test
  @DisplayName("convoy version prints the build's version, not a placeholder")
  void versionPrintsStampedVersion() {
    Result result = run("version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("convoy ").contains("kubevirt.io/v1");
    assertThat(result.out()).doesNotContain("${project.version}").doesNotContain("unknown");
  }

  @Test
  @DisplayName("an unknown option is a usage error with exit code 2 and no stack trace")
  void unknownOptionIsUsageError() {
    Result result = run("--no-such-option");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Unknown option").doesNotContain("at dev.convoy");
  }

  @Test
  @DisplayName("convoy without a command is a usage error")
  void missingCommandIsUsageError() {
    Result result = run();
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Missing command");
  }

  @Test
  @DisplayName("a user error prints one line and its exit code, no stack trace")
  void userErrorIsOneLine() {
    StringWriter err = new StringWriter();
    var commandLine = Main.newCommandLine();
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode =
        new Main.ErrorHandler()
            .handleExecutionException(
                UserException.invalidInput("plan.yaml:3:5: unknown key 'wavs'"), commandLine, null);
    assertThat(exitCode).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString())
        .isEqualTo("convoy: error: plan.yaml:3:5: unknown key 'wavs'" + System.lineSeparator());
  }

  static java.util.stream.Stream<String> everyCommand() {
    java.util.List<String> paths = new java.util.ArrayList<>();
    collect(Main.newCommandLine(), "", paths);
    return paths.stream();
  }

  private static void collect(
      picocli.CommandLine commandLine, String prefix, java.util.List<String> paths) {
    commandLine
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals(sub.getCommandName())) {
                return; // an alias: the command is listed under its own name
              }
              String path = (prefix + " " + name).trim();
              paths.add(path);
              collect(sub, path, paths);
            });
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "convoy {0} --help")
  @org.junit.jupiter.params.provider.MethodSource("everyCommand")
  @DisplayName("every command, at every depth, prints its help with --help and exits 0")
  void everyCommandHasHelp(String command) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
    args.add("--help");
    Result result = run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Usage: convoy " + command);
  }

  @Test
  @DisplayName("convoy generate-completion prints a bash completion script")
  void completionScript() {
    Result result = run("generate-completion");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("complete -F");
  }
}
