package dev.convoy.cli;

import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root of the {@code convoy} command line: each verb is one thin class registered here. */
@Command(
    name = "convoy",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Moves VMware virtual machines onto a KubeVirt-compatible runtime on Kubernetes.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  internal error (a bug: please report it)",
      "  2  usage error (unknown option, missing argument)",
      "  3  invalid input (a file, manifest, plan or image failed validation)",
      "  4  an external system is unreachable or refused the request",
      "  5  the command ran and its findings block the next step"
    },
    subcommands = {
      VersionCommand.class,
      DemoCommand.class,
      VmiCommand.class,
      InventoryCommand.class,
      AssessCommand.class,
      PlanCommand.class,
      GenerateCommand.class,
      dev.convoy.cli.disk.DiskCommand.class,
      RuntimeCommand.class,
      VmCommand.class,
      MigrateCommand.class,
      ControllerCommand.class,
      GenerateCompletion.class,
      HelpCommand.class,
    })
public final class ConvoyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: see 'convoy --help'.");
  }
}
