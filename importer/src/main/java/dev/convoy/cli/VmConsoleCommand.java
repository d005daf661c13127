package dev.convoy.cli;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.cli.ConsoleSession;
import dev.convoy.handler.local.LocalPaths;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy vm console NAME}: the VM's serial console through its launcher's console socket
 * (local runtime). Ctrl+] detaches.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Attach to a VM's serial console (Ctrl+] detaches).",
      "Local runtime only: in a cluster the console needs the node agent's console proxy, which"
          + " Convoy does not have yet."
    })
public final class VmConsoleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NAME", description = "The VirtualMachine.")
  String name;

  @Option(
      names = "--since-boot",
      description = "First print everything the guest wrote since it booted.")
  boolean sinceBoot;

  @Option(
      names = "--expect",
      paramLabel = "TEXT",
      description =
          "Exit (0) as soon as TEXT appears; implies --since-boot and reads no keyboard input.")
  String expect;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Give up after SECONDS (exit code 4).")
  Long timeoutSeconds;

  /** Keystrokes; the terminal in a real run. */
  InputStream input = System.in;

  @Override
  public Integer call() throws IOException {
    if (!cluster.isLocal()) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "the serial console of a VM in a cluster needs the node agent's console proxy, which Convoy"
              + " does not have yet; 'convoy vm console' works on the local runtime");
    }
    Path socket;
    Path history;
    try (KubernetesClient client = cluster.client()) {
      String namespace = client.getNamespace();
      VirtualMachineInstance vmi = VmCommands.instance(client, namespace, name);
      Pod pod =
          VmCommands.launcherPod(client, vmi)
              .orElseThrow(
                  () ->
                      new UserException(
                          ExitCodes.UNAVAILABLE,
                          "VirtualMachine " + namespace + "/" + name + " has no launcher pod yet"));
      LocalPaths paths = cluster.localPaths();
      Path sockets = paths.emptyDir(pod.getMetadata().getUid(), "sockets");
      socket = sockets.resolve("console.sock");
      history = sockets.resolve("serial0.log");
      if (!Files.exists(socket)) {
        throw new UserException(
            ExitCodes.UNAVAILABLE,
            "the console of VirtualMachine "
                + namespace
                + "/"
                + name
                + " is not there yet ("
                + socket
                + ")");
      }
    } catch (KubernetesClientException e) {
      throw VmCommands.apiFailure(e);
    }
    PrintWriter err = spec.commandLine().getErr();
    boolean scripted = expect != null;
    if (!scripted) {
      err.println("Connected to " + name + " (serial console). Escape character is ^] (Ctrl+]).");
      err.flush();
    }
    boolean raw = !scripted && System.console() != null && input == System.in;
    if (raw) {
      stty("raw", "-echo");
    }
    OutputStream output = new WriterOutputStream(spec.commandLine().getOut());
    ConsoleSession.End end;
    try {
      end =
          ConsoleSession.attach(
              socket,
              sinceBoot || scripted ? history : null,
              scripted ? null : input,
              output,
              expect,
              timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
    } finally {
      if (raw) {
        stty("sane");
      }
    }
    output.flush();
    switch (end) {
      case EXPECTED, DETACHED:
        return ExitCodes.OK;
      case TIMED_OUT:
        throw new UserException(
            ExitCodes.UNAVAILABLE,
            scripted
                ? "\""
                    + expect
                    + "\" did not appear on the console of "
                    + name
                    + " within "
                    + timeoutSeconds
                    + " s"
                : "console session ended after " + timeoutSeconds + " s");
      default:
        if (scripted) {
          throw new UserException(
              ExitCodes.UNAVAILABLE,
              "the console of " + name + " closed before \"" + expect + "\" appeared");
        }
        err.println();
        err.println("The console closed (the VM stopped).");
        return ExitCodes.OK;
    }
  }

  /** The guest's bytes (UTF-8) onto the command's writer, a multi-byte character split or not. */
  static final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;
    private final java.nio.charset.CharsetDecoder decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
    private final java.nio.ByteBuffer pending = java.nio.ByteBuffer.allocate(8192);

    WriterOutputStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      int position = offset;
      while (position < offset + length) {
        int chunk = Math.min(pending.remaining(), offset + length - position);
        pending.put(bytes, position, chunk);
        position += chunk;
        pending.flip();
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(pending.remaining() + 1);
        decoder.decode(pending, chars, false);
        chars.flip();
        writer.write(chars.toString());
        pending.compact();
      }
    }

    @Override
    public void flush() {
      writer.flush();
    }
  }

  private static void stty(String... args) {
    try {
      String[] command = new String[args.length + 1];
      command[0] = "stty";
      System.arraycopy(args, 0, command, 1, args.length);
      new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
          .start()
          .waitFor();
    } catch (IOException e) {
      // no terminal: stay in line mode
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
